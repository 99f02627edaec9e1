/** Library metadata cases: bulk insert, full-text search at scale, first page with a tag filter. */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openStorage, type Storage, insertAssets, buildSearchQuery, ftsQuery, maintainSnapshots, type SearchAssetsInput } from '../../electron/storage/index.js';
import type { Bench } from '../harness.js';
import { timed } from '../harness.js';
import { assetsRange, bulkInsertSql, CATEGORIES, insertBlobRows, WORDS } from '../asset-fixture.js';
import { missing, run, settle, timeCmd } from '../proc.js';
import { makeRow, notMeasured, type Row } from '../report.js';
import { formatCount, median, p95 } from '../stats.js';

const BATCH = 100_000;

function open(dir: string): Storage {
  return openStorage({ provider: 'filesystem', dir, sweepIntervalMs: 3_600_000, snapshotCheckMs: 3_600_000 });
}

/** Fills a library with n fixture assets through the bulk path, in batches. */
function fill(b: Bench, lib: Storage, n: number, seed: number): void {
  for (let from = 0; from < n; from += BATCH) {
    const items = assetsRange(from, Math.min(n, from + BATCH), seed);
    insertBlobRows(lib.ctx.db, items);
    insertAssets(lib.ctx, b.actor, items);
  }
  lib.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
  lib.ctx.db.exec('ANALYZE');
  // A library at rest: the fill's journal (millions of rows at 1,000,000 assets) is snapshotted now,
  // untimed, not by a serve's background check in the middle of the cases (library.ts).
  maintainSnapshots(lib.ctx.db, lib.ctx.dirs.root, { force: true });
}

export async function bulkInsertCase(b: Bench): Promise<Row[]> {
  const c = 'bulk insert assets';
  const n = b.sizes.bulkAssets;
  const fixture = `${formatCount(n)} assets × 5 tags`;
  const sqlite = b.peers.sqlite3.bin;
  const noCli = missing(b.peers, 'sqlite3');
  const items = assetsRange(0, n, 11);
  const script = path.join(b.work, 'bulk.sql');
  if (sqlite) writeFileSync(script, bulkInsertSql(items, 1, b.actor.userId ?? 'bench'));
  const rv: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i <= b.sizes.runsHeavy; i++) {
    const dir = path.join(b.work, `lib-bulk-${i}`);
    rmSync(dir, { recursive: true, force: true });
    const lib = open(dir);
    let seconds: number;
    try {
      insertBlobRows(lib.ctx.db, items);
      lib.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
      const r = await timed(() => insertAssets(lib.ctx, b.actor, items));
      if (r.value.imported !== n) throw new Error(`bulk insert made ${r.value.imported} of ${n} assets`);
      seconds = r.seconds;
    } finally {
      lib.close();
    }
    let tc = Number.NaN;
    if (sqlite) {
      // The shell gets the same schema and blob rows: a copy of a library as it was before the insert.
      const peerDir = path.join(b.work, `lib-bulk-peer-${i}`);
      rmSync(peerDir, { recursive: true, force: true });
      const peer = open(peerDir);
      insertBlobRows(peer.ctx.db, items);
      peer.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
      peer.close();
      settle();
      tc = timeCmd(sqlite, ['-bail', path.join(peerDir, 'library.db'), `.read ${script}`]);
      const count = run(sqlite, [path.join(peerDir, 'library.db'), 'SELECT count(*) FROM assets']).trim();
      if (Number(count) !== n) throw new Error(`sqlite3 inserted ${count} of ${n}`);
      rmSync(peerDir, { recursive: true, force: true });
    }
    rmSync(dir, { recursive: true, force: true });
    if (i > 0) {
      rv.push(n / seconds);
      cli.push(n / tc);
    }
    b.log(`  ${c} run ${i}${i === 0 ? ' (warm-up)' : ''}: Reelvault ${formatCount(n / seconds)}/s, sqlite3 ${formatCount(n / tc)}/s`);
  }
  rmSync(script, { force: true });
  const rate = median(rv);
  const rows = [makeRow({ case: c, fixture, metric: 'assets/s (median)', unit: 'per-s', reelvault: rate, reelvaultRuns: rv, peer: noCli ? null : 'sqlite3 CLI, same rows', peerValue: noCli ? null : median(cli), peerRuns: cli, ratio: noCli ? null : median(cli) / rate, goal: { kind: 'min', min: 100_000 }, goalText: '≥ 100,000/s' })];
  if (noCli) rows[0] = { ...(rows[0] as Row), note: `peer not measured: ${noCli}` };
  return rows;
}

