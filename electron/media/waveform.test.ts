import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import * as fx from './test-support/media-fixtures.js';
import { useTempDir } from './test-support/temp-dir.js';
import { makeWaveform } from './waveform.js';

const dir = useTempDir('waveform');

describe('makeWaveform', () => {
  it('draws a PNG of the requested size for audio and for a video soundtrack', async () => {
    const [mp3, video] = await Promise.all([fx.mp3Audio(dir), fx.h264WithAudio(dir)]);
    for (const [src, name] of [[mp3, 'mp3.png'], [video, 'video.png']] as const) {
      const out = path.join(dir, name);
      expect(await makeWaveform(src, out, { width: 400, height: 64 })).toEqual({ file: out, width: 400, height: 64 });
      const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([400, 64]);
      expect((await sharp(out).metadata()).format).toBe('png');
      // A sine wave draws something: some pixels are not transparent.
      expect(data.some((v, i) => i % info.channels === info.channels - 1 && v > 0)).toBe(true);
    }
  });

  it('says so when there is no audio', async () => {
    await expect(makeWaveform(await fx.h264NoAudio(dir), path.join(dir, 'none.png'), { width: 200, height: 40 })).rejects.toMatchObject({ reason: 'no audio stream' });
  });

  it('refuses sizes and colours it cannot pass safely to a filter graph', async () => {
    const wav = await fx.wavAudio(dir);
    await expect(makeWaveform(wav, path.join(dir, 'x.png'), { width: 0, height: 40 })).rejects.toMatchObject({ reason: 'invalid size' });
    await expect(makeWaveform(wav, path.join(dir, 'x.png'), { width: 100, height: 40, color: 'red[x];movie=/etc/passwd' })).rejects.toMatchObject({ reason: 'invalid color' });
  });
});
