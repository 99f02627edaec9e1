/**
 * A library with its content in S3, against the project's single-node Ceph (scripts/ceph-s3.sh,
 * started here if it is not running, and stopped again if it was started here):
 * - import a large file into an s3 library until the bucket confirmed it, vs `rclone copy` of the
 *   same file to the same Ceph (rclone's defaults);
 * - an uncached remote render through the web host (Range → ranged GET to the bucket) vs the same
 *   ranged GETs straight to radosgw (curl signing with SigV4): the first frame on a new connection,
 *   and seeks (1 MiB random ranges) on one;
 * - peak RSS growth while a large blob uploads (a child process).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CreateBucketCommand, DeleteObjectsCommand, HeadBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { openStorage } from '../../electron/storage/index.js';
import type { Bench } from '../harness.js';
import { timed } from '../harness.js';
import { makeRandomFile } from '../fixtures.js';
import { findTool, missing, run, settle, stopChild } from '../proc.js';
import { makeRow, notMeasured, type Row } from '../report.js';
import { formatBytes, median, p95, rng } from '../stats.js';

const MIB = 1 << 20;
const BUCKET = 'reelvault-bench';
const CASE_IMPORT = 'import into an s3 library (to confirmed)';
const CASE_FIRST = 'uncached remote render: first frame';
const CASE_SEEK = 'uncached remote render: seek';
const CASE_MEM = 'memory while uploading to s3';

interface Ceph {
  endpoint: string;
  key: string;
  secret: string;
  startedHere: boolean;
}

function startCeph(b: Bench): Ceph {
  const script = path.join(b.repo, 'scripts', 'ceph-s3.sh');
  const dir = process.env.REELVAULT_CEPH_DIR || '/tmp/reelvault-ceph';
  const env = { ...process.env, REELVAULT_CEPH_DIR: dir };
  const running = spawnSync('bash', [script, 'status'], { env, stdio: 'ignore' }).status === 0;
  if (!running) {
    b.log('  starting the single-node Ceph (scripts/ceph-s3.sh start)');
    const r = spawnSync('bash', [script, 'start'], { env, encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0) throw new Error(`scripts/ceph-s3.sh start failed: ${(r.stderr ?? '').slice(-500)}`);
  }
  const vars = Object.fromEntries(
    readFileSync(path.join(dir, 'env'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  ) as Record<string, string>;
  return { endpoint: vars.REELVAULT_S3_ENDPOINT as string, key: vars.REELVAULT_S3_ACCESS_KEY as string, secret: vars.REELVAULT_S3_SECRET_KEY as string, startedHere: !running };
}

function stopCeph(b: Bench, ceph: Ceph): void {
  if (!ceph.startedHere) return;
  spawnSync('bash', [path.join(b.repo, 'scripts', 'ceph-s3.sh'), 'stop'], { stdio: 'ignore', timeout: 120_000, env: { ...process.env, REELVAULT_CEPH_DIR: process.env.REELVAULT_CEPH_DIR || '/tmp/reelvault-ceph' } });
}

function client(ceph: Ceph): S3Client {
  return new S3Client({ endpoint: ceph.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ceph.key, secretAccessKey: ceph.secret }, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
}

/** Everything under a prefix goes, so bench runs do not fill the cluster's disk. */
async function emptyPrefix(s3: S3Client, prefix: string): Promise<void> {
  for (;;) {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
    const keys = (r.Contents ?? []).map((o) => ({ Key: o.Key as string }));
    if (keys.length === 0) return;
    await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: keys, Quiet: true } }));
  }
}

