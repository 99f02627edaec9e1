/**
 * The media worker over a real library: real ffmpeg-made media imported through the storage library,
 * real posters and filmstrips stored as blobs, failures recorded on the items.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { alice, tempDir, tempLibrary } from '../storage/test-support/fixtures.js';
import { H264, IMAGE, h264WithAudio, pngImage, wavAudio } from './test-support/media-fixtures.js';
import { startMediaWorker, type MediaWorker } from './media-worker.js';
import { FILMSTRIP_FRAMES, FILMSTRIP_TILE_WIDTH } from './media-worker.js';

describe('media worker', () => {
  let t: ReturnType<typeof tempLibrary>;
  let src: ReturnType<typeof tempDir>;
  let worker: MediaWorker | undefined;
  beforeEach(() => { t = tempLibrary(); src = tempDir('media-src'); });
  afterEach(async () => { await worker?.close(); worker = undefined; t.cleanup(); src.cleanup(); });

  it('probes imports, fills asset fields, and stores posters, filmstrips and waveforms as blobs', async () => {
    const video = await h264WithAudio(src.dir);
    const image = await pngImage(src.dir);
    const wav = await wavAudio(src.dir);
    const s = await t.lib.assets.importPaths(alice, [video, image, wav]);
    const [v, i, a] = s.items.map((x) => x.asset!);
    worker = await startMediaWorker(t.lib, { concurrency: 1 });
    await worker.queue.whenIdle();

    const va = t.lib.assets.get(alice, v!.id);
    expect(va).toMatchObject({ width: H264.width, height: H264.height });
    expect(va.durationSeconds).toBeCloseTo(H264.seconds, 0);
    expect(va.media).toMatchObject({ state: 'done', error: null, probe: { kind: 'video', fps: H264.fps, videoCodec: 'h264' } });
    const grid = await sharp(t.lib.ctx.blobs.pathOf(va.media!.posterGrid!)).metadata();
    expect(grid.width).toBe(H264.width); // never upscaled past the source
    // No wider than the grid size: one poster serves both sizes.
    expect(va.media!.posterDetail).toBe(va.media!.posterGrid);
    const strip = va.media!.filmstrip!;
    expect(strip).toMatchObject({ frames: FILMSTRIP_FRAMES, tileWidth: FILMSTRIP_TILE_WIDTH });
    const stripMeta = await sharp(t.lib.ctx.blobs.pathOf(strip.sha256)).metadata();
    expect(stripMeta.width).toBe(FILMSTRIP_FRAMES * FILMSTRIP_TILE_WIDTH);
    expect(va.media!.waveform).toMatch(/^[0-9a-f]{64}$/);

    const ia = t.lib.assets.get(alice, i!.id);
    expect(ia).toMatchObject({ width: IMAGE.width, height: IMAGE.height, media: { state: 'done', probe: { kind: 'image' } } });
    expect((await sharp(t.lib.ctx.blobs.pathOf(ia.media!.posterGrid!)).metadata()).format).toBe('webp');
    // Wider than the grid size: two pictures, the detail one at the source's own width.
    expect(ia.media!.posterDetail).not.toBe(ia.media!.posterGrid);
    expect((await sharp(t.lib.ctx.blobs.pathOf(ia.media!.posterGrid!)).metadata()).width).toBe(320);
    expect((await sharp(t.lib.ctx.blobs.pathOf(ia.media!.posterDetail!)).metadata()).width).toBe(IMAGE.width);

    const aa = t.lib.assets.get(alice, a!.id);
    expect(aa.media).toMatchObject({ state: 'done', posterGrid: null, probe: { kind: 'audio' } });
    expect(aa.media!.waveform).toMatch(/^[0-9a-f]{64}$/);

    // Derived images are referenced: gc keeps them, verify is clean.
    expect((await t.lib.gc({ graceMs: 0 })).removedBlobs).toBe(0);
    expect((await t.lib.verify({ full: true })).ok).toBe(true);
  });

  it('a broken file ends as a recorded failure with its reason, and redo runs it again', async () => {
    const fake = path.join(src.dir, 'broken.mp4');
    writeFileSync(fake, 'this is just text pretending to be a video');
    const asset = (await t.lib.assets.importPaths(alice, [fake])).items[0]!.asset!;
    expect(asset.type).toBe('video'); // by extension: the content sniff found nothing
    worker = await startMediaWorker(t.lib, { concurrency: 1 });
    await worker.queue.whenIdle();
    const got = t.lib.assets.get(alice, asset.id);
    expect(got.media).toMatchObject({ state: 'failed', error: 'not a media file', posterGrid: null });
    expect(worker.queue.counts().failed).toBe(1);
    worker.redo(asset.sha256);
    await worker.queue.whenIdle();
    expect(t.lib.assets.get(alice, asset.id).media).toMatchObject({ state: 'failed', error: 'not a media file' });
  });

  it('renders get probed values where the caller was wrong, with a note saying so', async () => {
    const p = await t.lib.projects.create(alice, { name: 'P' });
    const video = await h264WithAudio(src.dir);
    const r = await t.lib.renders.store(alice, p.id, { path: video }, { fps: 30, resolution: '1920x1080' });
    worker = await startMediaWorker(t.lib, { concurrency: 1 });
    await worker.queue.whenIdle();
    const got = t.lib.renders.get(alice, r.id);
    expect(got).toMatchObject({ fps: H264.fps, width: H264.width, height: H264.height, codec: 'h264' });
    expect(got.media!.note).toBe(`Corrected from the file: width 1920 → ${H264.width}, height 1080 → ${H264.height}, fps 30 → ${H264.fps}`);
  });

  it('pending work survives a restart: a paused worker closed and reopened picks it up', async () => {
    const image = await pngImage(src.dir);
    const asset = (await t.lib.assets.importPaths(alice, [image])).items[0]!.asset!;
    worker = await startMediaWorker(t.lib, { paused: true });
    expect(worker.queue.counts().queued).toBe(1);
    await worker.close();
    const lib = t.reopen();
    expect(lib.media.jobs.loadPending().map((j) => j.id)).toEqual([`analyze:${asset.sha256}`]);
    worker = await startMediaWorker(lib, { concurrency: 1 });
    await worker.queue.whenIdle();
    expect(lib.assets.get(alice, asset.id).media!.state).toBe('done');
    expect(lib.media.jobs.loadPending()).toEqual([]);
  });

  it('work a previous run left pending comes back a page at a time after start, all of it in the end', async () => {
    // 1,200 records marked pending with no job (a host stopped mid-queue): the start re-queues one page
    // at once and the rest on later turns, so a host answers requests before all are back.
    const db = t.lib.ctx.db;
    const now = new Date().toISOString();
    db.transaction(() => {
      for (let i = 0; i < 1200; i++) {
        const sha = i.toString(16).padStart(64, '0');
        db.prepare('INSERT INTO blobs (sha256, size, created_at) VALUES (?, 1, ?)').run(sha, now);
        db.prepare("INSERT INTO media_info (sha256, state, updated_at) VALUES (?, 'pending', ?)").run(sha, now);
      }
    })();
    worker = await startMediaWorker(t.lib, { paused: true });
    expect(worker.queue.counts().queued).toBe(500);
    await worker.requeued;
    expect(worker.queue.counts().queued).toBe(1200);
    expect(new Set(worker.queue.list().map((j) => j.id)).size).toBe(1200);
  });

  it('a cancelled job is recorded as failed with the reason "cancelled", so its tile offers a retry', async () => {
    const image = await pngImage(src.dir);
    const asset = (await t.lib.assets.importPaths(alice, [image])).items[0]!.asset!;
    worker = await startMediaWorker(t.lib, { paused: true });
    expect(worker.queue.cancel(`analyze:${asset.sha256}`)).toBe(true);
    expect(t.lib.assets.get(alice, asset.id).media).toMatchObject({ state: 'failed', error: 'cancelled' });
    worker.redo(asset.sha256);
    worker.queue.resume();
    await worker.queue.whenIdle();
    expect(t.lib.assets.get(alice, asset.id).media!.state).toBe('done');
  });
});

