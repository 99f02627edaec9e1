import type { DiffBudgetNote } from './models.js';

const n = (x: number) => x.toLocaleString('en-US');

/**
 * What a line diff stopped at its budget says, in one sentence the CLI prints and the diff view
 * shows, so both hosts word it the same way. The counts are lower bounds (text-diff.ts).
 */
export function stoppedDiffMessage(note: DiffBudgetNote | undefined): string {
  if (!note || note.reason === 'comparison') {
    return 'Not compared line by line: this comparison spent its work budget on other files first.';
  }
  const removed = note.removedAtLeast ?? 0;
  const added = note.addedAtLeast ?? 0;
  if (removed + added === 0) return 'This diff is too large to show line by line — its lines moved too much to align.';
  return `This diff is too large to show line by line — at least ${n(removed)} ${removed === 1 ? 'line' : 'lines'} removed and ${n(added)} added.`;
}
