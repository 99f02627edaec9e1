import { structuredPatch, type StructuredPatch, type StructuredPatchOptionsAbortable } from 'diff';
import type { DiffHunk } from '../../../shared/models.js';

/**
 * Myers' diff (jsdiff) costs about (lines × changed lines): a 500 kB file of `a` lines against one
 * of `b` lines is 250,000² steps — minutes of a blocked event loop, during which the web host and
 * the desktop's IPC answer nothing. So every text diff runs on a budget, counted in the algorithm's
 * own steps rather than in time, so that the same pair gives the same answer on every machine.
 *
 * What one diff can cost is bounded by construction:
 * - a pair that must change more than MAX_EDIT_LINES lines (counted in linear time, see
 *   changedAtLeast) is stopped before any search: the pathological pair costs one pass over its lines;
 * - line comparisons: jsdiff calls our comparator for every step along a diagonal; it throws once
 *   the file's share of the budget is spent, which ends the diff there;
 * - diagonals visited without a comparison (paths pruned at the edges of the edit graph): at most
 *   MAX_EDIT_LINES² by jsdiff's `maxEditLength`, after which it returns undefined;
 * - reading and splitting lines: linear in the file sizes, capped by TEXT_DIFF_CAP per file and by
 *   CALL_TEXT_BYTES per comparison.
 * Measured on the 2-core build machine (text-diff.test.ts pairs): ~180 ns per step, so a file's
 * share is about 0.3 s of one core — enough for 1,000 reordered lines, or 700 scattered line edits
 * in a 20,000-line file — and a comparison's about 1.5 s, spread over its files with the event loop
 * yielded between them (checkpoint-diff.ts). Splitting costs ~1.2 µs per line: 20–50 ms for 500 kB
 * of source code, 0.3 s for 500 kB of 2-byte lines (so CALL_TEXT_BYTES is at worst ~10 s in all,
 * in steps of at most one file; for code ~1 s).
 */
export const FILE_DIFF_STEPS = 1_500_000;
/** The whole comparison's steps: many medium files share it, so one call stays bounded too. */
export const CALL_DIFF_STEPS = 8_000_000;
/** Bytes read for line diffs by one comparison (both sides); files past it are not read. */
export const CALL_TEXT_BYTES = 16 * 1024 * 1024;
/** More added plus removed lines than this are not shown line by line (the UI draws 4,000 rows). */
export const MAX_EDIT_LINES = 2_000;

/** Why a diff was stopped: its own share of work, or what was left of the comparison's. */
export type BudgetReason = 'file' | 'comparison';

/** The work one comparison may still spend on line diffs; created per `checkpoints.diff` call. */
export class DiffBudget {
  steps: number;
  bytes: number;
  constructor(steps = CALL_DIFF_STEPS, bytes = CALL_TEXT_BYTES, readonly fileSteps = FILE_DIFF_STEPS) {
    this.steps = steps;
    this.bytes = bytes;
  }

  /** Claims the bytes of a pair before reading it; false when the comparison cannot afford them. */
  claimBytes(n: number): boolean {
    if (n > this.bytes) return false;
    this.bytes -= n;
    return true;
  }
}

export type TextDiffResult =
  | { kind: 'hunks'; hunks: DiffHunk[] }
  | { kind: 'stopped'; reason: BudgetReason; removedAtLeast: number; addedAtLeast: number };

/** Thrown from the comparator to end a diff whose steps are spent (jsdiff has no other exit). */
class StepsSpent extends Error {}

/** Three lines of context around each change, as `git diff` shows. */
const CONTEXT = 3;

export function textDiff(oldPath: string, newPath: string, ta: string, tb: string, budget: DiffBudget): TextDiffResult {
  // A pair that must change more lines than jsdiff may consider is known too costly in linear time,
  // before it spends anything (this is the pathological pair: 500,000 lines without a partner).
  const least = changedAtLeast(ta, tb);
  if (least.removedAtLeast + least.addedAtLeast > MAX_EDIT_LINES) return { kind: 'stopped', reason: 'file', ...least };
  const allowance = Math.min(budget.fileSteps, budget.steps);
  let steps = 0;
  const comparator = (l: string, r: string): boolean => {
    if (++steps > allowance) throw new StepsSpent();
    return l === r;
  };
  // `comparator` is jsdiff's base-class option (documented for diffArrays); structuredPatch hands
  // its options to diffLines, whose equals() defers to it. Its types leave it out, hence the
  // spread; the "reordered lines" test fails should a jsdiff release stop honouring it.
  const options: StructuredPatchOptionsAbortable = { context: CONTEXT, maxEditLength: MAX_EDIT_LINES, ...({ comparator } as object) };
  let patch: StructuredPatch | undefined;
  try {
    patch = structuredPatch(oldPath, newPath, ta, tb, '', '', options);
  } catch (err) {
    if (!(err instanceof StepsSpent)) throw err;
    patch = undefined;
  } finally {
    budget.steps -= Math.min(steps, allowance);
  }
  if (!patch) {
    // When the comparison's remainder was the smaller limit, a fresh comparison of this file alone may still succeed.
    const reason: BudgetReason = steps > allowance && allowance < budget.fileSteps ? 'comparison' : 'file';
    return { kind: 'stopped', reason, ...least };
  }
  return { kind: 'hunks', hunks: patch.hunks.map((h) => ({ oldStart: h.oldStart, oldLines: h.oldLines, newStart: h.newStart, newLines: h.newLines, lines: h.lines })) };
}

/**
 * A lower bound on the lines a full diff would remove and add, in linear time: lines of one side
 * with no partner on the other, counted as multisets. No alignment can keep a line the other side
 * lacks, so the true diff changes at least this many — exactly this many when the files share no
 * lines, as in the pathological pair.
 */
export function changedAtLeast(ta: string, tb: string): { removedAtLeast: number; addedAtLeast: number } {
  const counts = new Map<string, number>();
  for (const l of splitLines(ta)) counts.set(l, (counts.get(l) ?? 0) + 1);
  let addedAtLeast = 0;
  for (const l of splitLines(tb)) {
    const n = counts.get(l) ?? 0;
    if (n > 0) counts.set(l, n - 1);
    else addedAtLeast++;
  }
  let removedAtLeast = 0;
  for (const n of counts.values()) removedAtLeast += n;
  return { removedAtLeast, addedAtLeast };
}

/** Lines as jsdiff tokenizes them (the newline belongs to its line; no empty last line). */
function splitLines(t: string): string[] {
  return t === '' ? [] : t.split(/(?<=\n)/);
}
