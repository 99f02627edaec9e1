import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { filmstripTimes, makeFilmstrip } from './filmstrip.js';
import { probeMedia } from './probe.js';
import * as fx from './test-support/media-fixtures.js';
import { useTempDir } from './test-support/temp-dir.js';

const dir = useTempDir('filmstrip');
let h264 = '';
let rotated = '';

beforeAll(async () => {
  [h264, rotated] = await Promise.all([fx.h264WithAudio(dir), fx.rotatedPhoneVideo(dir)]);
});

/** Mean brightness of each tile, to tell the tiles apart without trusting the writer. */
async function tileMeans(file: string, frames: number, tileWidth: number, tileHeight: number): Promise<number[]> {
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
  return Array.from({ length: frames }, (_, t) => {
    let sum = 0;
    for (let y = 0; y < tileHeight; y++) for (let x = 0; x < tileWidth; x++) sum += data[y * info.width + t * tileWidth + x]!;
    return sum / (tileWidth * tileHeight);
  });
}

describe('filmstripTimes', () => {
  it('spaces N times evenly inside the clip', () => {
    expect(filmstripTimes(10, 5)).toEqual([1, 3, 5, 7, 9]);
    expect(filmstripTimes(2, 1)).toEqual([1]);
  });
});

describe('makeFilmstrip', () => {
  it('makes one horizontal sprite of exactly N tiles', async () => {
    const frames = 8;
    const out = path.join(dir, 'strip.jpg');
    const r = await makeFilmstrip(h264, out, { frames, tileWidth: 80 });
    expect(r).toMatchObject({ frames, tileWidth: 80, tileHeight: 60, width: 640, height: 60 });
    expect(r.times).toHaveLength(frames);
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([640, 60, 'jpeg']);
    // testsrc2 moves over time, so evenly spaced tiles are not copies of one frame.
    const means = await tileMeans(out, frames, 80, 60);
    expect(new Set(means.map((m) => m.toFixed(1))).size).toBeGreaterThan(frames / 2);
  });

  it('uses portrait tiles for a rotated video and reports progress', async () => {
    const progress: number[] = [];
    const probe = await probeMedia(rotated);
    const r = await makeFilmstrip(rotated, path.join(dir, 'rotated.webp'), { frames: 3, tileWidth: 36, probe, onProgress: (f) => progress.push(f) });
    expect(r).toMatchObject({ tileWidth: 36, tileHeight: 64, width: 108, height: 64 });
    const meta = await sharp(path.join(dir, 'rotated.webp')).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([108, 64, 'webp']);
    expect(progress).toEqual([1 / 3, 2 / 3, 1]);
  });

  it('refuses audio and bad sizes', async () => {
    await expect(makeFilmstrip(await fx.wavAudio(dir), path.join(dir, 'a.jpg'), { frames: 4, tileWidth: 80 })).rejects.toMatchObject({ reason: 'not a video' });
    await expect(makeFilmstrip(h264, path.join(dir, 'b.jpg'), { frames: 0, tileWidth: 80 })).rejects.toMatchObject({ reason: 'invalid size' });
  });
});
