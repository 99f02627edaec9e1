/** Import cases: one large file, the same file again, many small files, and memory while importing. */
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openStorage } from '../../electron/storage/index.js';
import type { Bench } from '../harness.js';
import { resticEnv, timed } from '../harness.js';
import { makeRandomFile } from '../fixtures.js';
import { missing, run, settle, timeCmd } from '../proc.js';
import { makeRow, notMeasured, type Row } from '../report.js';
import { formatBytes, formatCount, median } from '../stats.js';

export interface BigLibrary {
  dir: string;
  file: string;
  sha256: string;
}

/** Imports a file into a fresh library; returns seconds and what it wrote. */
async function importOnce(b: Bench, libDir: string, file: string): Promise<{ seconds: number; written: number; sha256: string }> {
  rmSync(libDir, { recursive: true, force: true });
  const lib = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000, snapshotCheckMs: 3_600_000 });
  try {
    const before = lib.ctx.blobs.counters.bytesWritten;
    const { seconds, value } = await timed(() => lib.assets.importPaths(b.actor, [file]));
    if (value.imported !== 1) throw new Error(`import did not store the file: ${JSON.stringify(value.items[0])}`);
    return { seconds, written: lib.ctx.blobs.counters.bytesWritten - before, sha256: value.items[0]?.asset?.sha256 ?? '' };
  } finally {
    lib.close();
  }
}

export async function largeFileCases(b: Bench): Promise<{ rows: Row[]; big: BigLibrary | null }> {
  const rows: Row[] = [];
  const size = b.sizes.bigFile;
  const fixture = `${formatBytes(size)} random file`;
  const file = path.join(b.work, 'big.bin');
  b.log(`making ${fixture}`);
  makeRandomFile(file, size);
  settle();

  // 1. import one large file: Reelvault into a fresh library vs cp then openssl, and openssl alone.
  const c1 = 'import one large file';
  const rv: number[] = [];
  const cpSsl: number[] = [];
  const ssl: number[] = [];
  const noSsl = missing(b.peers, 'openssl');
  const copy = path.join(b.work, 'big-copy.bin');
  const libDir = path.join(b.work, 'lib-big');
  let sha256 = '';
  for (let i = 0; i <= b.sizes.runsHeavy + 2; i++) {
    const warm = i === 0;
    const r = await importOnce(b, libDir, file);
    sha256 = r.sha256;
    if (!warm) rv.push(r.seconds);
    settle();
    if (!noSsl) {
      const t = timeCmd('cp', [file, copy]) + timeCmd(b.peers.openssl.bin as string, ['dgst', '-sha256', copy]);
      rmSync(copy, { force: true });
      settle();
      const o = timeCmd(b.peers.openssl.bin as string, ['dgst', '-sha256', file]);
      if (!warm) {
        cpSsl.push(t);
        ssl.push(o);
      }
    }
    b.log(`  ${c1} run ${i}${warm ? ' (warm-up)' : ''}: Reelvault ${r.seconds.toFixed(2)} s`);
  }
  if (noSsl) {
    rows.push(notMeasured('skipped', { case: c1, fixture, peer: 'cp + openssl dgst', goalText: '≤ 0.8×' }, noSsl));
    rows.push(notMeasured('skipped', { case: c1, fixture, peer: 'openssl dgst', goalText: '≤ 1.2×' }, noSsl));
  } else {
    rows.push(makeRow({ case: c1, fixture, metric: 'median', unit: 's', reelvault: median(rv), reelvaultRuns: rv, peer: 'cp + openssl dgst', peerValue: median(cpSsl), peerRuns: cpSsl, goal: { kind: 'ratio-max', max: 0.8 }, goalText: '≤ 0.8×' }));
    rows.push(makeRow({ case: c1, fixture, metric: 'median', unit: 's', reelvault: median(rv), reelvaultRuns: rv, peer: 'openssl dgst', peerValue: median(ssl), peerRuns: ssl, goal: { kind: 'ratio-max', max: 1.2 }, goalText: '≤ 1.2×' }));
  }

  // 2. re-import identical file: the library from the last run already holds it.
  const c2 = 're-import identical file';
  const again: number[] = [];
  const again2: number[] = [];
  let written = 0;
  const lib = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000, snapshotCheckMs: 3_600_000 });
  try {
    for (let i = 0; i <= b.sizes.runsHeavy + 2; i++) {
      const before = lib.ctx.blobs.counters.bytesWritten;
      const { seconds, value } = await timed(() => lib.assets.importPaths(b.actor, [file]));
      if (value.duplicates !== 1) throw new Error(`re-import was not a duplicate: ${JSON.stringify(value.items[0]?.status)}`);
      written += lib.ctx.blobs.counters.bytesWritten - before;
      const o = noSsl ? Number.NaN : timeCmd(b.peers.openssl.bin as string, ['dgst', '-sha256', file]);
      if (i > 0) {
        again.push(seconds);
        again2.push(o);
      }
      b.log(`  ${c2} run ${i}${i === 0 ? ' (warm-up)' : ''}: Reelvault ${seconds.toFixed(2)} s`);
    }
  } finally {
    lib.close();
  }
  if (noSsl) rows.push(notMeasured('skipped', { case: c2, fixture, peer: 'openssl dgst', goalText: '≤ 1.05×' }, noSsl));
  else rows.push(makeRow({ case: c2, fixture, metric: 'median', unit: 's', reelvault: median(again), reelvaultRuns: again, peer: 'openssl dgst', peerValue: median(again2), peerRuns: again2, goal: { kind: 'ratio-max', max: 1.05 }, goalText: '≤ 1.05×' }));
  rows.push(makeRow({ case: c2, fixture, metric: 'bytes written (all runs)', unit: 'bytes', reelvault: written, goal: { kind: 'equal', value: 0 }, goalText: '= 0' }));
  return { rows, big: { dir: libDir, file, sha256 } };
}

