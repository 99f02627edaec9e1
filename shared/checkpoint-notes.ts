import type { CheckpointSummary } from './models.js';

/**
 * What a checkpoint that left entries out says (tree-scan.ts: names that are not valid UTF-8), in
 * one sentence for a toast: never silent, and it says what to do.
 */
export function skippedNote(skipped: NonNullable<CheckpointSummary['skipped']>): string {
  const shown = skipped.slice(0, 3).map((s) => s.path).join(', ');
  const more = skipped.length > 3 ? ` and ${skipped.length - 3} more` : '';
  return `${skipped.length} file${skipped.length === 1 ? ' was' : 's were'} left out of this checkpoint: ${shown}${more}. ${skipped[0]?.reason ?? ''}`.trim();
}
