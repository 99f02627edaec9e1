/**
 * The S3 server the remote tests run against: a real one, never a double. By default the project's
 * single-node Ceph (scripts/ceph-s3.sh), started here when it is not running — state in
 * $REELVAULT_CEPH_DIR (default /tmp/reelvault-ceph). A user's own S3-compatible endpoint can be named
 * instead: REELVAULT_S3_ENDPOINT, REELVAULT_S3_ACCESS_KEY / REELVAULT_S3_SECRET_KEY (or AWS_*),
 * REELVAULT_S3_BUCKET (an existing bucket the tests may write under; default reelvault-tests),
 * REELVAULT_S3_REGION, REELVAULT_S3_PATH_STYLE=0 for virtual-host addressing. If the server cannot
 * start, the tests fail: they never skip.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AbortMultipartUploadCommand, CreateBucketCommand, DeleteObjectsCommand, HeadBucketCommand, ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../s3-client.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const CEPH_SCRIPT = path.join(ROOT, 'scripts', 'ceph-s3.sh');
export const CEPH_DIR = process.env.REELVAULT_CEPH_DIR || '/tmp/reelvault-ceph';

export interface S3Target {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
  pathStyle: boolean;
  bucket: string;
  /** True for the project's own Ceph (whose radosgw the fault tests may stop and kill). */
  local: boolean;
}

let cached: Promise<S3Target> | null = null;

/** The server, started if needed, with the test bucket made; credentials set in process.env. */
export function s3Target(): Promise<S3Target> {
  cached ??= resolveTarget();
  return cached;
}

