/** Printing for people (aligned columns) and for scripts (--json: one JSON document on stdout). */
import { formatBytes } from '../../shared/format-bytes.js';

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/**
 * Text from the library (project, asset and file names) made safe for a terminal: control characters
 * — ESC above all, which can recolour, move the cursor or retitle the window — and line breaks are
 * shown as escapes instead of acting. JSON output needs none of this; it is escaped by JSON itself.
 */
export function safeText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    return c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

export function printTable(rows: readonly (readonly (string | number | null | undefined)[])[], head?: readonly string[]): void {
  const all = head ? [head, ...rows] : rows;
  if (all.length === 0) return;
  const cells = all.map((r) => r.map((c) => (c === null || c === undefined ? '' : safeText(String(c)))));
  const widths: number[] = [];
  for (const r of cells) r.forEach((c, i) => { widths[i] = Math.max(widths[i] ?? 0, [...c].length); });
  for (const r of cells) {
    process.stdout.write(r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - [...c].length))).join('  ').trimEnd() + '\n');
  }
}

/** One line for people; control characters in it, line breaks included, are shown, not obeyed (see safeText). */
export function line(text: string): void {
  process.stdout.write(safeText(text) + '\n');
}

/** A size as the UI shows it (shared/format-bytes: decimal kB, MB, GB); empty when there is none. */
export function bytes(n: number | null | undefined): string {
  return n === null || n === undefined ? '' : formatBytes(n);
}

/** "2026-11-27 11:20" in UTC: short, sortable, unambiguous. */
export function when(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '';
}
