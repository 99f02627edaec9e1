/**
 * The server going away, for real: a radosgw of this test's own on the shared Ceph cluster is stopped
 * (offline, then back: the outbox drains and nothing is lost) and killed with SIGKILL in the middle of
 * a multipart upload (retried; no multipart upload is left open in the bucket).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { S3Client } from '@aws-sdk/client-s3';
import { alice, readAll, tempDir } from '../test-support/fixtures.js';
import { adminClient, CEPH_DIR, CEPH_SCRIPT, faultServer, s3Target, type FaultServer, type S3Target } from './test-support/s3-server.js';
import { blobKey, headObject, objectSha, openUploads, remoteLibrary, until, writeRandomFile } from './test-support/remote-fixtures.js';
import type { SyncStatus } from './background-sync.js';

let t: S3Target;
let s3: S3Client;
let fault: FaultServer;
const cleanups: (() => void | Promise<void>)[] = [];
const NAME = 'faults';

beforeAll(async () => {
  t = await s3Target();
  s3 = adminClient(t);
  fault = faultServer(t, NAME, 7483);
  fault.start();
}, 600_000);
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  fault?.stop();
  s3?.destroy();
});

describe('the bucket goes away', () => {
  it('offline: content is stored and readable, the outbox waits with backoff; back online it drains and every byte is in the bucket', async () => {
    fault.start();
    const r = await remoteLibrary(t, 'offline', { endpoint: fault.endpoint });
    cleanups.push(r.cleanup);
    const media = tempDir('s3-offline');
    cleanups.push(media.cleanup);
    fault.stop();

    const files: string[] = [];
    for (let i = 0; i < 6; i++) {
      const f = path.join(media.dir, `take-${i}.bin`);
      writeRandomFile(f, 256 * 1024 * (i + 1), `offline-${i}`);
      files.push(f);
    }
    writeFileSync(path.join(media.dir, 'notes.txt'), 'shot list\n');
    const imp = await r.lib.assets.importPaths(alice, [media.dir]);
    expect(imp.imported).toBe(7);
    const started = Date.now();
    const off = await r.lib.remote.sync({ now: true });
    expect(off).toMatchObject({ offline: true, uploaded: 0, left: 7 });
    expect(off.failed[0]?.error).toMatch(/not available offline/);
    expect(Date.now() - started).toBeLessThan(10_000);
    // Backed off: a background drain right now tries nothing.
    expect(await r.lib.remote.sync()).toMatchObject({ uploaded: 0, failed: [], left: 7 });
    const s = r.lib.remote.status();
    expect(s).toMatchObject({ outboxBlobs: 7, outboxFailing: expect.any(Number) });
    expect(s?.lastError).toMatch(/not available offline/);
    // Everything reads locally, as before there was a bucket.
    const first = imp.items.find((i) => i.source === files[0])!.asset!;
    expect((await readAll(r.lib.assets.read(alice, first.id))).equals(readFileSync(files[0] as string))).toBe(true);

    // A restart of the app in between changes nothing: the outbox is in the catalog.
    r.reopen();
    fault.start();
    const back = await r.lib.remote.sync({ now: true });
    expect(back).toMatchObject({ offline: false, uploaded: 7, left: 0, failed: [] });
    for (const item of imp.items) {
      const sha = item.asset!.sha256;
      expect(await objectSha(s3, t.bucket, blobKey(r.prefix, sha))).toBe(sha);
    }
    expect(r.lib.remote.status()).toMatchObject({ outboxBlobs: 0, confirmedBlobs: 7 });
  });

  it('radosgw killed in the middle of a multipart upload: the upload is retried and no multipart upload is left open', async () => {
    fault.start();
    const r = await remoteLibrary(t, 'killed', { endpoint: fault.endpoint });
    cleanups.push(r.cleanup);
    const media = tempDir('s3-killed');
    cleanups.push(media.cleanup);
    const file = path.join(media.dir, 'final.mov');
    const size = 96 * 1024 * 1024;
    const sha = writeRandomFile(file, size, 'killed');
    const p = await r.lib.projects.create(alice, { name: 'Kill', scope: 'user' });
    await r.lib.renders.store(alice, p.id, { path: file });

    let killing: Promise<unknown> | null = null;
    const rep = await r.lib.remote.sync({
      now: true,
      partSize: 8 * 1024 * 1024,
      onProgress: (pr) => {
        // A quarter of the way in: SIGKILL, from another process, while parts are in flight.
        if (!killing && pr.bytesDone > size / 4) killing = promisify(exec)(`bash ${CEPH_SCRIPT} rgw-kill ${fault.name}`, { env: { ...process.env, REELVAULT_CEPH_DIR: CEPH_DIR } });
      },
    });
    await killing;
    expect(killing).not.toBeNull();
    expect(rep).toMatchObject({ uploaded: 0, left: 1, offline: true });
    // The abort could not reach the dead server: the upload id is kept to abort later, and the
    // bucket (seen through the shared radosgw) still has that upload open.
    const recorded = r.lib.ctx.db.prepare('SELECT upload_id FROM remote_outbox WHERE sha256 = ?').pluck().get(sha);
    expect(recorded).toEqual(expect.any(String));
    expect(await openUploads(s3, t.bucket, r.prefix)).toBe(1);
    expect(await headObject(s3, t.bucket, blobKey(r.prefix, sha))).toBeNull();

    fault.start();
    const again = await r.lib.remote.sync({ now: true, partSize: 8 * 1024 * 1024 });
    expect(again).toMatchObject({ uploaded: 1, left: 0, failed: [] });
    expect(await openUploads(s3, t.bucket, r.prefix)).toBe(0);
    expect(await objectSha(s3, t.bucket, blobKey(r.prefix, sha))).toBe(sha);
    expect(r.lib.ctx.db.prepare('SELECT count(*) FROM remote_outbox').pluck().get()).toBe(0);
  });
  it('the hosts\' upload job: offline, then back with a long backoff: "Retry now" drains at once; one pressed while a run still tries runs again after it', async () => {
    fault.start();
    const r = await remoteLibrary(t, 'retry-now', { endpoint: fault.endpoint });
    cleanups.push(r.cleanup);
    const media = tempDir('s3-retry-now');
    cleanups.push(media.cleanup);
    fault.stop();
    for (const [i, n] of ['a.bin', 'b.bin'].entries()) writeRandomFile(path.join(media.dir, n), 512 * 1024 * (i + 1), `retry-${n}`);
    const imp = await r.lib.assets.importPaths(alice, [media.dir]);
    expect(imp.imported).toBe(2);
    const seen: SyncStatus[] = [];
    // Not started: no timer, each run is this test's own tick() or retryNow().
    const bg = r.lib.remote.background((st) => seen.push(st));
    cleanups.push(() => bg.stop());
    const db = r.lib.ctx.db;
    const attempts = () => db.prepare('SELECT sum(attempts) FROM remote_outbox').pluck().get() as number;

    await bg.tick();
    expect(bg.status()).toMatchObject({ state: 'offline', outboxBlobs: 2, leftBytes: 3 * 512 * 1024, lastError: expect.stringMatching(/not available offline/) });
    expect(bg.status()?.nextTryMs).toBeGreaterThan(Date.now());
    // Every state the job said, in order: a run says "uploading" first, never a stale "idle" with the outbox.
    const states = seen.map((st) => st.state);
    expect(states.indexOf('uploading')).toBeGreaterThanOrEqual(0);
    expect(states.slice(states.indexOf('uploading'))).not.toContain('idle');

    // Pressed while a run is still trying (against the stopped server): that run fails, then one more runs at once.
    const before = attempts();
    db.prepare('UPDATE remote_outbox SET next_try_ms = 0').run();
    const run = bg.tick();
    bg.retryNow();
    await run;
    await until(() => Promise.resolve(attempts()), (n) => n >= before + 2 * 2, 10_000);
    expect(attempts()).toBe(before + 2 * 2);
    expect(bg.status()).toMatchObject({ state: 'offline', outboxBlobs: 2 });

    // Many failures later the backoff is long (ten minutes here); the server is back.
    db.prepare('UPDATE remote_outbox SET next_try_ms = ?').run(Date.now() + 600_000);
    fault.start();
    await bg.tick();
    expect(bg.status()).toMatchObject({ outboxBlobs: 2 });
    expect(await headObject(s3, t.bucket, blobKey(r.prefix, imp.items[0]!.asset!.sha256))).toBeNull();
    bg.retryNow();
    const done = await until(() => Promise.resolve(bg.status()), (st) => st?.outboxBlobs === 0 && st.state === 'idle', 20_000);
    expect(done).toMatchObject({ state: 'idle', outboxBlobs: 0, leftBytes: 0, nextTryMs: null });
    for (const item of imp.items) expect(await objectSha(s3, t.bucket, blobKey(r.prefix, item.asset!.sha256))).toBe(item.asset!.sha256);
    expect(seen.at(-1)).toMatchObject({ state: 'idle', outboxBlobs: 0 });
  });
});
