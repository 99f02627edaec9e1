import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeFilmstrip } from './filmstrip.js';
import { makeImageThumb, makePoster } from './posters.js';
import { probeMedia } from './probe.js';
import * as fx from './test-support/media-fixtures.js';
import { useTempDir } from './test-support/temp-dir.js';
import { makeWaveform } from './waveform.js';

const dir = useTempDir('broken');
const outDir = path.join(dir, 'out');
const bad: Record<string, string> = {};
// Generous per-operation limits: the point is that every call ends, with a result or a reason.
const limits = { timeoutMs: 30_000 };

beforeAll(async () => {
  [bad.corrupt, bad.empty, bad.text] = await Promise.all([fx.corruptFile(dir), fx.emptyFile(dir), fx.textFile(dir)]);
});

describe('broken inputs end with a reason, never a hang', () => {
  it.each([
    ['corrupt', 'not a media file'],
    ['empty', 'empty file'],
    ['text', 'not a media file'],
  ])('probe of the %s file', async (name, reason) => {
    await expect(probeMedia(bad[name]!, limits)).rejects.toMatchObject({ name: 'MediaError', reason });
  });

  it('probe of a missing file or a folder', async () => {
    await expect(probeMedia(path.join(dir, 'nope.mp4'), limits)).rejects.toMatchObject({ reason: 'file not found' });
    await expect(probeMedia(dir, limits)).rejects.toMatchObject({ reason: 'not a file' });
  });

  it.each(['corrupt', 'empty', 'text'])('poster, filmstrip, waveform and thumbnail of the %s file', async (name) => {
    const src = bad[name]!;
    const results = await Promise.allSettled([
      makePoster(src, path.join(outDir, `${name}.jpg`), { width: 320, ...limits }),
      makePoster(src, path.join(outDir, `${name}-0.jpg`), { width: 320, durationSeconds: 5, ...limits }),
      makeFilmstrip(src, path.join(outDir, `${name}-strip.jpg`), { frames: 4, tileWidth: 80, ...limits }),
      makeWaveform(src, path.join(outDir, `${name}-wave.png`), { width: 200, height: 40, ...limits }),
      makeImageThumb(src, path.join(outDir, `${name}-thumb.jpg`), { width: 320, ...limits }),
    ]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const reason = (r as PromiseRejectedResult).reason as { name: string; reason: string };
      expect(reason.name).toBe('MediaError');
      expect(['not a media file', 'empty file', 'not a readable image']).toContain(reason.reason);
    }
    // Failures leave neither a half-written output nor a temp file.
    expect(existsSync(outDir) ? readdirSync(outDir) : []).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('a source that never delivers data is killed at the timeout', async () => {
    const fifo = path.join(dir, 'stuck.mp4');
    execFileSync('mkfifo', [fifo]);
    // The probe refuses it up front; ffmpeg told to read it would wait for ever, so the timeout must end it.
    await expect(probeMedia(fifo, limits)).rejects.toMatchObject({ reason: 'not a file' });
    await expect(makePoster(fifo, path.join(outDir, 'stuck.jpg'), { width: 160, durationSeconds: 10, timeoutMs: 500 })).rejects.toMatchObject({ reason: 'timed out after 0.5s' });
  });

  it('a cancelled operation stops with "cancelled"', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(probeMedia(bad.text!, { signal: ac.signal })).rejects.toMatchObject({ reason: 'cancelled' });
    await expect(makePoster(bad.text!, path.join(outDir, 'c.jpg'), { width: 160, durationSeconds: 1, signal: ac.signal })).rejects.toMatchObject({ reason: 'cancelled' });
  });
});

describe('a very long video', () => {
  it('probes, posters and filmstrips by seeking, within the timeout', async () => {
    const long = await fx.longVideo(dir);
    const probe = await probeMedia(long, limits);
    expect(probe.durationSeconds).toBeCloseTo(3600, 0);
    const poster = await makePoster(long, path.join(dir, 'long.jpg'), { width: 128, durationSeconds: probe.durationSeconds, ...limits });
    expect([poster.width, poster.height]).toEqual([128, 72]);
    const strip = await makeFilmstrip(long, path.join(dir, 'long-strip.jpg'), { frames: 12, tileWidth: 64, probe, ...limits });
    expect([strip.width, strip.height]).toEqual([12 * 64, 36]);
    expect(strip.times[11]).toBeCloseTo(3450, 0);
  });
});