/** Substitutes a search's named parameters with SQL literals, for the sqlite3 shell. */
function literalSql(sql: string, params: Record<string, unknown>): string {
  return sql.replace(/@(\w+)/g, (_, k: string) => {
    const v = params[k];
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'number') return String(v);
    return `'${String(v).replace(/'/g, "''")}'`;
  });
}

/** Runs each search in the library (timed end to end: SQL, rows, tags, links) and collects the statements. */
function timeSearches(lib: Storage, b: Bench, inputs: readonly SearchAssetsInput[], repeats: number): { times: number[]; perQuery: number[][]; statements: string[][] } {
  const perQuery: number[][] = inputs.map(() => []);
  const statements: string[][] = [];
  for (const input of inputs) {
    const q = buildSearchQuery(lib.ctx, b.actor, input);
    const page = lib.assets.search(b.actor, input);
    if (!q) throw new Error('empty query');
    const seqs = (lib.ctx.db.prepare(q.sql).all(q.params) as { seq: number; sha256: string }[]).slice(0, q.limit);
    const marks = seqs.map((r) => r.seq).join(',') || 'NULL';
    const shas = seqs.map((r) => `'${r.sha256}'`).join(',') || 'NULL';
    statements.push([
      literalSql(q.sql, q.params),
      `SELECT asset_seq, tag FROM asset_tags WHERE asset_seq IN (${marks}) ORDER BY tag`,
      `SELECT asset_seq, project_id FROM asset_projects WHERE asset_seq IN (${marks}) ORDER BY project_id`,
      `SELECT * FROM media_info WHERE sha256 IN (${shas})`,
    ]);
    if (page.items.length !== seqs.length) throw new Error('search returned a different page than its SQL');
  }
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    inputs.forEach((input, k) => {
      const t0 = performance.now();
      lib.assets.search(b.actor, input);
      const s = (performance.now() - t0) / 1000;
      times.push(s);
      perQuery[k]?.push(s);
    });
  }
  return { times, perQuery, statements };
}

/**
 * The plainest SQL a person would write for the same page in the sqlite3 shell: the words as an FTS5
 * query (the last one a prefix), joined to the assets, newest first, a page of 100 — and the page's tags.
 */
function plainStatements(inputs: readonly SearchAssetsInput[]): string[][] {
  return inputs.map((input) => {
    const q = ftsQuery(input.query ?? '') ?? '""';
    const match = `'${q.replace(/'/g, "''")}'`;
    return [
      `SELECT a.* FROM assets_fts f JOIN assets a ON a.seq = f.rowid WHERE assets_fts MATCH ${match} AND a.deleted_at IS NULL ORDER BY a.created_at DESC LIMIT 100`,
      `SELECT asset_seq, tag FROM asset_tags WHERE asset_seq IN (SELECT a.seq FROM assets_fts f JOIN assets a ON a.seq = f.rowid WHERE assets_fts MATCH ${match} AND a.deleted_at IS NULL ORDER BY a.created_at DESC LIMIT 100) ORDER BY tag`,
    ];
  });
}

