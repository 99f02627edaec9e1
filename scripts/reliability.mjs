// `npm run reliability`: the long form of the reliability suites (every crash point, thousands of
// fuzz runs), then docs/reliability.md from the figures they record. `--quick` runs the short form
// that npm test runs, still writing the report (useful to check the pipeline). `--boundaries` runs
// only the issue-11 boundary tests (minutes, not the long form's ~24) and rewrites only the
// Boundaries section of the existing report, leaving the suites' figures of their last run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const boundariesOnly = process.argv.includes('--boundaries');
const figures = path.join(os.tmpdir(), `reelvault-reliability-${process.pid}.jsonl`);
rmSync(figures, { force: true });

const build = spawnSync('npm', ['run', 'build:cli'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const started = Date.now();
const run = boundariesOnly
  ? { status: 0 }
  : spawnSync('npx', ['vitest', 'run', 'test/reliability'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, RELIABILITY_FIGURES: figures, ...(quick ? {} : { RELIABILITY_LONG: '1' }) },
    });
// The boundary cases of issue 11: each defect has named tests ("defect N" in the test or its group);
// they run here too, with a JSON report, so the table below says what ran and what failed. Only the
// test files that name a defect are loaded (vitest would otherwise import every test file to filter).
const rebuildRuns = quick || boundariesOnly ? 12 : 200;
const defectFiles = spawnSync('grep', ['-rlE', '--include=*.test.ts', 'defect [0-9]', 'electron'], { cwd: root, encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).sort();
const boundaryReport = path.join(os.tmpdir(), `reelvault-boundaries-${process.pid}.json`);
const boundaries = spawnSync('npx', ['vitest', 'run', ...defectFiles, '-t', 'defect', '--reporter=json', `--outputFile=${boundaryReport}`], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, REELVAULT_REBUILD_RUNS: String(rebuildRuns) },
});
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
const boundaryTests = existsSync(boundaryReport)
  ? JSON.parse(readFileSync(boundaryReport, 'utf8')).testResults.flatMap((f) => f.assertionResults.map((a) => ({ ...a, file: path.relative(root, f.name) })))
  : [];
rmSync(boundaryReport, { force: true });
const DEFECTS = {
  1: 'adopting a folder that holds the library, or one inside it',
  2: 'a restore or a file operation (delete, move or write over) destroying ignored or never-checkpointed content; a file replaced by a folder or the reverse',
  3: 'in-place edit keeping size, mtime and inode',
  4: 'an empty or missing library.db beside content, then gc',
  5: '--library on an ordinary folder; gc and folders under workspaces/ no project knows',
  6: 'backup onto a library; a stale -wal on the backup',
  7: 'a second process beside an import',
  8: 'names that are not UTF-8',
  9: 'NFC/NFD names, normalization twins, case-only renames',
  10: 'mode-only changes in diffs',
  11: 'unbounded text diffs',
  12: 'symlink races (file↔link, folder↔link)',
  13: 'read-only and full disks (the CLI and `serve`)',
  14: 'FIFOs, /proc files, sparse files, killed backups, --json exit, terminal injection',
  15: 'an old ffmpeg decoding untrusted media',
};
const boundaryRows = Object.entries(DEFECTS).map(([n, what]) => {
  const mine = boundaryTests.filter((a) => new RegExp(`defect ${n}(\\D|$)`).test(a.fullName));
  const failed = mine.filter((a) => a.status === 'failed').length;
  const skipped = mine.filter((a) => a.status !== 'passed' && a.status !== 'failed').length;
  const files = [...new Set(mine.map((a) => a.file))].sort().join(', ');
  return `| ${n} | ${what} | ${mine.length - skipped}${skipped ? ` (+${skipped} skipped)` : ''} | ${failed} | ${files || '—'} |`;
});
const boundarySection = (when) => [
  '## Boundaries (issue 11: where the library meets the user\'s world)',
  '',
  'Each case a new user or an adversary met, with the named tests that reproduce it (they failed before',
  'the fix) and their result in this run. Property tests among them run many trials each (the catalog',
  `rebuild: ${rebuildRuns} random cut points × four ways of losing the catalog; the git oracle below).${when}`,
  '',
  '| # | case | tests | failures | where |',
  '|---|---|---|---|---|',
  ...boundaryRows,
  '',
];
if (boundariesOnly) {
  // Only this section is replaced: the suites' figures around it are those of their last run.
  const doc = path.join(root, 'docs', 'reliability.md');
  const text = readFileSync(doc, 'utf8');
  const from = text.indexOf('## Boundaries');
  const to = text.indexOf('### git as the oracle');
  if (from < 0 || to < from) throw new Error('docs/reliability.md has no Boundaries section to replace: run the whole report');
  const when = ` Table rerun on its own (\`--boundaries\`): ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${minutes} min, ${boundaries.status === 0 ? 'all passed' : `FAILED (exit ${boundaries.status})`}.`;
  writeFileSync(doc, text.slice(0, from) + boundarySection(when).join('\n') + '\n' + text.slice(to));
  console.log(`rewrote the Boundaries section of docs/reliability.md (${boundaryTests.length} tests)`);
  process.exit(boundaries.status ?? 1);
}
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
  `Latest run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${quick ? 'short' : 'long'} form, ${minutes} min, on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}. Result: ${run.status === 0 && boundaries.status === 0 ? 'all suites passed' : `FAILED (suites exit ${run.status}, boundaries exit ${boundaries.status})`}.`,
  '',
  '## Crash safety (test/reliability/crash.test.ts)',
  '',
  'Each operation runs in a child process that counts its durable steps (file writes, fsyncs, renames,',
  'unlinks, SQL statements) and SIGKILLs itself at step N, for every N (long form) or a stride of them',
  '(npm test); plus kills at random times. After each kill the library is reopened and must pass:',
  'the open-time quick check, what the killed process left in tmp/ removed, `verify --full` (only stray',
  'blob files allowed, which gc then removes), every item wholly old or new, nothing acknowledged lost, a',
  'clean verify after gc — and then the catalog is deleted and rebuilt from its journal (`repair --rebuild`),',
  'and the same checks must hold on the rebuilt one.',
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
  ...boundarySection(''),
  '### git as the oracle (test/reliability/git-differential.test.ts)',
  '',
  ...rows.filter((r) => r.suite === 'git-differential').map((r) => `${r.runs} random sessions, ${r.ops} operations: ${r.checkpoints} checkpoints compared with commits (same files), ${r.restores} restores compared with checkouts (trees equal byte for byte, names as bytes, exec bits), ${r.diffs} diffs compared with \`git diff --name-status\`. Failures: ${run.status === 0 ? 0 : 'see the run'}.`),
  '',
  'Intended differences from git:',
  '- Empty folders are kept in checkpoints and restored; git has no folders. Only files are compared.',
  '- A name that is not valid UTF-8 is left out of checkpoints (the checkpoint says so) and never touched by a',
  '  restore; git commits it. It is compared with what was last written to it instead.',
  '- Symlinks are neither followed nor recorded; a restore that would replace one refuses, naming it. git records links.',
  '- A restore first checkpoints unsaved state (and anything it would overwrite that is ignored); the oracle commits before it checks out.',
  '- Permission changes other than the exec bit show in diffs too (git tracks only the exec bit); the oracle changes only the exec bit.',
  '- Ignored paths: git keeps tracking an ignored file it already tracks; Reelvault leaves ignored paths out of new checkpoints. The oracle uses no ignore rules.',
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
process.exit(run.status === 0 ? (boundaries.status ?? 1) : (run.status ?? 1));
