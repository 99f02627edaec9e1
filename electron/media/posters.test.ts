import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DETAIL_WIDTH, GRID_WIDTH, makeImageThumb, makePoster, posterTime } from './posters.js';
import * as fx from './test-support/media-fixtures.js';
import { useTempDir } from './test-support/temp-dir.js';

const dir = useTempDir('posters');
const out = (name: string): string => path.join(dir, 'out', name);
let h264 = '';
let rotated = '';
let vp9 = '';

beforeAll(async () => {
  [h264, rotated, vp9] = await Promise.all([fx.h264NoAudio(dir), fx.rotatedPhoneVideo(dir), fx.vp9WebM(dir)]);
});

async function dims(file: string): Promise<[number | undefined, number | undefined, string | undefined]> {
  const m = await sharp(file).metadata();
  return [m.width, m.height, m.format];
}

describe('posterTime', () => {
  it('is 10% or 1 s, whichever is earlier, and 0 for tiny or unknown clips', () => {
    expect(posterTime(5)).toBeCloseTo(0.5);
    expect(posterTime(600)).toBe(1);
    expect(posterTime(0.4)).toBe(0);
    expect(posterTime(null)).toBe(0);
  });
});

describe('makePoster', () => {
  it('writes a grid JPEG scaled to width with the aspect kept', async () => {
    const r = await makePoster(h264, out('grid.jpg'), { width: GRID_WIDTH });
    const expected = [GRID_WIDTH, Math.round((GRID_WIDTH * fx.NO_AUDIO.height) / fx.NO_AUDIO.width / 2) * 2];
    expect([r.width, r.height]).toEqual(expected);
    expect(await dims(out('grid.jpg'))).toEqual([...expected, 'jpeg']);
  });

  it('never enlarges: the detail size of a small video is the video size', async () => {
    const r = await makePoster(h264, out('detail.webp'), { width: DETAIL_WIDTH, durationSeconds: fx.NO_AUDIO.seconds });
    expect(await dims(out('detail.webp'))).toEqual([fx.NO_AUDIO.width, fx.NO_AUDIO.height, 'webp']);
    expect(r).toMatchObject({ width: fx.NO_AUDIO.width, height: fx.NO_AUDIO.height, format: 'webp' });
  });

  it('stands a phone video upright', async () => {
    await makePoster(rotated, out('rotated.jpg'), { width: 90 });
    const [w, h] = await dims(out('rotated.jpg'));
    expect(w).toBe(90);
    expect(h).toBe(Math.round((90 * fx.ROTATED.codedWidth) / fx.ROTATED.codedHeight / 2) * 2);
  });

  it('falls back to the first frame when the seek lands past the end', async () => {
    const r = await makePoster(vp9, out('late.jpg'), { width: 128, atSeconds: 30, inputFormat: 'matroska' });
    expect([r.width, r.height]).toEqual([128, 72]);
  });

  it('leaves no temp files behind', () => {
    expect(readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('makeImageThumb', () => {
  it('resizes to width and applies EXIF orientation', async () => {
    const o6 = await fx.jpegImage(dir, 6);
    const r = await makeImageThumb(o6, out('o6.jpg'), { width: 150 });
    // Orientation 6 turns the 400×300 pixels into a 300×400 picture.
    expect([r.width, r.height]).toEqual([150, 200]);
    expect(await dims(out('o6.jpg'))).toEqual([150, 200, 'jpeg']);
  });

  it('writes WebP and never enlarges', async () => {
    const png = await fx.pngImage(dir);
    const r = await makeImageThumb(png, out('png.webp'), { width: DETAIL_WIDTH });
    expect(await dims(out('png.webp'))).toEqual([fx.IMAGE.width, fx.IMAGE.height, 'webp']);
    expect(r.format).toBe('webp');
  });

  it('fails cleanly on a decompression bomb (sharp default pixel limit kept)', async () => {
    const bomb = await fx.pngBomb(dir); // 900 Mpx claimed, above sharp's 268 Mpx default
    await expect(makeImageThumb(bomb, out('bomb.jpg'), { width: GRID_WIDTH })).rejects.toMatchObject({ reason: 'image too large' });
    expect(existsSync(out('bomb.jpg'))).toBe(false);
  });

  it('rejects a file that is not an image', async () => {
    await expect(makeImageThumb(await fx.textFile(dir), out('text.jpg'), { width: GRID_WIDTH })).rejects.toMatchObject({ reason: 'not a readable image' });
  });
});
