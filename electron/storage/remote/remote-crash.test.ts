/**
 * The crash and fault suites for a library with a bucket, against the real Ceph. Upload (a multipart
 * blob among small ones), eviction and gc are each:
 * - killed with SIGKILL at a stride of their durable steps (every file and SQL write, and every S3
 *   request before it is sent and after it answered) in a child process — every step with
 *   RELIABILITY_LONG=1 (`RELIABILITY_LONG=1 npx vitest run electron/storage/remote/remote-crash.test.ts`;
 *   scripts/reliability.mjs runs test/reliability only);
 * - failed in-process by an injected error at each S3 request, and at a stride of file and SQL steps.
 * After each: the library opens clean, verify --full finds nothing but stray files, every
 * acknowledged item reads back byte for byte, and running the operation again completes with nothing
 * left in the outbox and no multipart upload open in the bucket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CopyObjectCommand, ListObjectsV2Command, S3Client, type S3Client as Client } from '@aws-sdk/client-s3';
import { openStorage, type Storage } from '../index.js';
import { readAll } from '../test-support/fixtures.js';
import { armFault } from '../../../test/reliability/fault-inject.js';
import { recordFigures } from '../../../test/reliability/figures.js';
import { adminClient, s3Target, s3UrlFor, uniquePrefix, type S3Target } from './test-support/s3-server.js';
import { blobKey, headObject, openUploads, writeRandomFile } from './test-support/remote-fixtures.js';

const LONG = process.env.RELIABILITY_LONG === '1';
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-support', 'remote-crash-child.mjs');
const DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/electron/storage/index.js');
const actor = { userId: 'crash', sessionId: 'crash' };
const MiB = 1024 * 1024;

let t: S3Target;
let s3: Client;
let work: string;

beforeAll(async () => {
  t = await s3Target();
  s3 = adminClient(t);
  work = mkdtempSync(path.join(os.tmpdir(), 'reelvault-s3-crash-'));
}, 600_000);
afterAll(() => {
  s3?.destroy();
  if (work) rmSync(work, { recursive: true, force: true });
});

type Op = 'sync' | 'evict' | 'gc';

interface Base {
  dir: string;
  prefix: string;
  /** Acknowledged items: asset id → sha256 of its bytes. */
  kept: Map<string, string>;
  /** Deleted and emptied from the trash before the op (gc's to collect). */
  dropped: string[];
}

/** A library in the state the op starts from, with its bucket prefix. */
async function makeBase(op: Op, label: string): Promise<Base> {
  const dir = path.join(work, `base-${label}`);
  const media = path.join(work, `media-${label}`);
  mkdirSync(media, { recursive: true });
  const prefix = uniquePrefix(`crash-${op}`);
  const lib = openStorage({ provider: 'filesystem', dir });
  try {
    await lib.remote.connect({ url: s3UrlFor(t, prefix), endpoint: t.endpoint, region: t.region, pathStyle: t.pathStyle });
    const files: string[] = [];
    for (let i = 0; i < 3; i++) {
      const f = path.join(media, `small-${i}.bin`);
      writeRandomFile(f, 100_000 + i, `${op}-small-${i}`);
      files.push(f);
    }
    const big = path.join(media, 'big.bin');
    writeRandomFile(big, 12 * MiB + 3, `${op}-big`);
    files.push(big);
    const imp = await lib.assets.importPaths(actor, files);
    const kept = new Map(imp.items.map((i) => [i.asset!.id, i.asset!.sha256]));
    const dropped: string[] = [];
    if (op !== 'sync') {
      expect(await lib.remote.sync({ now: true, multipartThreshold: 8 * MiB, partSize: 5 * MiB })).toMatchObject({ left: 0 });
    }
    if (op === 'gc') {
      const gone = [...kept.keys()].slice(0, 2);
      lib.assets.delete(actor, gone);
      await lib.trash.empty(actor);
      for (const id of gone) {
        dropped.push(kept.get(id) as string);
        kept.delete(id);
      }
    }
    return { dir, prefix, kept, dropped };
  } finally {
    lib.close();
  }
}