/** The same statements in the sqlite3 shell, with its own timer (real time, millisecond resolution). */
function cliTimes(sqlite: string, db: string, statements: string[][], repeats: number, work: string): number[] {
  const script = path.join(work, 'search.sql');
  const lines = ['.timer on', '.output /dev/null'];
  for (let r = 0; r < repeats; r++) for (const group of statements) for (const s of group) lines.push(`${s};`);
  writeFileSync(script, lines.join('\n') + '\n');
  const out = run(sqlite, ['-readonly', db, `.read ${script}`]);
  const each = [...out.matchAll(/Run Time: real ([\d.]+)/g)].map((m) => Number(m[1]));
  rmSync(script, { force: true });
  const per = (statements[0]?.length ?? 1);
  const sums: number[] = [];
  for (let i = 0; i + per <= each.length; i += per) sums.push(each.slice(i, i + per).reduce((x, y) => x + y, 0));
  return sums;
}

/** Cases that need the search libraries (1,000,000 and 1,000 assets) while they exist: cold start, the UI. */
export type WithLibraries = (big: { dir: string; assets: number }, small: { dir: string; assets: number }) => Promise<Row[]>;

export async function searchCases(b: Bench, alsoWith?: WithLibraries, searchToo = true, after?: WithLibraries): Promise<Row[]> {
  const rows: Row[] = [];
  const n = b.sizes.searchAssets;
  const small = b.sizes.smallLibraryAssets;
  const bigDir = path.join(b.work, 'lib-search');
  const smallDir = path.join(b.work, 'lib-search-small');
  rmSync(bigDir, { recursive: true, force: true });
  rmSync(smallDir, { recursive: true, force: true });
  b.log(`making a library of ${formatCount(n)} assets`);
  const big = open(bigDir);
  const smallLib = open(smallDir);
  try {
    const t = await timed(() => fill(b, big, n, 1));
    b.log(`  filled in ${t.seconds.toFixed(1)} s (${formatCount(n / t.seconds)} assets/s)`);
    fill(b, smallLib, small, 1);

    if (alsoWith) {
      // The bench keeps its own connections open: the server opens the same library beside them (WAL), as the app and a CLI command do.
      rows.push(...(await alsoWith({ dir: bigDir, assets: n }, { dir: smallDir, assets: small })));
    }
    if (searchToo) rows.push(...searchRows(b, big, smallLib));
    // Cases that change the libraries (the UI's bulk tag) come last.
    if (after) rows.push(...(await after({ dir: bigDir, assets: n }, { dir: smallDir, assets: small })));
  } finally {
    big.close();
    smallLib.close();
    if (existsSync(bigDir)) rmSync(bigDir, { recursive: true, force: true });
    rmSync(smallDir, { recursive: true, force: true });
  }
  return rows;
}

