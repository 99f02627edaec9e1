/**
 * Reads from wherever the bytes are, against a real S3 server: the cache budget evicts only what the
 * bucket confirmed (least recently used first; derived images and "keep offline" projects never),
 * evicted content comes back when read, the media route of both hosts streams ranges of evicted
 * content from the bucket without downloading it first, and offline it answers OFFLINE at once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { alice, readAll, tempDir } from '../test-support/fixtures.js';
import { startTestHost, tester, type TestHost } from '../../web/test-support/web-fixture.js';
import { faultServer, s3UrlFor, uniquePrefix, type S3Target } from './test-support/s3-server.js';
import { remoteLibrary, useBucket, writeRandomFile } from './test-support/remote-fixtures.js';

let t: S3Target;
const cleanups = useBucket((b) => ({ t } = b));

const MiB = 1024 * 1024;

describe('the cache', () => {
  it('evicts least recently used confirmed content down to the budget, never the outbox, derived images (playback proxies included) or kept-offline projects, and fetches evicted content back when read', async () => {
    const r = await remoteLibrary(t, 'evict');
    cleanups.push(r.cleanup);
    const media = tempDir('s3-evict');
    cleanups.push(media.cleanup);
    const files = ['a', 'b', 'c'].map((n) => {
      const f = path.join(media.dir, `${n}.bin`);
      writeRandomFile(f, MiB, n);
      return f;
    });
    const imp = await r.lib.assets.importPaths(alice, files);
    const [a, b, c] = imp.items.map((i) => i.asset as { id: string; sha256: string }) as [{ id: string; sha256: string }, { id: string; sha256: string }, { id: string; sha256: string }];
    expect(await r.lib.remote.sync()).toMatchObject({ uploaded: 3, left: 0 });
    // Used in the order c, a, b (b most recently).
    for (const [i, x] of [c, a, b].entries()) r.lib.ctx.db.prepare('UPDATE remote_blobs SET used_ms = ? WHERE sha256 = ?').run(1000 + i, x.sha256);

    const ev = await r.lib.remote.evict({ budgetBytes: 1.5 * MiB });
    expect(ev).toMatchObject({ evicted: 2, evictedBytes: 2 * MiB });
    const here = (x: { sha256: string }) => existsSync(r.lib.ctx.blobs.pathOf(x.sha256));
    expect([here(a), here(b), here(c)]).toEqual([false, true, false]);
    expect(r.lib.remote.status()).toMatchObject({ remoteOnlyBlobs: 2, localBytes: MiB });
    // Evicted content is not missing: verify checks it in the bucket.
    expect((await r.lib.verify()).ok).toBe(true);

    // A playback proxy (what an HEVC or ProRes original plays through offline), uploaded: derived, never evicted.
    const proxyFile = path.join(media.dir, 'proxy.mp4');
    writeRandomFile(proxyFile, MiB, 'proxy');
    const proxy = (await r.lib.assets.importPaths(alice, [proxyFile])).items[0]!.asset as { sha256: string };
    expect(await r.lib.remote.sync()).toMatchObject({ uploaded: 1, left: 0 });
    // Not yet uploaded: never evicted. A derived image, and a kept-offline project's render: neither.
    const freshFile = path.join(media.dir, 'fresh.bin');
    writeRandomFile(freshFile, MiB, 'fresh');
    const fresh = (await r.lib.assets.importPaths(alice, [freshFile])).items[0]!.asset as { sha256: string };
    r.lib.ctx.db.prepare("INSERT INTO media_info (sha256, state, poster_grid, proxy, proxy_state, updated_at) VALUES (?, 'done', ?, ?, 'done', '2026-01-01T00:00:00Z')").run(c.sha256, b.sha256, proxy.sha256);
    const p = await r.lib.projects.create(alice, { name: 'Keep', scope: 'user' });
    const renderFile = path.join(media.dir, 'keep.mp4');
    writeRandomFile(renderFile, MiB, 'keep');
    const render = await r.lib.renders.store(alice, p.id, { path: renderFile });
    r.lib.remote.keepOffline(alice, p.id, true);
    await r.lib.remote.evict({ budgetBytes: 0 });
    expect([here(fresh), here(b), here(render), here(proxy)]).toEqual([true, true, true, true]);

    // Read back: the stream fetches through the cache (verified against the hash), then the file is here.
    const back = await readAll(r.lib.assets.read(alice, a.id));
    expect(back.equals(readFileSync(files[0] as string))).toBe(true);
    expect(here(a)).toBe(true);
    // Export needs the whole file: through the cache too.
    await r.lib.remote.sync();
    r.lib.remote.keepOffline(alice, p.id, false);
    await r.lib.remote.evict({ budgetBytes: 0 });
    expect(here(render)).toBe(false);
    const out = path.join(media.dir, 'exported.mp4');
    await r.lib.renders.export(alice, render.id, out);
    expect(readFileSync(out).equals(readFileSync(renderFile))).toBe(true);
    expect(r.lib.ctx.db.prepare('SELECT local FROM remote_blobs WHERE sha256 = ?').pluck().get(render.sha256)).toBe(1);
  });
});

describe('fetching back with progress', () => {
  it('an export of evicted content shows its bytes coming back in the upload job (files, done, total), then nothing; a background fill does not', async () => {
    const r = await remoteLibrary(t, 'fetch-progress');
    cleanups.push(r.cleanup);
    const media = tempDir('s3-fetch-progress');
    cleanups.push(media.cleanup);
    const p = await r.lib.projects.create(alice, { name: 'Fetch', scope: 'user' });
    const file = path.join(media.dir, 'cut.mp4');
    const size = 24 * MiB + 5;
    writeRandomFile(file, size, 'fetch-progress');
    const render = await r.lib.renders.store(alice, p.id, { path: file });
    await r.lib.remote.sync();
    await r.lib.remote.evict({ budgetBytes: 0 });
    expect(existsSync(r.lib.ctx.blobs.pathOf(render.sha256))).toBe(false);

    const seen: { files: number; bytesDone: number; bytesTotal: number }[] = [];
    let nulls = 0;
    const sync = r.lib.remote.background((st) => (st.fetching ? seen.push({ ...st.fetching }) : nulls++)).start();
    try {
      const out = path.join(media.dir, 'exported.mp4');
      await r.lib.renders.export(alice, render.id, out);
      expect(readFileSync(out).equals(readFileSync(file))).toBe(true);
      expect(seen.length, JSON.stringify(seen)).toBeGreaterThan(0);
      expect(seen.every((f) => f.files === 1 && f.bytesTotal === size)).toBe(true);
      // What has come back only grows, from the start.
      expect(seen[0]?.bytesDone).toBe(0);
      expect(seen.every((f, i) => i === 0 || f.bytesDone >= (seen[i - 1] as { bytesDone: number }).bytesDone)).toBe(true);
      // Once it is here, the job says nothing is being fetched.
      const last = sync.status();
      expect(last?.fetching).toBeNull();
      expect(nulls).toBeGreaterThan(0);

      // A background fill (the media route's, while a player streams) is not a wait anyone sees.
      await r.lib.remote.evict({ budgetBytes: 0 });
      seen.length = 0;
      r.lib.ctx.remote?.fillInBackground(render.sha256);
      await r.lib.ctx.remote?.settle();
      expect(existsSync(r.lib.ctx.blobs.pathOf(render.sha256))).toBe(true);
      expect(seen).toEqual([]);
    } finally {
      await sync.stop();
    }
  });
});

describe('checkpoints with evicted content', () => {
  it('diffs and restores checkpoints whose content is only in the bucket (fetched back through the cache)', async () => {
    const r = await remoteLibrary(t, 'diff');
    cleanups.push(r.cleanup);
    const p = await r.lib.projects.create(alice, { name: 'Diff', scope: 'user' });
    await r.lib.files.write(alice, p.id, 'script.txt', 'line one\nline two\n');
    const v1 = await r.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    await r.lib.files.write(alice, p.id, 'script.txt', 'line one\nline 2\n');
    const v2 = await r.lib.checkpoints.create(alice, p.id, { name: 'v2' });
    await r.lib.remote.sync();
    const ev = await r.lib.remote.evict({ budgetBytes: 0 });
    expect(ev.evicted).toBeGreaterThan(1);
    const d = await r.lib.checkpoints.diff(alice, p.id, { checkpointId: v1.id }, { checkpointId: v2.id }, { content: true });
    const f = d.files.find((x) => x.path === 'script.txt');
    expect(JSON.stringify(f)).toContain('+line 2');
    await r.lib.checkpoints.restore(alice, v1.id);
    expect((await readAll(await r.lib.files.read(alice, p.id, 'script.txt'))).toString()).toBe('line one\nline two\n');
  });
});

describe('the media route of both hosts, for content only in the bucket', () => {
  let h: TestHost;
  let sha: string;
  let bytes: Buffer;
  const size = 3 * MiB + 17;

  beforeAll(async () => {
    h = await startTestHost();
    cleanups.push(() => h.cleanup());
    // A budget smaller than the render: it is streamed, never filled into the cache.
    await h.storage.remote.connect({ url: s3UrlFor(t, uniquePrefix('range')), endpoint: t.endpoint, region: t.region, pathStyle: t.pathStyle, cacheMaxBytes: MiB });
    const media = tempDir('s3-range');
    cleanups.push(media.cleanup);
    const file = path.join(media.dir, 'cut.mp4');
    writeRandomFile(file, size, 'range');
    bytes = readFileSync(file);
    const p = await h.storage.projects.create(tester, { name: 'Range', scope: 'user' });
    sha = (await h.storage.renders.store(tester, p.id, { path: file })).sha256;
    expect(await h.storage.remote.sync()).toMatchObject({ uploaded: 1, left: 0 });
    await h.storage.remote.evict();
    expect(existsSync(h.storage.ctx.blobs.pathOf(sha))).toBe(false);
  }, 120_000);

  const cases: [string | null, number, [number, number] | null][] = [
    [null, 200, [0, size - 1]],
    ['bytes=0-0', 206, [0, 0]],
    ['bytes=0-', 206, [0, size - 1]],
    ['bytes=-1', 206, [size - 1, size - 1]],
    [`bytes=${size - 1}-`, 206, [size - 1, size - 1]],
    [`bytes=${size - 10}-${size + 100}`, 206, [size - 10, size - 1]],
    ['bytes=1048575-1048576', 206, [1048575, 1048576]],
    [`bytes=-${size + 5}`, 206, [0, size - 1]],
    [`bytes=${size}-`, 416, null],
  ];

  it('answers every Range at the edges with the right bytes over HTTP (web host)', async () => {
    for (const [range, status, span] of cases) {
      const r = await h.raw('GET', `/media/${sha}`, range ? { headers: { Range: range } } : {});
      expect([range, r.status]).toEqual([range, status]);
      if (span) {
        expect(r.body.equals(bytes.subarray(span[0], span[1] + 1))).toBe(true);
        if (status === 206) expect(r.headers['content-range']).toBe(`bytes ${span[0]}-${span[1]}/${size}`);
        expect(r.headers['content-length']).toBe(String(span[1] - span[0] + 1));
      } else expect(r.headers['content-range']).toBe(`bytes */${size}`);
      expect(r.headers['accept-ranges']).toBe('bytes');
    }
    // Streamed from the bucket: nothing was downloaded into the cache to answer them.
    await h.storage.ctx.remote?.settle();
    expect(existsSync(h.storage.ctx.blobs.pathOf(sha))).toBe(false);
  });

  it("answers the same through the function Electron's reelvault:// protocol calls", async () => {
    for (const [range, status, span] of cases) {
      const m = await h.api.media({ sha256: sha, range, method: 'GET' });
      expect([range, m.status]).toEqual([range, status]);
      const body = await bodyBytes(m.body);
      if (span) expect(body.equals(bytes.subarray(span[0], span[1] + 1))).toBe(true);
    }
    const head = await h.api.media({ sha256: sha, range: 'bytes=5-9', method: 'HEAD' });
    expect(head).toMatchObject({ status: 206, body: null, headers: expect.objectContaining({ 'Content-Length': '5', 'Content-Range': `bytes 5-9/${size}` }) });
  });

  it('fills the cache in the background when the content fits the budget', async () => {
    h.storage.remote.setCacheBudget(64 * MiB);
    const r = await h.raw('GET', `/media/${sha}`, { headers: { Range: 'bytes=100-199' } });
    expect(r.status).toBe(206);
    await h.storage.ctx.remote?.settle();
    expect(existsSync(h.storage.ctx.blobs.pathOf(sha))).toBe(true);
    expect(readFileSync(h.storage.ctx.blobs.pathOf(sha)).equals(bytes)).toBe(true);
  });
});

describe('offline', () => {
  it('content only in the bucket is NOT AVAILABLE OFFLINE at once (503 OFFLINE, an OFFLINE error), cached content still plays', async () => {
    const fault = faultServer(t, 'read', 7482);
    fault.start();
    cleanups.push(() => fault.stop());
    const h = await startTestHost();
    cleanups.push(() => h.cleanup());
    await h.storage.remote.connect({ url: s3UrlFor(t, uniquePrefix('offline-read')), endpoint: fault.endpoint, region: t.region, pathStyle: t.pathStyle });
    const media = tempDir('s3-offline-read');
    cleanups.push(media.cleanup);
    const p = await h.storage.projects.create(tester, { name: 'Offline', scope: 'user' });
    const gone = await h.storage.renders.store(tester, p.id, { path: writeNamed(media.dir, 'gone.mp4', 'gone') });
    const kept = await h.storage.renders.store(tester, p.id, { path: writeNamed(media.dir, 'kept.mp4', 'kept') });
    await h.storage.remote.sync();
    h.storage.ctx.db.prepare('UPDATE remote_blobs SET used_ms = 0 WHERE sha256 = ?').run(gone.sha256);
    await h.storage.remote.evict({ budgetBytes: MiB });
    expect(existsSync(h.storage.ctx.blobs.pathOf(gone.sha256))).toBe(false);

    fault.stop();
    const started = Date.now();
    const r = await h.raw('GET', `/media/${gone.sha256}`, { headers: { Range: 'bytes=0-99' } });
    expect(r.status).toBe(503);
    expect(r.headers['x-reelvault-error']).toBe('OFFLINE');
    expect(r.text).toMatch(/^OFFLINE: not available offline/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await h.raw('GET', `/media/${kept.sha256}`, { headers: { Range: 'bytes=0-99' } })).status).toBe(206);
    await expect(h.storage.renders.export(tester, gone.id, path.join(media.dir, 'out.mp4'))).rejects.toMatchObject({ code: 'OFFLINE' });
    await expect(readAll(h.storage.renders.read(tester, gone.id))).rejects.toMatchObject({ code: 'OFFLINE' });
    // Over the API too: the error code crosses unchanged.
    const v = await h.call('library.verify', {});
    expect(v).toMatchObject({ ok: true, value: { ok: false, problems: [expect.objectContaining({ kind: 'remote-unreachable' })] } });

    fault.start();
    const back = await h.raw('GET', `/media/${gone.sha256}`, { headers: { Range: 'bytes=0-99' } });
    expect(back.status).toBe(206);
  });
});

function writeNamed(dir: string, name: string, seed: string): string {
  const f = path.join(dir, name);
  writeRandomFile(f, MiB, seed);
  return f;
}

async function bodyBytes(body: Readable | Buffer | null): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  return readAll(body);
}