export async function s3Cases(b: Bench): Promise<Row[]> {
  const size = b.sizes.bigFile;
  const fixture = `${formatBytes(size)} file`;
  if (!findTool('radosgw') || !findTool('ceph-mon') || !findTool('ceph-osd')) {
    const why = 'Ceph not installed (apt-get install radosgw ceph-mon ceph-osd uuid-runtime)';
    return [CASE_IMPORT, CASE_FIRST, CASE_SEEK, CASE_MEM].map((c) => notMeasured('skipped', { case: c, fixture, goalText: '—' }, why));
  }
  const ceph = startCeph(b);
  // The library reads credentials from the environment only.
  process.env.AWS_ACCESS_KEY_ID = ceph.key;
  process.env.AWS_SECRET_ACCESS_KEY = ceph.secret;
  const s3 = client(ceph);
  const rows: Row[] = [];
  const run0 = Date.now().toString(36);
  try {
    try {
      await s3.send(new HeadBucketCommand({ Bucket: BUCKET }));
    } catch {
      await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    }
    const file = path.join(b.work, 's3-big.bin');
    b.log(`making ${fixture}`);
    makeRandomFile(file, size);
    settle();

    // 1. Import until confirmed vs rclone copy.
    const libDir = path.join(b.work, 'lib-s3');
    const prefix = `bench-${run0}/lib`;
    const lib = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000, snapshotCheckMs: 3_600_000 });
    let sha = '';
    try {
      await lib.remote.connect({ url: `s3://${BUCKET}/${prefix}`, endpoint: ceph.endpoint, pathStyle: true });
      const t = await timed(async () => {
        const imp = await lib.assets.importPaths(b.actor, [file]);
        if (imp.imported !== 1) throw new Error(`import failed: ${JSON.stringify(imp.items[0])}`);
        sha = imp.items[0]?.asset?.sha256 as string;
        const r = await lib.remote.sync({ now: true });
        if (r.left !== 0) throw new Error(`upload failed: ${JSON.stringify(r.failed[0])}`);
      });
      b.log(`  ${CASE_IMPORT}: ${t.seconds.toFixed(2)} s (${formatBytes(size / t.seconds)}/s)`);
      let peer: number | null = null;
      let note: string | undefined;
      const rclone = findTool('rclone');
      if (rclone) {
        settle();
        const env = {
          ...process.env,
          RCLONE_CONFIG_CEPH_TYPE: 's3',
          RCLONE_CONFIG_CEPH_PROVIDER: 'Ceph',
          RCLONE_CONFIG_CEPH_ENDPOINT: ceph.endpoint,
          RCLONE_CONFIG_CEPH_ACCESS_KEY_ID: ceph.key,
          RCLONE_CONFIG_CEPH_SECRET_ACCESS_KEY: ceph.secret,
          RCLONE_CONFIG_CEPH_FORCE_PATH_STYLE: 'true',
          // rclone 1.60 refuses a custom CA bundle with its own transport; this is plain http on loopback.
          AWS_CA_BUNDLE: '',
        };
        const t0 = performance.now();
        // Bounded: a cluster that stops taking writes (a full OSD) must fail the row, not hang the run.
        run(rclone, ['copy', file, `ceph:${BUCKET}/bench-${run0}/rclone/`], { env, timeout: 10 * 60_000 });
        peer = (performance.now() - t0) / 1000;
        b.log(`  rclone copy: ${peer.toFixed(2)} s (${formatBytes(size / peer)}/s)`);
      } else note = 'rclone not installed (apt-get install rclone)';
      rows.push(makeRow({ case: CASE_IMPORT, fixture, metric: 'wall time', unit: 's', reelvault: t.seconds, reelvaultRuns: [t.seconds], peer: 'rclone copy', peerValue: peer, peerRuns: peer === null ? [] : [peer], goal: peer === null ? { kind: 'info' } : { kind: 'ratio-max', max: 1.0 }, goalText: '≤ 1.0×', ...(note ? { note } : {}) }));

      // 2. The render evicted, with a budget below its size (so nothing fills the cache): every
      // range is a GET to the bucket.
      lib.remote.setCacheBudget(MIB);
      await lib.remote.evict();
      if (existsSync(lib.ctx.blobs.pathOf(sha))) throw new Error('the render was not evicted');
    } finally {
      lib.close();
    }
    rows.push(...(await remoteRangeRows(b, ceph, libDir, prefix, sha, size)));
    rmSync(libDir, { recursive: true, force: true, maxRetries: 5 });
    await emptyPrefix(s3, `bench-${run0}/`);

    // 3. Memory while a large blob uploads.
    rows.push(await memoryRow(b, ceph, file, `bench-${run0}/mem`));
    rmSync(file, { force: true });
    await emptyPrefix(s3, `bench-${run0}/`);
  } finally {
    s3.destroy();
    stopCeph(b, ceph);
  }
  return rows;
}

