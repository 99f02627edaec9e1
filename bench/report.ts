/** Rows of the results table, how each is judged, and how the table is printed and saved. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatBytes, formatCount, formatSeconds } from './stats.js';

export type Unit = 's' | 'per-s' | 'bytes' | 'count';

/** How a row passes: a ratio to the peer, or an absolute bound on Reelvault's figure. */
export type Goal =
  | { kind: 'ratio-max'; max: number }
  | { kind: 'max'; max: number }
  | { kind: 'min'; min: number }
  | { kind: 'equal'; value: number }
  | { kind: 'info' };

export interface Row {
  case: string;
  fixture: string;
  /** What the figures are: "median", "p95", "assets/s", "peak RSS growth", … */
  metric: string;
  unit: Unit;
  reelvault: number | null;
  reelvaultRuns: number[];
  peer: string | null;
  peerValue: number | null;
  peerRuns: number[];
  ratio: number | null;
  goal: Goal;
  goalText: string;
  pass: boolean | null;
  status: 'measured' | 'skipped' | 'error';
  note?: string;
}

export function judge(goal: Goal, value: number | null, ratio: number | null): boolean | null {
  if (value === null || !Number.isFinite(value)) return null;
  switch (goal.kind) {
    case 'ratio-max':
      return ratio === null || !Number.isFinite(ratio) ? null : ratio <= goal.max;
    case 'max':
      return value <= goal.max;
    case 'min':
      return value >= goal.min;
    case 'equal':
      return value === goal.value;
    default:
      return null;
  }
}

export function makeRow(r: {
  case: string;
  fixture: string;
  metric: string;
  unit: Unit;
  reelvault: number | null;
  reelvaultRuns?: number[];
  peer?: string | null;
  peerValue?: number | null;
  peerRuns?: number[];
  goal: Goal;
  goalText: string;
  note?: string;
  /** For rate units a bigger figure is better, so the ratio is peer ÷ Reelvault time-wise. */
  ratio?: number | null;
}): Row {
  const peerValue = r.peerValue ?? null;
  const ratio = r.ratio !== undefined ? r.ratio : r.reelvault !== null && peerValue !== null && peerValue > 0 ? r.reelvault / peerValue : null;
  return {
    case: r.case,
    fixture: r.fixture,
    metric: r.metric,
    unit: r.unit,
    reelvault: r.reelvault,
    reelvaultRuns: r.reelvaultRuns ?? [],
    peer: r.peer ?? null,
    peerValue,
    peerRuns: r.peerRuns ?? [],
    ratio,
    goal: r.goal,
    goalText: r.goalText,
    pass: judge(r.goal, r.reelvault, ratio),
    status: 'measured',
    ...(r.note ? { note: r.note } : {}),
  };
}

/** A row that could not be measured: the peer is missing, or the case failed. */
export function notMeasured(status: 'skipped' | 'error', c: { case: string; fixture: string; metric?: string; peer?: string | null; goalText: string }, note: string): Row {
  return {
    case: c.case,
    fixture: c.fixture,
    metric: c.metric ?? 'median',
    unit: 's',
    reelvault: null,
    reelvaultRuns: [],
    peer: c.peer ?? null,
    peerValue: null,
    peerRuns: [],
    ratio: null,
    goal: { kind: 'info' },
    goalText: c.goalText,
    pass: null,
    status,
    note,
  };
}

export function formatValue(v: number | null, unit: Unit): string {
  if (v === null || !Number.isFinite(v)) return '—';
  switch (unit) {
    case 's':
      return formatSeconds(v);
    case 'per-s':
      return `${formatCount(v)}/s`;
    case 'bytes':
      return formatBytes(v);
    default:
      return formatCount(v);
  }
}

function resultText(r: Row): string {
  if (r.status === 'skipped') return 'skipped';
  if (r.status === 'error') return 'error';
  if (r.pass === null) return 'info';
  return r.pass ? 'pass' : 'MISS';
}

const HEAD = ['case', 'fixture', 'metric', 'Reelvault', 'peer', 'peer value', 'ratio', 'goal', 'result'];

function cells(r: Row): string[] {
  return [
    r.case,
    r.fixture,
    r.metric,
    formatValue(r.reelvault, r.unit),
    r.peer ?? '—',
    formatValue(r.peerValue, r.unit),
    r.ratio === null || !Number.isFinite(r.ratio) ? '—' : `${r.ratio.toFixed(2)}×`,
    r.goalText,
    resultText(r),
  ];
}

export function textTable(rows: readonly Row[]): string {
  const all = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...all.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((s, i) => s.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const out = [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of rows) out.push(line(cells(r)));
  const notes = rows.filter((r) => r.note).map((r) => `  • ${r.case} (${r.metric}${r.peer ? ` vs ${r.peer}` : ''}): ${r.note}`);
  if (notes.length) out.push('', 'Notes:', ...notes);
  return out.join('\n');
}

export function markdownTable(rows: readonly Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [`| ${HEAD.join(' | ')} |`, `|${HEAD.map(() => '---').join('|')}|`];
  for (const r of rows) out.push(`| ${cells(r).map(esc).join(' | ')} |`);
  const notes = rows.filter((r) => r.note).map((r) => `- **${esc(r.case)}** (${r.metric}${r.peer ? ` vs ${esc(r.peer)}` : ''}): ${r.note}`);
  if (notes.length) out.push('', ...notes);
  return out.join('\n');
}

export interface RunInfo {
  mode: 'full' | 'quick';
  startedAt: string;
  durationSeconds: number;
  machine: Record<string, string | number>;
  peers: Record<string, string | null>;
  sizes: Record<string, number | string>;
}

export function writeResults(dir: string, info: RunInfo, rows: readonly Row[]): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'latest.json');
  const md = path.join(dir, 'latest.md');
  writeFileSync(json, JSON.stringify({ ...info, rows }, null, 2) + '\n');
  writeFileSync(md, `${markdownHeader(info)}\n\n${markdownTable(rows)}\n`);
  return { json, md };
}

export function markdownHeader(info: RunInfo): string {
  const m = info.machine;
  return [
    `Run: ${info.mode}, ${info.startedAt}, ${formatSeconds(info.durationSeconds)} in all.`,
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.ram} RAM, ${m.disk}, Linux ${m.kernel}, Node ${m.node}, SQLite ${m.sqlite} (better-sqlite3); load average at start ${m.loadavg}.`,
    `Peers: ${Object.entries(info.peers).map(([k, v]) => peerText(k, v)).join('; ')}.`,
  ].join('\n');
}

/** "git 2.39.5", not "git git version 2.39.5 …": the tool's name once, the version, no build details. */
function peerText(name: string, version: string | null): string {
  if (version === null) return `${name} (missing)`;
  const head = version.split(' (')[0] ?? version;
  const v = (/\d/.test(head) ? head : version).replace(/\s+\d{4}-\d\d-\d\d.*$/, '').trim();
  return v.toLowerCase().includes(name) ? v : `${name} ${v}`;
}