export async function manySmallFilesCase(b: Bench, tree: string, files: number, fileSize: number): Promise<Row[]> {
  const rows: Row[] = [];
  const c = 'import many small files';
  const fixture = `${formatCount(files)} × ${formatBytes(fileSize)}`;
  const libDir = path.join(b.work, 'lib-small');
  const copy = path.join(b.work, 'small-copy');
  const repo = path.join(b.work, 'restic-small');
  const noCp = missing(b.peers, 'cp');
  const noRsync = missing(b.peers, 'rsync');
  const noRestic = missing(b.peers, 'restic');
  const env = resticEnv(b);
  const rv: number[] = [];
  const cp: number[] = [];
  const cpSy: number[] = [];
  const rsy: number[] = [];
  const rs: number[] = [];
  // restic init derives its keys with scrypt (seconds); each run starts from a copy of one empty repository.
  const template = path.join(b.work, 'restic-empty');
  if (!noRestic) run(b.peers.restic.bin as string, ['init', '-q', '-r', template], { env });
  for (let i = 0; i <= b.sizes.runsHeavy; i++) {
    rmSync(libDir, { recursive: true, force: true });
    settle();
    const lib = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000, snapshotCheckMs: 3_600_000 });
    let seconds: number;
    try {
      const r = await timed(() => lib.assets.importPaths(b.actor, [tree]));
      seconds = r.seconds;
      if (r.value.imported !== files) throw new Error(`imported ${r.value.imported} of ${files} (${r.value.failed} failed)`);
    } finally {
      lib.close();
    }
    settle();
    // cp -r alone: the no-durability floor (10,000 files left to writeback after it exits).
    let tc = Number.NaN;
    // cp -r && sync: the same copy made durable the only way cp can (sync flushes the whole system's
    // dirty pages, so it is billed whatever else is being written — the settle() before it keeps that small).
    let tcs = Number.NaN;
    if (!noCp) {
      rmSync(copy, { recursive: true, force: true });
      settle();
      tc = timeCmd('cp', ['-r', tree, copy]);
      settle();
      rmSync(copy, { recursive: true, force: true });
      settle();
      tcs = timeCmd('cp', ['-r', tree, copy]) + timeCmd('sync', []);
      rmSync(copy, { recursive: true, force: true });
      settle();
    }
    // rsync -a --fsync: a copier that fsyncs each file it writes, as Reelvault does.
    let tsy = Number.NaN;
    if (!noRsync) {
      rmSync(copy, { recursive: true, force: true });
      settle();
      tsy = timeCmd(b.peers.rsync.bin as string, ['-a', '--fsync', `${tree}/`, `${copy}/`]);
      rmSync(copy, { recursive: true, force: true });
      settle();
    }
    let tr = Number.NaN;
    if (!noRestic) {
      rmSync(repo, { recursive: true, force: true });
      cpSync(template, repo, { recursive: true });
      settle();
      tr = timeCmd(b.peers.restic.bin as string, ['-q', '-r', repo, 'backup', '--exclude', '.git', tree], { env });
      settle();
    }
    if (i > 0) {
      rv.push(seconds);
      cp.push(tc);
      cpSy.push(tcs);
      rsy.push(tsy);
      rs.push(tr);
    }
    b.log(`  ${c} run ${i}${i === 0 ? ' (warm-up)' : ''}: Reelvault ${seconds.toFixed(2)} s, cp -r ${tc.toFixed(2)} s, cp -r && sync ${tcs.toFixed(2)} s, rsync -a --fsync ${tsy.toFixed(2)} s, restic ${tr.toFixed(2)} s`);
  }
  rmSync(libDir, { recursive: true, force: true });
  rmSync(copy, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
  rmSync(template, { recursive: true, force: true });
  const base = { case: c, fixture, metric: 'median', unit: 's' as const, reelvault: median(rv), reelvaultRuns: rv };
  if (noCp) {
    rows.push(notMeasured('skipped', { case: c, fixture, peer: 'cp -r && sync', goalText: '≤ 1.0×' }, noCp));
    rows.push(notMeasured('skipped', { case: c, fixture, peer: 'cp -r (no fsync)', goalText: '—' }, noCp));
  } else {
    rows.push(makeRow({ ...base, peer: 'cp -r && sync', peerValue: median(cpSy), peerRuns: cpSy, goal: { kind: 'ratio-max', max: 1.0 }, goalText: '≤ 1.0×' }));
    rows.push(makeRow({ ...base, peer: 'cp -r (no fsync)', peerValue: median(cp), peerRuns: cp, goal: { kind: 'info' }, goalText: '— (the no-durability floor)' }));
  }
  if (noRsync) rows.push(notMeasured('skipped', { case: c, fixture, peer: 'rsync -a --fsync', goalText: '≤ 0.5×' }, noRsync));
  else rows.push(makeRow({ ...base, peer: 'rsync -a --fsync', peerValue: median(rsy), peerRuns: rsy, goal: { kind: 'ratio-max', max: 0.5 }, goalText: '≤ 0.5×' }));
  if (noRestic) rows.push(notMeasured('skipped', { case: c, fixture, peer: 'restic backup', goalText: '≤ 0.5×' }, noRestic));
  else rows.push(makeRow({ ...base, peer: 'restic backup', peerValue: median(rs), peerRuns: rs, goal: { kind: 'ratio-max', max: 0.5 }, goalText: '≤ 0.5×' }));
  return rows;
}