async function remoteRangeRows(b: Bench, ceph: Ceph, libDir: string, prefix: string, sha: string, size: number): Promise<Row[]> {
  const fixture = `1 MiB ranges of a ${formatBytes(size)} render only in the bucket`;
  const noCurl = missing(b.peers, 'curl');
  if (noCurl) return [CASE_FIRST, CASE_SEEK].map((c) => notMeasured('skipped', { case: c, fixture, metric: 'p95', peer: 'ranged GET', goalText: '≤ 1.5×' }, noCurl));
  const empty = path.join(b.work, 'empty-ui');
  mkdirSync(empty, { recursive: true });
  writeFileSync(path.join(empty, 'index.html'), '<!doctype html>');
  const host = await startHost(b, libDir, empty);
  try {
    const web = { url: `http://127.0.0.1:${host.port}/media/${sha}`, extra: [`header = "Authorization: Bearer ${host.token}"`] };
    const direct = {
      url: `${ceph.endpoint}/${BUCKET}/${prefix}/blobs/sha256/${sha.slice(0, 2)}/${sha}`,
      extra: [`aws-sigv4 = "aws:amz:us-east-1:s3"`, `user = "${ceph.key}:${ceph.secret}"`, 'header = "x-amz-content-sha256: UNSIGNED-PAYLOAD"'],
    };
    // First frame: the first MiB, each on a new connection (a new curl), as a player opening the file.
    const tries = b.quick ? 3 : 15;
    const firstWeb: number[] = [];
    const firstDirect: number[] = [];
    for (let i = 0; i < tries; i++) {
      firstWeb.push(...curlTimes(b, web, [[0, MIB - 1]]));
      firstDirect.push(...curlTimes(b, direct, [[0, MIB - 1]]));
    }
    const r = rng(7);
    const ranges: [number, number][] = Array.from({ length: b.sizes.rangeRequests }, () => {
      const s = Math.floor(r() * (size - MIB));
      return [s, s + MIB - 1];
    });
    curlTimes(b, web, ranges.slice(0, 5));
    curlTimes(b, direct, ranges.slice(0, 5));
    const seekWeb = curlTimes(b, web, ranges);
    const seekDirect = curlTimes(b, direct, ranges);
    b.log(`  ${CASE_FIRST}: web host p95 ${(p95(firstWeb) * 1000).toFixed(1)} ms, direct ${(p95(firstDirect) * 1000).toFixed(1)} ms`);
    b.log(`  ${CASE_SEEK}: web host p95 ${(p95(seekWeb) * 1000).toFixed(1)} ms (median ${(median(seekWeb) * 1000).toFixed(1)}), direct ${(p95(seekDirect) * 1000).toFixed(1)} ms`);
    return [
      makeRow({ case: CASE_FIRST, fixture: `first 1 MiB, new connection each (${tries}×)`, metric: 'p95', unit: 's', reelvault: p95(firstWeb), reelvaultRuns: firstWeb, peer: 'ranged GET to radosgw', peerValue: p95(firstDirect), peerRuns: firstDirect, goal: { kind: 'ratio-max', max: 1.5 }, goalText: '≤ 1.5×' }),
      makeRow({ case: CASE_SEEK, fixture, metric: 'p95', unit: 's', reelvault: p95(seekWeb), reelvaultRuns: seekWeb, peer: 'ranged GET to radosgw', peerValue: p95(seekDirect), peerRuns: seekDirect, goal: { kind: 'ratio-max', max: 1.5 }, goalText: '≤ 1.5×' }),
    ];
  } finally {
    await stopChild(host.child);
    rmSync(path.join(b.work, 'curl-s3.cfg'), { force: true });
  }
}

