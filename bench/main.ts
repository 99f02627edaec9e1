/**
 * `npm run bench [-- --quick] [-- --only=large,small,checkpoint,diff,bulk,search,coldstart,ui,range,memory,media,filmstrip,s3] [-- --keep]`
 *
 * Makes its fixtures under the OS temp folder, runs every case (a warm-up, then several runs), prints
 * the table — Reelvault's figure, the peer's, the ratio, the goal, pass or miss — and writes it to
 * bench/results/latest.{json,md}. A full run also refreshes the figures in docs/performance.md.
 * Missing peers are reported and their comparisons skipped; nothing is installed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL, QUICK, type Bench } from './harness.js';
import { detectPeers } from './proc.js';
import { machineInfo } from './machine.js';
import { markdownHeader, markdownTable, notMeasured, textTable, writeResults, type Row, type RunInfo } from './report.js';
import { makeTree, type TreeSpec } from './fixtures.js';
import { largeFileCases, manySmallFilesCase, memoryCase, type BigLibrary } from './cases/import-cases.js';
import { rangeCase } from './cases/range-case.js';
import { checkpointCases, diffCase } from './cases/checkpoint-cases.js';
import { bulkInsertCase, searchCases } from './cases/asset-cases.js';
import { coldStartCase } from './cases/cold-start-case.js';
import { uiCases } from './cases/ui-cases.js';
import { filmstripCase } from './cases/filmstrip-case.js';
import { MEDIA_FULL, MEDIA_QUICK, mediaJobsCase, thumbnailReadsCase } from './cases/media-cases.js';
import { formatBytes, formatCount } from './stats.js';
import { s3Cases } from './cases/s3-cases.js';

const GROUPS = ['large', 'range', 'small', 'checkpoint', 'diff', 'bulk', 'search', 'coldstart', 'ui', 'memory', 'media', 'filmstrip', 's3'] as const;
type Group = (typeof GROUPS)[number];

function parseArgs(argv: string[]): { quick: boolean; keep: boolean; only: Set<Group> } {
  let quick = false;
  let keep = false;
  let only = new Set<Group>(GROUPS);
  for (const a of argv) {
    if (a === '--quick') quick = true;
    else if (a === '--keep') keep = true;
    else if (a.startsWith('--only=')) {
      const names = a.slice('--only='.length).split(',').filter(Boolean);
      const bad = names.filter((n) => !GROUPS.includes(n as Group));
      if (bad.length) throw new Error(`unknown case group ${bad.join(', ')}; known: ${GROUPS.join(', ')}`);
      only = new Set(names as Group[]);
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`usage: npm run bench [-- --quick] [-- --only=${GROUPS.join(',')}] [-- --keep]\n`);
      process.exit(0);
    } else throw new Error(`unknown option ${a} (try --help)`);
  }
  return { quick, keep, only };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const sizes = args.quick ? QUICK : FULL;
  const mediaSizes = args.quick ? MEDIA_QUICK : MEDIA_FULL;
  const work = mkdtempSync(path.join(os.tmpdir(), 'reelvault-bench-'));
  const started = Date.now();
  const log = (msg: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);
  const b: Bench = { quick: args.quick, sizes, work, repo, peers: detectPeers(), actor: { userId: 'bench' }, log };
  const machine = machineInfo(work);
  const cleanup = () => {
    if (!args.keep) rmSync(work, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });

  log(`${args.quick ? 'quick' : 'full'} run in ${work}`);
  log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.ram}, ${machine.disk}, Linux ${machine.kernel}, load ${machine.loadavg}`);
  for (const p of Object.values(b.peers)) if (!p.bin) log(`peer missing: ${p.name} (apt-get install ${p.install}); its comparisons are skipped`);

  const rows: Row[] = [];
  const guard = async (group: string, fn: () => Promise<Row[]>) => {
    try {
      rows.push(...(await fn()));
    } catch (err) {
      log(`${group} failed: ${(err as Error).stack ?? String(err)}`);
      rows.push(notMeasured('error', { case: group, fixture: '—', goalText: '—' }, (err as Error).message.split('\n')[0] ?? 'failed'));
    }
  };

  const want = (g: Group) => args.only.has(g);
  try {
    let big: BigLibrary | null = null;
    if (want('large') || want('range')) {
      await guard('import one large file', async () => {
        const r = await largeFileCases(b);
        big = r.big;
        return r.rows;
      });
    }
    if (want('range')) await guard('HTTP Range reads', () => rangeCase(b, big));
    if (big) {
      rmSync((big as BigLibrary).dir, { recursive: true, force: true });
      rmSync((big as BigLibrary).file, { force: true });
    }

    const tree: TreeSpec = { files: sizes.treeFiles, fileSize: sizes.treeFileSize, perDir: 100, content: 'random' };
    const treeDir = path.join(work, 'tree');
    if (want('small') || want('checkpoint')) {
      log(`making a tree of ${formatCount(tree.files)} × ${formatBytes(tree.fileSize)}`);
      makeTree(treeDir, tree);
    }
    if (want('small')) await guard('import many small files', () => manySmallFilesCase(b, treeDir, tree.files, tree.fileSize));
    if (want('checkpoint')) await guard('checkpoint cases', () => checkpointCases(b, treeDir, tree));
    rmSync(treeDir, { recursive: true, force: true });

    if (want('diff')) {
      const spec: TreeSpec = { files: sizes.diffFiles, fileSize: 200, perDir: 100, content: 'text', distinct: 1000 };
      const dir = path.join(work, 'tree-diff');
      log(`making a tree of ${formatCount(spec.files)} small text files (${formatCount(spec.distinct ?? spec.files)} distinct contents)`);
      makeTree(dir, spec);
      await guard('diff two checkpoints', () => diffCase(b, dir, spec));
      rmSync(dir, { recursive: true, force: true });
    }
    if (want('bulk')) await guard('bulk insert assets', () => bulkInsertCase(b));
    // Cold start uses the search cases' libraries (1,000,000 and 1,000 assets) while they exist.
    // The UI cases come after the searches: their bulk tag changes the library.
    if (want('search') || want('coldstart') || want('ui')) {
      await guard(want('search') ? 'search' : want('coldstart') ? 'cold start' : 'UI at scale', () =>
        searchCases(b, want('coldstart') ? (big, small) => coldStartCase(b, big, small) : undefined, want('search'), want('ui') ? (big, small) => uiCases(b, big, small) : undefined),
      );
    }
    if (want('memory')) await guard('memory while importing', () => memoryCase(b));
    if (want('media')) {
      await guard(`media jobs, ${formatCount(mediaSizes.videos)} videos queued`, () => mediaJobsCase(b, mediaSizes));
      await guard('thumbnail reads: blob files vs SQLite BLOB', () => thumbnailReadsCase(b, mediaSizes));
    }
    if (want('filmstrip')) await guard('filmstrip', () => filmstripCase(b));
    if (want('s3')) await guard('a library in S3 (single-node Ceph)', () => s3Cases(b));
  } finally {
    cleanup();
  }

  const info: RunInfo = {
    mode: args.quick ? 'quick' : 'full',
    startedAt: new Date(started).toISOString(),
    durationSeconds: (Date.now() - started) / 1000,
    machine: { ...machine, loadavgAtEnd: os.loadavg().map((l) => l.toFixed(2)).join(' ') },
    peers: Object.fromEntries(Object.values(b.peers).map((p) => [p.name, p.version])),
    sizes: { ...sizes, mediaVideos: mediaSizes.videos, mediaThumbs: mediaSizes.thumbs, mediaThumbPasses: mediaSizes.thumbPasses },
  };
  process.stdout.write(`\n${textTable(rows)}\n\n`);
  const out = writeResults(path.join(repo, 'bench', 'results'), info, rows);
  log(`wrote ${path.relative(repo, out.json)} and ${path.relative(repo, out.md)}`);
  if (!args.quick && args.only.size === GROUPS.length) updateDocs(repo, info, rows, log);
  const errors = rows.filter((r) => r.status === 'error').length;
  if (errors) log(`${errors} case(s) failed to run`);
  return errors ? 1 : 0;
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/** Replaces the generated block of docs/performance.md with this run's table. */
function updateDocs(repo: string, info: RunInfo, rows: readonly Row[], log: (m: string) => void): void {
  const file = path.join(repo, 'docs', 'performance.md');
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(START);
  const z = text.indexOf(END);
  if (a < 0 || z < a) return log('docs/performance.md has no results block; left as is');
  const block = `${START}\n${markdownHeader(info)}\n\n${markdownTable(rows)}\n${END}`;
  writeFileSync(file, text.slice(0, a) + block + text.slice(z + END.length));
  log('updated the figures in docs/performance.md');
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(2);
  },
);