/** Imports a huge file in a child process and reports how far its resident memory rose above where it started. */
export async function memoryCase(b: Bench): Promise<Row[]> {
  const c = 'memory while importing';
  const size = b.sizes.hugeFile;
  const fixture = `${formatBytes(size)} file`;
  const file = path.join(b.work, 'huge.bin');
  b.log(`making ${fixture}`);
  makeRandomFile(file, size);
  settle();
  const child = path.join(b.repo, 'dist', 'bench', 'memory-child.js');
  const growth: number[] = [];
  const runs = b.quick ? 1 : 2;
  for (let i = 0; i < runs; i++) {
    const libDir = path.join(b.work, `lib-mem-${i}`);
    const r = spawnSync(process.execPath, [child, libDir, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    rmSync(libDir, { recursive: true, force: true });
    settle();
    if (r.status !== 0) throw new Error(`memory child failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() as string) as { baseline: number; hwm: number; sampledPeak: number; seconds: number };
    const g = Math.max(out.hwm, out.sampledPeak) - out.baseline;
    growth.push(g);
    b.log(`  ${c} run ${i + 1}: RSS ${formatBytes(out.baseline)} → peak ${formatBytes(Math.max(out.hwm, out.sampledPeak))} (+${formatBytes(g)}), import ${out.seconds.toFixed(1)} s`);
  }
  rmSync(file, { force: true });
  return [makeRow({ case: c, fixture, metric: 'peak RSS growth (worst run)', unit: 'bytes', reelvault: Math.max(...growth), reelvaultRuns: growth, goal: { kind: 'max', max: 64 * 1024 * 1024 }, goalText: '≤ 64 MiB' })];
}