function startHost(b: Bench, libDir: string, empty: string): Promise<{ child: ChildProcess; port: number; token: string }> {
  const child = spawn(process.execPath, [path.join(b.repo, 'dist', 'bench', 'range-server.js'), libDir, b.repo, empty], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (.*)\n/.exec(out);
      if (m) resolve({ child, ...(JSON.parse(m[1] as string) as { port: number; token: string }) });
    });
    child.on('exit', (code) => reject(new Error(`web host exited ${code}: ${err.slice(0, 300)}`)));
  });
}

/** One curl process, one connection, every range in turn: per-request total times in seconds. */
function curlTimes(b: Bench, target: { url: string; extra: string[] }, ranges: readonly [number, number][]): number[] {
  const cfg = path.join(b.work, 'curl-s3.cfg');
  const lines: string[] = [];
  ranges.forEach(([s, e], i) => {
    if (i > 0) lines.push('next');
    lines.push(`url = "${target.url}"`, `range = "${s}-${e}"`, 'output = "/dev/null"', 'write-out = "%{time_total} %{http_code} %{size_download}\\n"', ...target.extra);
  });
  writeFileSync(cfg, lines.join('\n') + '\n', { mode: 0o600 });
  const out = run(b.peers.curl.bin as string, ['-s', '-K', cfg]);
  const rows = out.trim().split('\n').map((l) => l.split(' '));
  for (const [i, r] of rows.entries()) {
    const [s, e] = ranges[i] as [number, number];
    if (r[1] !== '206' || Number(r[2]) !== e - s + 1) throw new Error(`unexpected answer from ${target.url.replace(/\/\/.*@/, '//')}: HTTP ${r[1]}, ${r[2]} bytes`);
  }
  return rows.map((r) => Number(r[0]));
}

async function memoryRow(b: Bench, ceph: Ceph, bigFile: string, prefix: string): Promise<Row> {
  const size = b.sizes.hugeFile;
  const fixture = `${formatBytes(size)} blob, multipart`;
  const file = size === b.sizes.bigFile ? bigFile : path.join(b.work, 's3-huge.bin');
  if (file !== bigFile) {
    b.log(`making ${formatBytes(size)} file`);
    makeRandomFile(file, size);
  }
  const libDir = path.join(b.work, 'lib-s3-mem');
  const lib = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000, snapshotCheckMs: 3_600_000 });
  try {
    await lib.remote.connect({ url: `s3://${BUCKET}/${prefix}`, endpoint: ceph.endpoint, pathStyle: true });
    const imp = await lib.assets.importPaths(b.actor, [file]);
    if (imp.imported !== 1) throw new Error('import failed');
  } finally {
    lib.close();
  }
  if (file !== bigFile) rmSync(file, { force: true });
  settle();
  const r = spawnSync(process.execPath, [path.join(b.repo, 'dist', 'bench', 's3-child.js'), libDir], { encoding: 'utf8', maxBuffer: 1 << 20, env: process.env });
  rmSync(libDir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`s3 memory child failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop() as string) as { baseline: number; hwm: number; sampledPeak: number; seconds: number };
  const g = Math.max(out.hwm, out.sampledPeak) - out.baseline;
  b.log(`  ${CASE_MEM}: RSS ${formatBytes(out.baseline)} → peak ${formatBytes(Math.max(out.hwm, out.sampledPeak))} (+${formatBytes(g)}), upload ${out.seconds.toFixed(1)} s (${formatBytes(size / out.seconds)}/s)`);
  return makeRow({ case: CASE_MEM, fixture, metric: 'peak RSS growth', unit: 'bytes', reelvault: g, reelvaultRuns: [g], goal: { kind: 'max', max: 64 * MIB }, goalText: '≤ 64 MiB' });
}
