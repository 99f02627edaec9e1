import type { DiffHunk } from '../../../../shared/models';

/** Lines of a diff ready to draw: the inline view's rows and the side-by-side view's pairs. */
export type LineKind = 'ctx' | 'add' | 'del';
export interface InlineRow {
  kind: LineKind | 'hunk';
  oldNo?: number;
  newNo?: number;
  text: string;
}
export interface Cell {
  no: number;
  text: string;
  kind: LineKind;
}
export type SplitRow = { kind: 'hunk'; text: string } | { kind: 'pair'; left: Cell | null; right: Cell | null };

const hunkHeader = (h: DiffHunk) => `@@ −${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`;

export function inlineRows(hunks: DiffHunk[]): InlineRow[] {
  const rows: InlineRow[] = [];
  for (const h of hunks) {
    rows.push({ kind: 'hunk', text: hunkHeader(h) });
    let o = h.oldStart;
    let n = h.newStart;
    for (const line of h.lines) {
      const mark = line[0];
      const text = line.slice(1);
      if (mark === '\\') continue; // "\ No newline at end of file"
      if (mark === '-') rows.push({ kind: 'del', oldNo: o++, text });
      else if (mark === '+') rows.push({ kind: 'add', newNo: n++, text });
      else rows.push({ kind: 'ctx', oldNo: o++, newNo: n++, text });
    }
  }
  return rows;
}

/** Pairs each run of removed lines with the added lines that follow it, row by row. */
export function splitRows(hunks: DiffHunk[]): SplitRow[] {
  const rows: SplitRow[] = [];
  for (const h of hunks) {
    rows.push({ kind: 'hunk', text: hunkHeader(h) });
    let o = h.oldStart;
    let n = h.newStart;
    let dels: Cell[] = [];
    let adds: Cell[] = [];
    const flush = () => {
      for (let i = 0; i < Math.max(dels.length, adds.length); i++) rows.push({ kind: 'pair', left: dels[i] ?? null, right: adds[i] ?? null });
      dels = [];
      adds = [];
    };
    for (const line of h.lines) {
      const mark = line[0];
      const text = line.slice(1);
      if (mark === '\\') continue;
      if (mark === '-') dels.push({ no: o++, text, kind: 'del' });
      else if (mark === '+') adds.push({ no: n++, text, kind: 'add' });
      else {
        flush();
        rows.push({ kind: 'pair', left: { no: o++, text, kind: 'ctx' }, right: { no: n++, text, kind: 'ctx' } });
      }
    }
    flush();
  }
  return rows;
}

/** A whole file as one hunk of added (or removed) lines, for files only one side has. */
export function wholeFileHunk(text: string, kind: 'add' | 'del'): DiffHunk {
  const lines = text.replace(/\n$/, '').split('\n');
  const mark = kind === 'add' ? '+' : '-';
  return {
    oldStart: kind === 'add' ? 0 : 1,
    oldLines: kind === 'add' ? 0 : lines.length,
    newStart: kind === 'add' ? 1 : 0,
    newLines: kind === 'add' ? lines.length : 0,
    lines: lines.map((l) => mark + l),
  };
}
