import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { filmstripTimes, makeFilmstrip } from './filmstrip.js';
import { probeMedia } from './probe.js';
import * as fx from './test-support/media-fixtures.js';
import { useTempDir } from './test-support/temp-dir.js';
import { resolveFfmpeg } from './binaries.js';
import { runTool } from './run-tool.js';

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

  it('uses portrait tiles for a rotated video and reports progress, in one pass and tile by tile', async () => {
    const probe = await probeMedia(rotated);
    // The same clip said to be a quarter of its length: the one pass reaches its budget, so tile by tile.
    for (const [name, p, runs, expected] of [['rotated.webp', probe, 1, [1]], ['rotated-tiles.webp', { ...probe, durationSeconds: (probe.durationSeconds ?? 0) / 4 }, 4, [1 / 3, 2 / 3, 1]]] as const) {
      const progress: number[] = [];
      const r = await makeFilmstrip(rotated, path.join(dir, name), { frames: 3, tileWidth: 36, probe: p, onProgress: (f) => progress.push(f) });
      expect(r).toMatchObject({ tileWidth: 36, tileHeight: 64, width: 108, height: 64, ffmpegRuns: runs });
      const meta = await sharp(path.join(dir, name)).metadata();
      expect([meta.width, meta.height, meta.format]).toEqual([108, 64, 'webp']);
      expect(progress).toEqual(expected);
    }
  });

  it('refuses audio and bad sizes', async () => {
    await expect(makeFilmstrip(await fx.wavAudio(dir), path.join(dir, 'a.jpg'), { frames: 4, tileWidth: 80 })).rejects.toMatchObject({ reason: 'not a video' });
    await expect(makeFilmstrip(h264, path.join(dir, 'b.jpg'), { frames: 0, tileWidth: 80 })).rejects.toMatchObject({ reason: 'invalid size' });
  });
});

