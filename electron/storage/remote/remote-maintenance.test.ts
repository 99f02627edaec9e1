/**
 * Maintenance that knows about the bucket, against a real S3 server: verify --full finds a tampered
 * object that HEAD cannot, repair uploads it again from the local copy and says what is gone
 * everywhere; gc deletes an object only after its grace period and never while another gc holds the
 * prefix's lease; a backup to the bucket brings the library back into an empty folder elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { alice, readAll, tempDir } from '../test-support/fixtures.js';
import { openStorage, restoreBackupFromBucket } from '../index.js';
import { type S3Target } from './test-support/s3-server.js';
import { blobKey, headObject, objectSha, remoteLibrary, useBucket, writeRandomFile } from './test-support/remote-fixtures.js';

let t: S3Target;
let s3: S3Client;
const cleanups = useBucket((b) => ({ t, s3 } = b));

describe('verify and repair with a bucket', () => {
  it('finds a tampered object with --full (HEAD cannot), repairs it from the local copy, and marks what is gone everywhere', async () => {
    const r = await remoteLibrary(t, 'tamper');
    cleanups.push(r.cleanup);
    const media = tempDir('s3-tamper');
    cleanups.push(media.cleanup);
    const fa = path.join(media.dir, 'a.bin');
    const fb = path.join(media.dir, 'b.bin');
    writeRandomFile(fa, 200_000, 'tamper-a');
    writeRandomFile(fb, 200_000, 'tamper-b');
    const imp = await r.lib.assets.importPaths(alice, [fa, fb]);
    const a = imp.items[0]!.asset!;
    const b = imp.items[1]!.asset!;
    await r.lib.remote.sync();

    // Same size, same metadata, other bytes: only reading the object tells.
    const evil = Buffer.from(readFileSync(fa));
    evil[1234] = (evil[1234] as number) ^ 0xff;
    await s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: blobKey(r.prefix, a.sha256), Body: evil, Metadata: { sha256: a.sha256 } }));
    expect((await r.lib.verify()).ok).toBe(true);
    const full = await r.lib.verify({ full: true });
    expect(full.problems).toEqual([expect.objectContaining({ kind: 'remote-damaged', item: `asset ${a.id} (in the bucket)`, detail: expect.stringContaining('hashes to') })]);

    const rep = await r.lib.repair({ full: true });
    expect(rep).toMatchObject({ reuploaded: 1, goneEverywhere: [], assetsMissing: 0 });
    expect(await objectSha(s3, t.bucket, blobKey(r.prefix, a.sha256))).toBe(a.sha256);
    expect((await r.lib.verify({ full: true })).ok).toBe(true);

    // Lost by the bucket after the local copy was evicted: gone everywhere, and said so.
    await r.lib.remote.evict({ budgetBytes: 0 });
    expect(existsSync(r.lib.ctx.blobs.pathOf(b.sha256))).toBe(false);
    await s3.send(new DeleteObjectCommand({ Bucket: t.bucket, Key: blobKey(r.prefix, b.sha256) }));
    expect((await r.lib.verify()).problems).toEqual([expect.objectContaining({ kind: 'remote-missing', item: `asset ${b.id} (in the bucket)` })]);
    const rep2 = await r.lib.repair();
    expect(rep2).toMatchObject({ goneEverywhere: [b.sha256], assetsMissing: 1 });
    expect(r.lib.ctx.db.prepare('SELECT content_missing FROM assets WHERE id = ?').pluck().get(b.id)).toBe(1);
    // The content coming back (a re-import) uploads by itself and clears the mark.
    await r.lib.assets.importPaths(alice, [fb]);
    expect(await r.lib.remote.sync({ now: true })).toMatchObject({ uploaded: 1, left: 0 });
    expect((await r.lib.repair()).cleared).toBe(1);
  });
});

describe('gc with a bucket', () => {
  it('marks an unreferenced object first and deletes it only after the grace period; content referenced again meanwhile keeps it', async () => {
    const r = await remoteLibrary(t, 'gc');
    cleanups.push(r.cleanup);
    const media = tempDir('s3-gc');
    cleanups.push(media.cleanup);
    const fx = path.join(media.dir, 'x.bin');
    const fy = path.join(media.dir, 'y.bin');
    writeFileSync(fx, 'x content\n');
    writeFileSync(fy, 'y content\n');
    const imp = await r.lib.assets.importPaths(alice, [fx, fy]);
    const x = imp.items[0]!.asset!;
    const y = imp.items[1]!.asset!;
    await r.lib.remote.sync();
    r.lib.assets.delete(alice, [x.id, y.id]);
    await r.lib.trash.empty(alice);

    const g1 = await r.lib.gc({ graceMs: 0, remoteGraceMs: 3_600_000 });
    expect(g1).toMatchObject({ removedBlobs: 2, remote: { marked: 2, deleted: 0, waiting: 2 } });
    expect(await headObject(s3, t.bucket, blobKey(r.prefix, x.sha256))).not.toBeNull();

    // y comes back before the grace period is over: its mark is dropped, its object stays.
    await r.lib.assets.importPaths(alice, [fy]);
    await r.lib.remote.sync({ now: true });
    const g2 = await r.lib.gc({ graceMs: 0, remoteGraceMs: 0 });
    expect(g2.remote).toMatchObject({ deleted: 1, unmarked: 1, waiting: 0 });
    expect(await headObject(s3, t.bucket, blobKey(r.prefix, x.sha256))).toBeNull();
    expect(await objectSha(s3, t.bucket, blobKey(r.prefix, y.sha256))).toBe(y.sha256);
    expect((await r.lib.verify()).ok).toBe(true);
  });

  it('never runs while another gc of the prefix holds its lease; of two at once exactly one runs', async () => {
    const r = await remoteLibrary(t, 'lease');
    cleanups.push(r.cleanup);
    const media = tempDir('s3-lease');
    cleanups.push(media.cleanup);
    writeFileSync(path.join(media.dir, 'z.bin'), 'z content\n');
    const z = (await r.lib.assets.importPaths(alice, [media.dir])).items[0]!.asset!;
    await r.lib.remote.sync();
    r.lib.assets.delete(alice, [z.id]);
    await r.lib.trash.empty(alice);

    const leaseKey = `${r.prefix}/locks/gc.json`;
    const held = { owner: 'someone-else', libraryId: 'x', host: 'other-laptop', pid: 4242, acquiredAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 600_000).toISOString() };
    await s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: leaseKey, Body: JSON.stringify(held) }));
    const blocked = await r.lib.gc({ graceMs: 0, remoteGraceMs: 0 });
    expect(blocked.remote).toMatchObject({ deleted: 0, marked: 0, skipped: expect.stringContaining('other-laptop (pid 4242') });
    expect(await headObject(s3, t.bucket, blobKey(r.prefix, z.sha256))).not.toBeNull();

    // An expired lease (its holder died) is taken over.
    await s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: leaseKey, Body: JSON.stringify({ ...held, expiresAt: new Date(Date.now() - 1000).toISOString() }) }));
    // Two processes' gc at once (two opens of the library): one runs, the other is told why not.
    const second = openStorage({ provider: 'filesystem', dir: r.dir });
    cleanups.push(() => second.close());
    const [g1, g2] = await Promise.all([r.lib.gc({ graceMs: 0, remoteGraceMs: 0 }), second.gc({ graceMs: 0, remoteGraceMs: 0 })]);
    const ran = [g1, g2].filter((g) => !g.remote?.skipped);
    expect(ran).toHaveLength(1);
    expect(ran[0]?.remote).toMatchObject({ deleted: 1 });
    expect([g1, g2].find((g) => g.remote?.skipped)?.remote?.skipped).toMatch(/another gc/);
    expect(await headObject(s3, t.bucket, blobKey(r.prefix, z.sha256))).toBeNull();
    expect(await headObject(s3, t.bucket, leaseKey)).toBeNull();
  });

  it('an upload racing a deletion gc is executing is not confirmed until the deletion is done, then sent again', async () => {
    const r = await remoteLibrary(t, 'race');
    cleanups.push(r.cleanup);
    const media = tempDir('s3-race');
    cleanups.push(media.cleanup);
    writeFileSync(path.join(media.dir, 'w.bin'), 'w content\n');
    const w = (await r.lib.assets.importPaths(alice, [media.dir])).items[0]!.asset!;
    await r.lib.remote.sync();
    // As gc leaves it between "executing" and the DELETE answering:
    r.lib.ctx.db.prepare("INSERT INTO remote_deletions (sha256, marked_at, executing) VALUES (?, '2026-01-01T00:00:00Z', 1)").run(w.sha256);
    r.lib.ctx.db.prepare('INSERT INTO remote_outbox (sha256, queued_at) VALUES (?, ?)').run(w.sha256, new Date().toISOString());
    expect(await r.lib.remote.sync({ now: true })).toMatchObject({ uploaded: 0, alreadyThere: 0, left: 1 });
    // gc finishes: the object is deleted and its rows go (the blob row is back, so nothing else does).
    const g = await r.lib.gc({ graceMs: 3_600_000, remoteGraceMs: 0 });
    expect(g.remote).toMatchObject({ deleted: 1 });
    expect(await headObject(s3, t.bucket, blobKey(r.prefix, w.sha256))).toBeNull();
    expect(await r.lib.remote.sync({ now: true })).toMatchObject({ uploaded: 1, left: 0 });
    expect(await objectSha(s3, t.bucket, blobKey(r.prefix, w.sha256))).toBe(w.sha256);
  });
});

describe('backup to the bucket, restore on another machine', () => {
  it('restore-backup s3://… brings the library back into an empty folder: projects, workspace as it was at the backup, assets, renders', async () => {
    const r = await remoteLibrary(t, 'restore');
    const media = tempDir('s3-restore');
    cleanups.push(media.cleanup);
    const p = await r.lib.projects.create(alice, { name: 'Trailer', scope: 'user' });
    await r.lib.files.write(alice, p.id, 'scenes/intro.txt', 'fade in\n');
    await r.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    const clip = path.join(media.dir, 'clip.bin');
    writeRandomFile(clip, 2_000_000, 'restore-clip');
    const asset = (await r.lib.assets.importPaths(alice, [clip], { projectId: p.id })).items[0]!.asset!;
    const renderFile = path.join(media.dir, 'cut.mp4');
    writeRandomFile(renderFile, 3_000_000, 'restore-render');
    const render = await r.lib.renders.store(alice, p.id, { path: renderFile });
    // Changed after the last checkpoint (the render's): the backup checkpoints it, so it is not lost.
    await r.lib.files.write(alice, p.id, 'scenes/intro.txt', 'fade in, slowly\n');
    await r.lib.files.write(alice, p.id, 'scenes/outro.txt', 'fade out\n');

    const b = await r.lib.remote.backup();
    expect(b).toMatchObject({ workspacesCheckpointed: 1, notInBucket: 0 });
    // The laptop is lost.
    r.cleanup();

    const other = tempDir('s3-second-machine');
    cleanups.push(other.cleanup);
    writeFileSync(path.join(other.dir, 'occupied'), '');
    await expect(restoreBackupFromBucket({ url: r.url, endpoint: t.endpoint, pathStyle: t.pathStyle }, other.dir)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    rmSync(path.join(other.dir, 'occupied'));
    const rep = await restoreBackupFromBucket({ url: r.url, endpoint: t.endpoint, pathStyle: t.pathStyle }, other.dir);
    expect(rep).toMatchObject({ projects: 1, workspaceFiles: 2, adoptedSkipped: 0 });

    const lib = openStorage({ provider: 'filesystem', dir: other.dir });
    cleanups.push(() => lib.close());
    const [q] = lib.projects.list(alice);
    expect(q).toMatchObject({ id: p.id, name: 'Trailer' });
    expect((await readAll(await lib.files.read(alice, p.id, 'scenes/intro.txt'))).toString()).toBe('fade in, slowly\n');
    expect((await readAll(await lib.files.read(alice, p.id, 'scenes/outro.txt'))).toString()).toBe('fade out\n');
    expect((await readAll(lib.assets.read(alice, asset.id))).equals(readFileSync(clip))).toBe(true);
    const out = path.join(media.dir, 'exported.mp4');
    await lib.renders.export(alice, render.id, out);
    expect(readFileSync(out).equals(readFileSync(renderFile))).toBe(true);
    expect(lib.remote.status()).toMatchObject({ url: r.url, outboxBlobs: 0 });
    expect((await lib.verify()).ok).toBe(true);
  });
});