async function resolveTarget(): Promise<S3Target> {
  const env = process.env;
  let t: S3Target;
  if (env.REELVAULT_S3_ENDPOINT) {
    const accessKey = env.REELVAULT_S3_ACCESS_KEY ?? env.AWS_ACCESS_KEY_ID;
    const secretKey = env.REELVAULT_S3_SECRET_KEY ?? env.AWS_SECRET_ACCESS_KEY;
    if (!accessKey || !secretKey) throw new Error('REELVAULT_S3_ENDPOINT is set: also set REELVAULT_S3_ACCESS_KEY and REELVAULT_S3_SECRET_KEY (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)');
    t = {
      endpoint: env.REELVAULT_S3_ENDPOINT,
      accessKey,
      secretKey,
      region: env.REELVAULT_S3_REGION ?? 'us-east-1',
      pathStyle: env.REELVAULT_S3_PATH_STYLE !== '0',
      bucket: env.REELVAULT_S3_BUCKET ?? 'reelvault-tests',
      local: false,
    };
  } else {
    const wasRunning = runScript(['status']).status === 0;
    const r = runScript(['start'], 600_000);
    if (r.status !== 0) throw new Error(`the single-node Ceph for the S3 tests did not start (scripts/ceph-s3.sh start exited ${r.status}):\n${r.stderr.slice(-3000)}`);
    // Started by this test run: the run's global teardown stops it again (ceph-global-setup.ts).
    if (!wasRunning && env.REELVAULT_CEPH_OWNER) writeFileSync(path.join(CEPH_DIR, 'started-by'), env.REELVAULT_CEPH_OWNER);
    const vars = Object.fromEntries(
      readFileSync(path.join(CEPH_DIR, 'env'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    ) as Record<string, string>;
    t = {
      endpoint: vars.REELVAULT_S3_ENDPOINT as string,
      accessKey: vars.REELVAULT_S3_ACCESS_KEY as string,
      secretKey: vars.REELVAULT_S3_SECRET_KEY as string,
      region: 'us-east-1',
      pathStyle: true,
      bucket: 'reelvault-tests',
      local: true,
    };
  }
  // The library reads credentials from the environment only, as a user's would.
  env.AWS_ACCESS_KEY_ID = t.accessKey;
  env.AWS_SECRET_ACCESS_KEY = t.secretKey;
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // gc's lease: write, wait, read back. The wait is for stores slower than one local radosgw; the
  // suites run many gcs, so they wait less (the lease tests still race two gcs against each other).
  env.REELVAULT_GC_LEASE_SETTLE_MS ??= '300';
  const c = adminClient(t);
  try {
    await c.send(new HeadBucketCommand({ Bucket: t.bucket }));
  } catch {
    await c.send(new CreateBucketCommand({ Bucket: t.bucket })).catch((err: { name?: string }) => {
      if (err.name !== 'BucketAlreadyOwnedByYou' && err.name !== 'BucketAlreadyExists') throw err;
    });
  }
  c.destroy();
  return t;
}

function runScript(args: string[], timeout = 120_000): { status: number | null; stderr: string } {
  if (!existsSync(CEPH_SCRIPT)) throw new Error(`${CEPH_SCRIPT} is missing`);
  const r = spawnSync('bash', [CEPH_SCRIPT, ...args], { encoding: 'utf8', timeout, env: { ...process.env, REELVAULT_CEPH_DIR: CEPH_DIR } });
  return { status: r.status, stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** A plain client with the test credentials, for looking at (and tampering with) the bucket directly. */
export function adminClient(t: S3Target, endpoint = t.endpoint): S3Client {
  return new S3Client({
    endpoint,
    region: t.region,
    forcePathStyle: t.pathStyle,
    credentials: { accessKeyId: t.accessKey, secretAccessKey: t.secretKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * Prefixes handed out in this process (on globalThis, so the vitest setup file that empties them,
 * bucket-cleanup.setup.ts, can tell without loading the SDK whether a test file used the bucket).
 */
function handedOut(): Set<string> {
  const g = globalThis as { __reelvaultTestPrefixes?: Set<string> };
  g.__reelvaultTestPrefixes ??= new Set();
  return g.__reelvaultTestPrefixes;
}

/** A prefix no other test uses: each test owns its corner of the bucket (emptied again: removeTestPrefixes). */
export function uniquePrefix(label: string): string {
  const p = `tests/${label}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  handedOut().add(p);
  return p;
}

/**
 * Empties every prefix this process handed out — objects and unfinished multipart uploads — through
 * the product's own client (Content-MD5 on DeleteObjects, which some stores require), then checks
 * that nothing is left under any of them and throws if something is: tests must not leave data in
 * a bucket, least of all in a user's own (REELVAULT_S3_ENDPOINT). Returns what it removed.
 */
export async function removeTestPrefixes(): Promise<{ prefixes: number; objects: number; uploads: number }> {
  const prefixes = [...handedOut()];
  if (prefixes.length === 0) return { prefixes: 0, objects: 0, uploads: 0 };
  const t = await s3Target();
  const client = createS3Client(
    { bucket: t.bucket, prefix: '', endpoint: t.endpoint, region: t.region, pathStyle: t.pathStyle, cacheMaxBytes: null },
    { connectMs: 5000, idleMs: 60_000 },
    { accessKeyId: t.accessKey, secretAccessKey: t.secretKey },
  );
  let objects = 0;
  let uploads = 0;
  try {
    for (const prefix of prefixes) {
      const under = `${prefix}/`;
      for (;;) {
        const up = await client.send(new ListMultipartUploadsCommand({ Bucket: t.bucket, Prefix: under }));
        for (const u of up.Uploads ?? []) {
          if (!u.Key || !u.UploadId) continue;
          await client.send(new AbortMultipartUploadCommand({ Bucket: t.bucket, Key: u.Key, UploadId: u.UploadId })).catch(() => undefined);
          uploads++;
        }
        if (!up.IsTruncated) break;
      }
      for (;;) {
        const page = await client.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: under, MaxKeys: 1000 }));
        const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
        if (keys.length === 0) break;
        const r = await client.send(new DeleteObjectsCommand({ Bucket: t.bucket, Delete: { Objects: keys, Quiet: true } }));
        if (r.Errors?.length) throw new Error(`could not empty ${under} of the test bucket: ${r.Errors.map((e) => `${e.Key}: ${e.Code}`).join(', ')}`);
        objects += keys.length;
      }
      const left = await client.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: under, MaxKeys: 1 }));
      if ((left.KeyCount ?? 0) > 0) throw new Error(`the test left objects under ${under} of ${t.bucket}`);
      handedOut().delete(prefix);
    }
  } finally {
    client.destroy();
  }
  return { prefixes: prefixes.length, objects, uploads };
}

export function s3UrlFor(t: S3Target, prefix: string): string {
  return `s3://${t.bucket}/${prefix}`;
}

/**
 * A radosgw of its own on the same Ceph cluster, for tests that stop or kill the server: the shared
 * one keeps serving every other test file. Only with the project's Ceph (a user's endpoint cannot be
 * stopped from here).
 */
export interface FaultServer {
  /** The radosgw's name for scripts/ceph-s3.sh (rgw-kill NAME from another process). */
  name: string;
  endpoint: string;
  start(): void;
  /** SIGTERM, waits for it to exit: "the server stopped". */
  stop(): void;
  /** SIGKILL: "the server died mid-request". */
  kill(): void;
}

export function faultServer(t: S3Target, base: string, basePort: number): FaultServer {
  if (!t.local) throw new Error('this test stops and kills radosgw, which needs the project\'s own Ceph (unset REELVAULT_S3_ENDPOINT)');
  // Named and numbered per process: two test runs on one machine (two checkouts) share the cluster,
  // and one stopping the other's radosgw made its fault tests fail for no fault of the code.
  const name = `${base}-${process.pid}`;
  const port = basePort + 10 * (process.pid % 2000);
  const run = (args: string[]) => {
    const r = runScript(args);
    if (r.status !== 0) throw new Error(`scripts/ceph-s3.sh ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  };
  return {
    name,
    endpoint: `http://127.0.0.1:${port}`,
    start: () => run(['rgw-start', name, String(port)]),
    stop: () => run(['rgw-stop', name]),
    kill: () => run(['rgw-kill', name]),
  };
}