/** A trial's own copy: the library folder, and its bucket prefix with the base's objects. */
async function cloneBase(base: Base, label: string): Promise<{ dir: string; prefix: string }> {
  const dir = path.join(work, label);
  rmSync(dir, { recursive: true, force: true });
  cpSync(base.dir, dir, { recursive: true });
  const prefix = uniquePrefix(label);
  let token: string | undefined;
  do {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: `${base.prefix}/`, ContinuationToken: token }));
    for (const o of r.Contents ?? []) {
      const key = `${prefix}/${(o.Key as string).slice(base.prefix.length + 1)}`;
      await s3.send(new CopyObjectCommand({ Bucket: t.bucket, Key: key, CopySource: `${t.bucket}/${o.Key}`, MetadataDirective: 'COPY' }));
    }
    token = r.IsTruncated ? r.NextContinuationToken : undefined;
  } while (token);
  const lib = openStorage({ provider: 'filesystem', dir });
  lib.ctx.db.prepare('UPDATE remote_config SET prefix = ?').run(prefix);
  lib.close();
  return { dir, prefix };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** What must hold after any kill or fault: then the op is run again, to completion, and checked again. */
async function check(op: Op, base: Base, dir: string, prefix: string, rerun: (lib: Storage) => Promise<void>): Promise<void> {
  const once = async (lib: Storage, when: string) => {
    if (lib.openReport.problems.length) throw new Error(`${when}: open check: ${lib.openReport.problems.join('; ')}`);
    const v = await lib.verify({ full: true });
    const bad = v.problems.filter((p) => p.kind !== 'stray-file');
    if (bad.length) throw new Error(`${when}: verify: ${bad.map((p) => `${p.kind} ${p.item} ${p.detail}`).join('; ')}`);
    for (const [id, want] of base.kept) {
      const got = sha(await readAll(lib.assets.read(actor, id)));
      if (got !== want) throw new Error(`${when}: asset ${id} reads back as ${got}, not ${want}`);
    }
  };
  let lib = openStorage({ provider: 'filesystem', dir });
  try {
    await once(lib, 'after the kill');
    await rerun(lib);
    // (Before anything reads the content back, which fills the cache again.)
    if (op === 'evict' && lib.remote.status()?.localBytes !== 0) throw new Error(`eviction left ${lib.remote.status()?.localBytes} bytes`);
    lib.close();
    lib = openStorage({ provider: 'filesystem', dir });
    await once(lib, 'after running it again');
    const sync = await lib.remote.sync({ now: true });
    if (sync.left !== 0) throw new Error(`outbox not drained: ${JSON.stringify(sync.failed)}`);
    const open = await openUploads(s3, t.bucket, prefix);
    if (open !== 0) throw new Error(`${open} multipart upload(s) left open`);
    for (const want of base.kept.values()) {
      if (!(await headObject(s3, t.bucket, blobKey(prefix, want)))) throw new Error(`object ${want} missing from the bucket`);
    }
    if (op === 'gc') for (const gone of base.dropped) if (await headObject(s3, t.bucket, blobKey(prefix, gone))) throw new Error(`object ${gone} survived gc`);
  } finally {
    lib.close();
  }
}

const rerunOf: Record<Op, (lib: Storage) => Promise<void>> = {
  sync: async (lib) => {
    const r = await lib.remote.sync({ now: true, multipartThreshold: 8 * MiB, partSize: 5 * MiB });
    if (r.left !== 0) throw new Error(`sync again left ${r.left}: ${JSON.stringify(r.failed)}`);
  },
  evict: async (lib) => {
    await lib.remote.evict({ budgetBytes: 0 });
  },
  gc: async (lib) => {
    const g = await lib.gc({ graceMs: 0, remoteGraceMs: 0 });
    if (g.remote?.skipped) throw new Error(`gc again skipped: ${g.remote.skipped}`);
  },
};

function runChild(dir: string, op: Op, crashAt: number): { killed: boolean; steps: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [CHILD, dir, op, String(crashAt)], { encoding: 'utf8', timeout: 120_000, env: process.env });
  if (!r.signal && r.status !== 0) throw new Error(`child failed (exit ${r.status}): ${r.stderr}`);
  const m = /DONE (\d+)/.exec(r.stdout ?? '');
  return { killed: r.signal === 'SIGKILL', steps: m ? Number(m[1]) : null, stderr: r.stderr };
}

