/**
 * Uploads to a real S3 server (the project's single-node Ceph, or REELVAULT_S3_ENDPOINT): the marker,
 * credentials kept out of the catalog, HEAD-first dedup, multipart past 64 MiB, listing past 1,000 keys.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { alice, tempDir } from '../test-support/fixtures.js';
import { openStorage } from '../index.js';
import { s3UrlFor, uniquePrefix, type S3Target } from './test-support/s3-server.js';
import { blobKey, headObject, objectSha, openUploads, remoteLibrary, useBucket, writeRandomFile } from './test-support/remote-fixtures.js';

let t: S3Target;
let s3: S3Client;
const cleanups = useBucket((b) => ({ t, s3 } = b));

describe('a library with a bucket', () => {
  it('claims its prefix with a marker, refuses a prefix another library owns, keeps credentials out of the catalog', async () => {
    const a = await remoteLibrary(t, 'marker');
    cleanups.push(a.cleanup);
    const marker = JSON.parse((await objectBytes(`${a.prefix}/reelvault-library.json`)).toString('utf8')) as { libraryId: string };
    const id = a.lib.ctx.db.prepare("SELECT value FROM meta WHERE key = 'library_id'").pluck().get();
    expect(marker.libraryId).toBe(id);

    const other = tempDir('s3-other');
    cleanups.push(other.cleanup);
    const b = openStorage({ provider: 'filesystem', dir: other.dir });
    cleanups.push(() => b.close());
    await expect(b.remote.connect({ url: a.url, endpoint: t.endpoint, pathStyle: t.pathStyle })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('belongs to another Reelvault library') });
    // A prefix holding someone else's objects (no marker) is refused too.
    const foreign = uniquePrefix('foreign');
    await s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: `${foreign}/photos/cat.jpg`, Body: 'meow' }));
    await expect(b.remote.connect({ url: s3UrlFor(t, foreign), endpoint: t.endpoint, pathStyle: t.pathStyle })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(b.remote.status()).toBeNull();

    // Reconnecting the owner is fine; the catalog's files never hold the keys.
    await a.lib.remote.connect({ url: a.url, endpoint: t.endpoint, pathStyle: t.pathStyle });
    a.lib.close();
    for (const f of readdirSync(a.dir).filter((n) => n.startsWith('library.db'))) {
      const bytes = readFileSync(path.join(a.dir, f));
      expect(bytes.includes(Buffer.from(t.secretKey))).toBe(false);
      expect(bytes.includes(Buffer.from(t.accessKey))).toBe(false);
    }
    a.reopen();
    expect(a.lib.remote.status()).toMatchObject({ url: a.url, endpoint: t.endpoint, pathStyle: t.pathStyle });
  });

  it('uploads each blob once: identical content is one object, and what is already there is confirmed by HEAD without a PUT', async () => {
    const r = await remoteLibrary(t, 'dedup');
    cleanups.push(r.cleanup);
    const media = tempDir('s3-media');
    cleanups.push(media.cleanup);
    writeFileSync(path.join(media.dir, 'a.bin'), 'first content\n');
    writeFileSync(path.join(media.dir, 'b.bin'), 'first content\n');
    writeFileSync(path.join(media.dir, 'c.bin'), Buffer.alloc(300_000, 3));
    const imp = await r.lib.assets.importPaths(alice, [media.dir]);
    expect(imp).toMatchObject({ imported: 2, duplicates: 1 });
    expect(r.lib.remote.status()).toMatchObject({ outboxBlobs: 2, confirmedBlobs: 0 });

    const first = await r.lib.remote.sync();
    expect(first).toMatchObject({ uploaded: 2, alreadyThere: 0, left: 0, offline: false, failed: [] });
    const shas = r.lib.ctx.db.prepare('SELECT sha256 FROM blobs ORDER BY sha256').pluck().all() as string[];
    const modified: (Date | undefined)[] = [];
    for (const sha of shas) {
      const h = await headObject(s3, t.bucket, blobKey(r.prefix, sha));
      expect(h?.Metadata?.sha256).toBe(sha);
      expect(await objectSha(s3, t.bucket, blobKey(r.prefix, sha))).toBe(sha);
      modified.push(h?.LastModified);
    }
    expect(r.lib.remote.status()).toMatchObject({ outboxBlobs: 0, confirmedBlobs: 2 });

    // As if a crash came between the PUT and the confirmation: queued again, nothing is sent again.
    r.lib.ctx.db.exec('DELETE FROM remote_blobs; INSERT INTO remote_outbox (sha256, queued_at) SELECT sha256, created_at FROM blobs;');
    await new Promise((res) => setTimeout(res, 1100));
    const again = await r.lib.remote.sync();
    expect(again).toMatchObject({ uploaded: 0, alreadyThere: 2, left: 0 });
    for (const [i, sha] of shas.entries()) expect((await headObject(s3, t.bucket, blobKey(r.prefix, sha)))?.LastModified).toEqual(modified[i]);

    // An object under the right key but with other bytes (no matching metadata) is overwritten.
    await s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: blobKey(r.prefix, shas[0] as string), Body: 'not it' }));
    r.lib.ctx.db.exec('DELETE FROM remote_blobs; INSERT INTO remote_outbox (sha256, queued_at) SELECT sha256, created_at FROM blobs;');
    expect(await r.lib.remote.sync()).toMatchObject({ uploaded: 1, alreadyThere: 1 });
    expect(await objectSha(s3, t.bucket, blobKey(r.prefix, shas[0] as string))).toBe(shas[0]);
  });

  it('uploads a file over 64 MiB in parts streamed from the file, checks every part, and leaves no multipart upload behind', async () => {
    const r = await remoteLibrary(t, 'multipart');
    cleanups.push(r.cleanup);
    const media = tempDir('s3-big');
    cleanups.push(media.cleanup);
    const file = path.join(media.dir, 'render.mov');
    const size = 70 * 1024 * 1024 + 12345;
    const sha = writeRandomFile(file, size);
    const render = await r.lib.renders.store(alice, (await r.lib.projects.create(alice, { name: 'Big', scope: 'user' })).id, { path: file });
    expect(render.sha256).toBe(sha);
    const progress: number[] = [];
    const rep = await r.lib.remote.sync({ onProgress: (p) => progress.push(p.bytesDone) });
    expect(rep).toMatchObject({ uploaded: 1, bytesUploaded: size, left: 0 });
    expect(Math.max(...progress)).toBe(size);
    const h = await headObject(s3, t.bucket, blobKey(r.prefix, sha));
    expect(h?.ContentLength).toBe(size);
    expect(h?.Metadata?.sha256).toBe(sha);
    // A multipart object's ETag is "<md5 of the parts' md5s>-<parts>": 16 MiB parts here.
    expect(h?.ETag).toMatch(/-5"?$/);
    expect(await objectSha(s3, t.bucket, blobKey(r.prefix, sha))).toBe(sha);
    expect(await openUploads(s3, t.bucket, r.prefix)).toBe(0);
    expect(r.lib.ctx.db.prepare('SELECT count(*) FROM remote_outbox').pluck().get()).toBe(0);
  });

  it('verifies past 1,000 objects: every confirmed object checked, and an object the catalog does not know found on the second listing page', async () => {
    const r = await remoteLibrary(t, 'many');
    cleanups.push(r.cleanup);
    const media = tempDir('s3-many');
    cleanups.push(media.cleanup);
    mkdirSync(path.join(media.dir, 'clips'));
    for (let i = 0; i < 1100; i++) writeFileSync(path.join(media.dir, 'clips', `clip-${i}.txt`), `clip number ${i}\n`);
    expect((await r.lib.assets.importPaths(alice, [media.dir])).imported).toBe(1100);
    const rep = await r.lib.remote.sync({ concurrency: 16 });
    expect(rep).toMatchObject({ uploaded: 1100, left: 0 });

    const v = await r.lib.verify();
    expect(v).toMatchObject({ ok: true, checkedRemote: 1100 });

    // Keys list in order, 1,000 a page: an "ff…" key is on the second page.
    const stray = `ff${'e'.repeat(62)}`;
    await s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: blobKey(r.prefix, stray), Body: 'stray' }));
    const v2 = await r.lib.verify();
    expect(v2.ok).toBe(false);
    expect(v2.problems).toEqual([expect.objectContaining({ kind: 'stray-file', item: `s3://${t.bucket}/${blobKey(r.prefix, stray)}` })]);
  });
});

async function objectBytes(key: string): Promise<Buffer> {
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  const r = await s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: key }));
  return Buffer.from(await (r.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}
