import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { openStorage, type Storage } from '../../index.js';
import { tempDir } from '../../test-support/fixtures.js';
import { adminClient, s3Target, s3UrlFor, uniquePrefix, type S3Target } from './s3-server.js';

/**
 * A test file's bucket: before all its tests, the test bucket (Ceph, started if need be) and an admin
 * client are handed to `ready`; after all, what was pushed onto the returned list is undone, last
 * first, and the client closed.
 */
export function useBucket(ready: (b: { t: S3Target; s3: S3Client }) => unknown): (() => unknown)[] {
  const cleanups: (() => unknown)[] = [];
  let s3: S3Client | undefined;
  beforeAll(async () => {
    const t = await s3Target();
    s3 = adminClient(t);
    await ready({ t, s3 });
  }, 600_000);
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    s3?.destroy();
  });
  return cleanups;
}

/** Polls fn until ok says yes or ms pass; answers the last value either way (the caller's expect says why). */
export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000, everyMs = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface RemoteLibrary {
  lib: Storage;
  dir: string;
  prefix: string;
  url: string;
  reopen(): Storage;
  cleanup(): void;
}

/** A fresh library folder connected to its own prefix of the test bucket. */
export async function remoteLibrary(t: S3Target, label: string, opts: { endpoint?: string; cacheMaxBytes?: number | null; now?: () => Date } = {}): Promise<RemoteLibrary> {
  const d = tempDir(`s3-${label}`);
  const prefix = uniquePrefix(label);
  const url = s3UrlFor(t, prefix);
  let lib = openStorage({ provider: 'filesystem', dir: d.dir, ...(opts.now ? { now: opts.now } : {}) });
  await lib.remote.connect({ url, endpoint: opts.endpoint ?? t.endpoint, region: t.region, pathStyle: t.pathStyle, cacheMaxBytes: opts.cacheMaxBytes ?? null });
  return {
    get lib() { return lib; },
    dir: d.dir,
    prefix,
    url,
    reopen() {
      lib.close();
      lib = openStorage({ provider: 'filesystem', dir: d.dir, ...(opts.now ? { now: opts.now } : {}) });
      return lib;
    },
    cleanup() {
      lib.close();
      d.cleanup();
    },
  };
}

/** A file of pseudo-random bytes written a MiB at a time (never whole in memory); returns its sha256. */
export function writeRandomFile(file: string, size: number, seed = randomBytes(8).toString('hex')): string {
  const hash = createHash('sha256');
  const fd = openSync(file, 'w');
  try {
    let i = 0;
    for (let off = 0; off < size; off += 1 << 20, i++) {
      const n = Math.min(1 << 20, size - off);
      // Cheap and incompressible enough: a hash chain expanded to a MiB.
      const block = Buffer.alloc(n);
      let h = createHash('sha256').update(`${seed}:${i}`).digest();
      for (let p = 0; p < n; p += 32) {
        h.copy(block, p, 0, Math.min(32, n - p));
        if ((p & 4095) === 0) h = createHash('sha256').update(h).digest();
      }
      hash.update(block);
      writeSync(fd, block);
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export function blobKey(prefix: string, sha: string): string {
  return `${prefix}/blobs/sha256/${sha.slice(0, 2)}/${sha}`;
}

export async function headObject(c: S3Client, bucket: string, key: string) {
  try {
    return await c.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
    throw err;
  }
}

export async function objectSha(c: S3Client, bucket: string, key: string): Promise<string> {
  const r = await c.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = createHash('sha256');
  for await (const chunk of r.Body as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

export async function openUploads(c: S3Client, bucket: string, prefix: string): Promise<number> {
  const r = await c.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
  return r.Uploads?.length ?? 0;
}