function searchRows(b: Bench, big: Storage, smallLib: Storage): Row[] {
  const rows: Row[] = [];
  const n = b.sizes.searchAssets;
  const small = b.sizes.smallLibraryAssets;
  const sqlite = b.peers.sqlite3.bin;
  const noCli = missing(b.peers, 'sqlite3');
  const bigDir = path.join(b.work, 'lib-search');
  {
    // 10. search: words of every frequency, each typed whole (the last word is always a prefix) and cut short.
    const c = 'search';
    const fixture = `${formatCount(n)} assets`;
    const terms = [WORDS[0], WORDS[3], WORDS[40], WORDS[400], WORDS[3500]] as string[];
    const inputs: SearchAssetsInput[] = [
      ...terms.map((w) => ({ query: w })),
      { query: (WORDS[1] as string).slice(0, 2) },
      { query: (WORDS[60] as string).slice(0, 3) },
      { query: (WORDS[900] as string).slice(0, 4) },
      { query: `${WORDS[0]} ${(WORDS[7] as string).slice(0, 3)}` },
      { query: 'footage' },
    ];
    const s = timeSearches(big, b, inputs, b.sizes.queryRepeats);
    const rvP95 = p95(s.times);
    let cliP95: number | null = null;
    let cli: number[] = [];
    let plainP95: number | null = null;
    let plain: number[] = [];
    if (sqlite) {
      big.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
      cli = cliTimes(sqlite, path.join(bigDir, 'library.db'), s.statements, b.sizes.queryRepeats, b.work);
      cliP95 = p95(cli);
      plain = cliTimes(sqlite, path.join(bigDir, 'library.db'), plainStatements(inputs), b.sizes.queryRepeats, b.work);
      plainP95 = p95(plain);
    }
    const slowest = s.perQuery.map((t, k) => [median(t), k] as const).sort((x, y) => y[0] - x[0])[0];
    b.log(`  ${c}: p95 ${(rvP95 * 1000).toFixed(2)} ms, median ${(median(s.times) * 1000).toFixed(2)} ms; slowest query "${inputs[slowest?.[1] ?? 0]?.query}" ${((slowest?.[0] ?? 0) * 1000).toFixed(2)} ms; sqlite3 p95 ${cliP95 === null ? '—' : (cliP95 * 1000).toFixed(1)} ms`);
    rows.push(makeRow({ case: c, fixture: `${fixture}, FTS term and prefix, LIMIT 100`, metric: 'p95', unit: 's', reelvault: rvP95, reelvaultRuns: s.times, peer: noCli ? null : 'sqlite3 CLI, same SQL', peerValue: cliP95, peerRuns: cli, goal: { kind: 'max', max: 0.005 }, goalText: 'p95 ≤ 5 ms', ...(noCli ? { note: `peer not measured: ${noCli}` } : {}) }));
    rows.push(noCli ? notMeasured('skipped', { case: c, fixture: `${fixture}, FTS term and prefix, LIMIT 100`, metric: 'p95', peer: 'sqlite3 CLI, plainest SQL', goalText: '≤ 1.0×' }, noCli)
      : makeRow({ case: c, fixture: `${fixture}, FTS term and prefix, LIMIT 100`, metric: 'p95', unit: 's', reelvault: rvP95, reelvaultRuns: s.times, peer: 'sqlite3 CLI, plainest SQL', peerValue: plainP95, peerRuns: plain, goal: { kind: 'ratio-max', max: 1.0 }, goalText: '≤ 1.0×', note: 'the shell runs MATCH on the typed words (last one a prefix) joined to assets, ORDER BY created_at DESC LIMIT 100, and the page\'s tags' }));

    // 11. first page with a tag filter, newest first: at 1M and at 1k.
    const c2 = 'first page, tag filter + sort';
    const pages: SearchAssetsInput[] = CATEGORIES.map((tag) => ({ tag, sort: 'date' }));
    const atBig = timeSearches(big, b, pages, b.sizes.queryRepeats * 2);
    const atSmall = timeSearches(smallLib, b, pages, b.sizes.queryRepeats * 2);
    b.log(`  ${c2}: at ${formatCount(n)} p95 ${(p95(atBig.times) * 1000).toFixed(2)} ms, median ${(median(atBig.times) * 1000).toFixed(2)} ms; at ${formatCount(small)} median ${(median(atSmall.times) * 1000).toFixed(2)} ms`);
    rows.push(makeRow({ case: c2, fixture: `${formatCount(n)} assets`, metric: 'p95', unit: 's', reelvault: p95(atBig.times), reelvaultRuns: atBig.times, goal: { kind: 'max', max: 0.005 }, goalText: 'p95 ≤ 5 ms' }));
    rows.push(makeRow({ case: c2, fixture: `${formatCount(n)} vs ${formatCount(small)} assets`, metric: 'median', unit: 's', reelvault: median(atBig.times), reelvaultRuns: atBig.times, peer: `same query at ${formatCount(small)}`, peerValue: median(atSmall.times), peerRuns: atSmall.times, goal: { kind: 'ratio-max', max: 1.2 }, goalText: '≤ 1.2×' }));
  }
  return rows;
}