describe('makeFilmstrip, keyframe first', () => {
  // 20 s at 30 fps whose brightness steps every quarter second, so any two frames 0.25 s apart
  // differ; 10 tiles of 2 s slices, centred on 1, 3, 5 … 19 s.
  const FPS = 30;
  // 1280×720 by default: big enough that a strip is not one pass (20 s is 553 Mpx) and tries
  // keyframes (half a slice is 27.6 Mpx); drawn at 64×36 and scaled up, since geq is slow per pixel.
  const clip = async (name: string, keyint: number, size = '1280:720') => {
    const file = path.join(dir, name);
    await fx.ffmpegMake([
      '-f', 'lavfi', '-i', `color=c=gray:s=64x36:r=${FPS}:d=20,format=yuv420p,geq=lum='16+mod(floor(T*4)*23\\,220)':cb=128:cr=128,scale=${size}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-x264-params', `keyint=${keyint}:min-keyint=${keyint}:scenecut=0`, file,
    ]);
    return file;
  };
  /** Mean brightness of the frame shown at `seconds`, decoded exactly by ffmpeg itself (not by the code under test). */
  const frameMean = async (file: string, seconds: number) => {
    const r = await runTool((await resolveFfmpeg()).path, ['-nostdin', '-loglevel', 'error', '-ss', seconds.toFixed(4), '-i', file, '-frames:v', '1', '-vf', 'scale=32:18', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'], { timeoutMs: 30_000 });
    return [...r.stdout].reduce((a, b) => a + b, 0) / r.stdout.length;
  };
  const strip = async (file: string, probe?: Awaited<ReturnType<typeof probeMedia>>) => {
    const out = path.join(dir, `${path.basename(file)}.jpg`);
    const r = await makeFilmstrip(file, out, { frames: 10, tileWidth: 32, format: 'jpeg', ...(probe ? { probe } : {}) });
    return { r, means: await tileMeans(out, 10, r.tileWidth, r.tileHeight) };
  };

  it('the keyframe nearest the tile\'s time is the tile (keyframes decoded, not the GOP up to the time)', async () => {
    const file = await clip('gop-0.8s.mp4', 24); // keyframes every 0.8 s: one in each 2 s slice
    const { r, means } = await strip(file);
    expect(r.ffmpegRuns).toBe(10); // one keyframe try per tile, each a hit
    let differs = 0;
    for (const [i, t] of r.times.entries()) {
      const keyframe = Math.round((t * FPS) / 24) * 24; // the frame index of the keyframe nearest t (never a tie here)
      const atKey = await frameMean(file, keyframe / FPS + 0.001);
      expect(Math.abs((means[i] as number) - atKey)).toBeLessThan(6);
      if (Math.abs(atKey - (await frameMean(file, t))) > 10) differs++;
    }
    // Each keyframe is 0.2 s from its tile's time; for half the tiles a brightness step lies between,
    // so the check above told the keyframe from the exact frame there.
    expect(differs).toBeGreaterThanOrEqual(4);
  });

  it('a GOP a little longer than a slice: a keyframe within half a slice, before or after, is the tile, else the exact frame', async () => {
    const file = await clip('gop-2.6s.mp4', 78); // keyframes at 0, 2.6, 5.2 … 18.2 s
    const { r, means } = await strip(file);
    let kept = 0;
    for (const [i, t] of r.times.entries()) {
      const k = Math.round(t / 2.6) * 2.6; // the nearest keyframe: 1 s from tile 0 (a miss), 0.4–0.8 s or 1.2 s from the others
      const inSlice = Math.abs(k - t) < 1 - 1e-6;
      const expected = await frameMean(file, inSlice ? k + 0.001 : t);
      expect(Math.abs((means[i] as number) - expected), `tile ${i} at ${t}s`).toBeLessThan(6);
      if (inSlice && Math.abs(expected - (await frameMean(file, t))) > 10) kept++;
    }
    // Tiles 3, 7, 11, 15 and 19 s take keyframes 0.4–0.8 s away, before and after, which look unlike the exact frames.
    expect(kept).toBeGreaterThanOrEqual(4);
  });

  it('a small clip is decoded in one pass, each tile the frame an exact seek gives, short GOP or not', async () => {
    const file = await clip('gop-0.8s-small.mp4', 24, '64:36'); // 1.4 Mpx in all
    const { r, means } = await strip(file);
    expect(r.ffmpegRuns).toBe(1);
    let differs = 0;
    for (const [i, t] of r.times.entries()) {
      const exact = await frameMean(file, t);
      expect(Math.abs((means[i] as number) - exact), `tile ${i} at ${t}s`).toBeLessThan(6);
      if (Math.abs(exact - (await frameMean(file, (Math.round((t * FPS) / 24) * 24) / FPS + 0.001))) > 10) differs++;
    }
    expect(differs).toBeGreaterThanOrEqual(4); // the nearest keyframe's frame would have failed the check
  });

  it('a small clip that is longer than its probe said: the one pass stops at its budget and the strip is made tile by tile', async () => {
    const file = await clip('longer-than-said.mp4', 24, '64:36');
    const probe = await probeMedia(file);
    // As a container with a wrong duration says it: 4 s of a 20 s clip (one pass would keep ≈ 130 frames).
    const { r, means } = await strip(file, { ...probe, durationSeconds: 4 });
    expect(r.ffmpegRuns).toBeGreaterThan(10);
    expect(r.times).toEqual(filmstripTimes(4, 10));
    for (const [i, t] of r.times.entries()) expect(Math.abs((means[i] as number) - (await frameMean(file, t))), `tile ${i} at ${t}s`).toBeLessThan(6);
  });

  it('the last tile of a one-pass strip past the clip\'s last frame is that last frame', async () => {
    const file = await clip('shorter-than-said.mp4', 24, '64:36');
    const probe = await probeMedia(file);
    // Said 24 s of a 20 s clip: the last two tiles' times (20.4 and 22.8 s) are past its last frame (at 19.967 s).
    const { r, means } = await strip(file, { ...probe, durationSeconds: 24 });
    expect(r.ffmpegRuns).toBe(1);
    const last = await frameMean(file, 19.95);
    for (const i of [8, 9]) expect(Math.abs((means[i] as number) - last)).toBeLessThan(6);
    expect(Math.abs((means[7] as number) - (await frameMean(file, 18)))).toBeLessThan(6);
  });

  it('a GOP longer than a slice: each tile is decoded to its own time, never the clip\'s first frame for all', async () => {
    const file = await clip('gop-20s.mp4', 600); // one keyframe, at 0
    const { r, means } = await strip(file);
    for (const [i, t] of r.times.entries()) expect(Math.abs((means[i] as number) - (await frameMean(file, t)))).toBeLessThan(6);
    expect(new Set(means.map((m) => Math.round(m / 10))).size).toBeGreaterThan(5);
  });
});
