// `npm run reliability`: the long form of the reliability suites (every crash point, thousands of
// fuzz runs), then docs/reliability.md from the figures they record. `--quick` runs the short form
// that npm test runs, still writing the report (useful to check the pipeline).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const figures = path.join(os.tmpdir(), `reelvault-reliability-${process.pid}.jsonl`);
rmSync(figures, { force: true });

const build = spawnSync('npm', ['run', 'build:cli'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const started = Date.now();
const run = spawnSync('npx', ['vitest', 'run', 'test/reliability'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, RELIABILITY_FIGURES: figures, ...(quick ? {} : { RELIABILITY_LONG: '1' }) },
});
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
const rows = existsSync(figures) ? readFileSync(figures, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];

const sum = (xs, f) => xs.reduce((n, x) => n + (f(x) ?? 0), 0);
const crash = rows.filter((r) => r.suite === 'crash');
const faults = rows.filter((r) => r.suite === 'faults');
const lines = [
  '# Reliability',
  '',
  'What the reliability suites prove and the figures of the latest run. `npm test` runs a short form of',
  'each suite; `npm run reliability` runs the long form below and rewrites this file.',
  '',
  `Latest run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${quick ? 'short' : 'long'} form, ${minutes} min, on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}. Result: ${run.status === 0 ? 'all suites passed' : `FAILED (exit ${run.status})`}.`,
  '',
  '## Crash safety (test/reliability/crash.test.ts)',
  '',
  'Each operation runs in a child process that counts its durable steps (file writes, fsyncs, renames,',
  'unlinks, SQL statements) and SIGKILLs itself at step N, for every N (long form) or a stride of them',
  '(npm test); plus kills at random times. After each kill the library is reopened and must pass:',
  'the open-time quick check, tmp/ emptied, `verify --full` (only stray blob files allowed, which gc',
  'then removes), every item wholly old or new, nothing acknowledged lost, and a clean verify after gc.',
  '',
  '| operation | durable steps | trials | killed at a step | killed at random | failures |',
  '|---|---|---|---|---|---|',
  ...crash.map((r) => `| ${r.op} | ${r.steps} | ${r.trials} | ${r.kills - r.randomKills} | ${r.randomKills} | ${r.failures.length} |`),
  `| **total** | | ${sum(crash, (r) => r.trials)} | ${sum(crash, (r) => r.kills - r.randomKills)} | ${sum(crash, (r) => r.randomKills)} | ${sum(crash, (r) => r.failures.length)} |`,
  '',
  '## Disk faults (test/reliability/faults.test.ts)',
  '',
  'ENOSPC, EIO and EROFS thrown at each durable step of each operation, in process. Each must surface',
  'as an IO error naming the cause (or be a harmless cleanup step), leave the library passing the crash',
  'checks, and the library must import and checkpoint again afterwards. A read-only folder is injected',
  'as EROFS because the suites run as root, which ignores permission bits.',
  '',
  '| operation | durable steps | fault kinds | faults injected | failures |',
  '|---|---|---|---|---|',
  ...faults.map((r) => `| ${r.op} | ${r.steps} | ${r.codes} | ${r.injected} | ${r.failures.length} |`),
  '',
  '## Fuzzing and models',
  '',
  '| suite | runs | notes |',
  '|---|---|---|',
  ...rows.filter((r) => r.suite === 'gc-interleavings').map((r) => `| gc vs concurrent writers (fast-check scheduler over every fs step) | ${r.runs} | ${r.conflicts} clean CONFLICT retries surfaced; no dangling reference |`),
  ...rows.filter((r) => r.suite === 'paths').map((r) => `| hostile workspace paths (fast-check) | ${r.runs} | ${r.refused} refused with a contract code; nothing outside touched |`),
  ...rows.filter((r) => r.suite === 'hostile-media').map((r) => `| hostile media through the media jobs | ${r.files} files | truncated, bit-flipped, pixel bomb: each recorded, none hung |`),
  ...rows.filter((r) => r.suite === 'channels').map((r) => `| contract channels fuzzed (fast-check) | ${r.runs} | ${r.channels} channels; every rejection a contract code, no write outside the library |`),
  ...rows.filter((r) => r.suite === 'media-route').map((r) => `| /media traversal and encoding attempts | ${r.runs} | ${r.bytesOutside} bytes served from outside the blob store |`),
  '',
  '## Defects these suites found (fixed in the code)',
  '',
  '- gc deleted blob files inside its transaction before commit: an error after the unlink rolled the rows back but not the files. gc now moves files aside inside the transaction and puts them back if it fails (faults suite).',
  '- A failed import item lost its error code (reported as INTERNAL); items now carry the contract code (faults suite).',
  '- A checkpoint scan failed outright when a file vanished while it walked (a restore or an editor racing it); vanished files are now simply not part of that checkpoint (gc interleaving model).',
  '- A checkpoint could reference content gc collected mid-scan and fail with a foreign-key error; writers now check the gc epoch inside their transaction and store the content again (gc model, with a deterministic regression test in electron/storage/gc-guard.test.ts).',
  '',
];
mkdirSync(path.join(root, 'docs'), { recursive: true });
writeFileSync(path.join(root, 'docs', 'reliability.md'), lines.join('\n'));
console.log(`wrote docs/reliability.md (${rows.length} figure rows)`);
rmSync(figures, { force: true });
process.exit(run.status ?? 1);