describe('crash safety with a bucket: kill at every step', () => {
  it('has the built library to run in the child', () => {
    expect(existsSync(DIST), 'run npm run build first').toBe(true);
  });
  for (const op of ['sync', 'evict', 'gc'] as const) {
    it(`${op}: killed at its steps, nothing acknowledged is lost and running it again completes`, async () => {
      const base = await makeBase(op, `crash-${op}`);
      const failures: string[] = [];
      let trials = 0;
      let kills = 0;
      const clean = await cloneBase(base, `${op}-clean`);
      const first = runChild(clean.dir, op, 0);
      await check(op, base, clean.dir, clean.prefix, rerunOf[op]).catch((e: Error) => failures.push(`no kill: ${e.message}`));
      const steps = first.steps ?? 0;
      expect(steps).toBeGreaterThan(5);
      // A stride that still lands on every kind of step now and then; every step in the long form.
      const stride = LONG ? 1 : Math.max(1, Math.floor(steps / 10));
      for (let n = 1; n <= steps; n += stride) {
        trials++;
        const trial = await cloneBase(base, `${op}-kill-${n}`);
        try {
          const r = runChild(trial.dir, op, n);
          if (r.killed) kills++;
          await check(op, base, trial.dir, trial.prefix, rerunOf[op]);
        } catch (err) {
          failures.push(`killed at step ${n}: ${(err as Error).message}`);
        } finally {
          rmSync(trial.dir, { recursive: true, force: true });
        }
      }
      recordFigures('crash', { op: `s3 ${op}`, steps, trials, kills, randomKills: 0, failures });
      expect(failures).toEqual([]);
      expect(kills).toBeGreaterThan(0);
    }, LONG ? 3_600_000 : 300_000);
  }
});

describe('faults with a bucket: an error at each step', () => {
  for (const op of ['sync', 'evict', 'gc'] as const) {
    it(`${op}: an S3 request failing, or a file or SQL step failing, loses nothing and the op completes when tried again`, async () => {
      const base = await makeBase(op, `fault-${op}`);
      const failures: string[] = [];
      let injected = 0;
      // Count the S3 requests and the durable steps of one clean run.
      const counted = await cloneBase(base, `${op}-count`);
      const sends = countSends();
      const fsCount = await armFault(0, 'EIO');
      {
        const lib = openStorage({ provider: 'filesystem', dir: counted.dir });
        try { await rerunOf[op](lib); } finally { lib.close(); }
      }
      fsCount.disarm();
      sends.restore();
      const plan: { kind: 's3' | 'fs'; at: number }[] = [];
      for (let i = 1; i <= sends.count; i++) plan.push({ kind: 's3', at: i });
      const fsStride = LONG ? 1 : Math.max(1, Math.floor(fsCount.steps / 6));
      for (let i = 1; i <= fsCount.steps; i += fsStride) plan.push({ kind: 'fs', at: i });
      for (const p of plan) {
        const trial = await cloneBase(base, `${op}-fault-${p.kind}-${p.at}`);
        const lib = openStorage({ provider: 'filesystem', dir: trial.dir });
        const s = p.kind === 's3' ? failSend(p.at) : null;
        const f = p.kind === 'fs' ? await armFault(p.at, 'EIO') : null;
        try {
          await rerunOf[op](lib).catch(() => undefined);
          if (s?.fired || f?.fired) injected++;
        } finally {
          s?.restore();
          f?.disarm();
          lib.close();
        }
        try {
          await check(op, base, trial.dir, trial.prefix, rerunOf[op]);
        } catch (err) {
          failures.push(`${p.kind} fault at ${p.at}: ${(err as Error).message}`);
        } finally {
          rmSync(trial.dir, { recursive: true, force: true });
        }
      }
      recordFigures('faults', { op: `s3 ${op}`, injected, failures });
      expect(failures).toEqual([]);
      expect(injected).toBeGreaterThan(0);
    }, LONG ? 3_600_000 : 300_000);
  }
});

/** Counts S3 requests (every client's) until restored. */
function countSends(): { count: number; restore(): void } {
  const orig = S3Client.prototype.send;
  const state = { count: 0, restore: () => { S3Client.prototype.send = orig; } };
  S3Client.prototype.send = function (this: S3Client, ...args: Parameters<S3Client['send']>) {
    state.count++;
    return (orig as (...a: unknown[]) => unknown).apply(this, args);
  } as S3Client['send'];
  return state;
}

/** The Nth S3 request fails as if the network dropped, without being sent. */
function failSend(n: number): { fired: boolean; restore(): void } {
  const orig = S3Client.prototype.send;
  let count = 0;
  const state = { fired: false, restore: () => { S3Client.prototype.send = orig; } };
  S3Client.prototype.send = function (this: S3Client, ...args: Parameters<S3Client['send']>) {
    if (++count === n) {
      state.fired = true;
      return Promise.reject(Object.assign(new Error('injected: connection reset'), { code: 'ECONNRESET' }));
    }
    return (orig as (...a: unknown[]) => unknown).apply(this, args);
  } as S3Client['send'];
  return state;
}

