import { describe, expect, it } from 'vitest';
import { CALL_DIFF_STEPS, DiffBudget, MAX_EDIT_LINES, changedAtLeast, textDiff } from './text-diff.js';

// Issue 11, defect 11: 500 kB of `a` lines against 500 kB of `b` lines ran for more than 200 s.
const A = 'a\n'.repeat(250_000);
const B = 'b\n'.repeat(250_000);

describe('text diff budget (issue 11, defect 11)', () => {
  it('stops the pathological pair at its budget and says how many lines differ', () => {
    const budget = new DiffBudget();
    const r = textDiff('f.txt', 'f.txt', A, B, budget);
    expect(r).toEqual({ kind: 'stopped', reason: 'file', removedAtLeast: 250_000, addedAtLeast: 250_000 });
    // Known from the line counts alone (more changed lines than jsdiff may consider): no search step spent.
    expect(budget.steps).toBe(CALL_DIFF_STEPS);
  });

  it('still diffs ordinary edits in full, with git-like hunks', () => {
    const old = Array.from({ length: 1000 }, (_, i) => `line ${i}\n`).join('');
    const neu = old.replace('line 500\n', 'line five hundred\n');
    const r = textDiff('f.txt', 'f.txt', old, neu, new DiffBudget());
    expect(r).toEqual({
      kind: 'hunks',
      hunks: [{ oldStart: 498, oldLines: 7, newStart: 498, newLines: 7, lines: [' line 497', ' line 498', ' line 499', '-line 500', '+line five hundred', ' line 501', ' line 502', ' line 503'] }],
    });
  });

  it('stops a pair whose lines all have partners but in another order, on its steps', () => {
    // Reversed lines: nothing to count as added or removed, yet ~(2n)² steps of Myers' search.
    const lines = Array.from({ length: 900 }, (_, i) => `line ${i}\n`);
    // 900 reversed lines take ~810,000 steps; a file's share of 500,000 stops them.
    const budget = new DiffBudget(CALL_DIFF_STEPS, Infinity, 500_000);
    const r = textDiff('f', 'f', lines.join(''), [...lines].reverse().join(''), budget);
    expect(r).toEqual({ kind: 'stopped', reason: 'file', removedAtLeast: 0, addedAtLeast: 0 });
    expect(CALL_DIFF_STEPS - budget.steps).toBe(500_000);
    // With the default share they fit (a file this long may reorder this much and still show).
    expect(textDiff('f', 'f', lines.join(''), [...lines].reverse().join(''), new DiffBudget()).kind).toBe('hunks');
  });

  it('stops at the edit length even when every step is cheap', () => {
    // Small lines, no common ones: more changed lines than the UI would draw.
    const n = MAX_EDIT_LINES;
    const old = Array.from({ length: n }, (_, i) => `x${i}\n`).join('');
    const neu = Array.from({ length: n }, (_, i) => `y${i}\n`).join('');
    const r = textDiff('f', 'f', old, neu, new DiffBudget(Infinity, Infinity, Infinity));
    expect(r).toMatchObject({ kind: 'stopped', reason: 'file', removedAtLeast: n, addedAtLeast: n });
  });

  it('shares one budget across the files of a comparison and names it when it runs out', () => {
    const old = Array.from({ length: 400 }, (_, i) => `o${i}\n`).join('');
    const neu = Array.from({ length: 400 }, (_, i) => `n${i}\n`).join('');
    // Each pair fits a file's share, but not three times over.
    const alone = new DiffBudget();
    expect(textDiff('f', 'f', old, neu, alone).kind).toBe('hunks');
    const perFile = CALL_DIFF_STEPS - alone.steps;
    const shared = new DiffBudget(perFile * 2.5);
    const kinds = [1, 2, 3].map(() => textDiff('f', 'f', old, neu, shared));
    expect(kinds.map((k) => k.kind)).toEqual(['hunks', 'hunks', 'stopped']);
    expect(kinds[2]).toMatchObject({ reason: 'comparison', removedAtLeast: 400, addedAtLeast: 400 });
    expect(shared.steps).toBe(0);
  });

  it('counts a lower bound of changed lines as multisets', () => {
    expect(changedAtLeast('a\nb\nb\nc', 'b\na\nc\nd\n')).toEqual({ removedAtLeast: 2, addedAtLeast: 2 }); // b, c (no newline) vs c\n, d\n
    expect(changedAtLeast('', 'x\n')).toEqual({ removedAtLeast: 0, addedAtLeast: 1 });
    expect(changedAtLeast('same\r\n', 'same\r\n')).toEqual({ removedAtLeast: 0, addedAtLeast: 0 });
  });

  it('claims bytes only while the comparison can afford them', () => {
    const b = new DiffBudget(1, 10);
    expect(b.claimBytes(6)).toBe(true);
    expect(b.claimBytes(6)).toBe(false);
    expect(b.claimBytes(4)).toBe(true);
    expect(b.bytes).toBe(0);
  });
});
