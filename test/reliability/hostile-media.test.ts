/**
 * Hostile media through the real media worker (probe, posters, filmstrips, waveforms): truncated and
 * bit-flipped videos, an image whose header claims more pixels than sharp will decode. Each must end
 * as a recorded failure with a reason or a correct result, within the job timeout, with the host alive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { alice, tempDir, tempLibrary } from '../../electron/storage/test-support/fixtures.js';
import { h264WithAudio } from '../../electron/media/test-support/media-fixtures.js';
import { startMediaWorker } from '../../electron/media/media-worker.js';
import { recordFigures } from './figures.js';

const LONG = process.env.RELIABILITY_LONG === '1';

/** A valid PNG signature and IHDR claiming width × height, with one tiny IDAT: a decompression bomb's header. */
function hugePng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c;
}

describe('hostile media through the media jobs', () => {
  let src: ReturnType<typeof tempDir>;
  let good: Buffer;
  beforeAll(async () => {
    src = tempDir('hostile');
    good = readFileSync(await h264WithAudio(src.dir));
  });
  afterAll(() => src.cleanup());

  it('truncated, bit-flipped and pixel-bomb files each end recorded, within the timeout', async () => {
    const t = tempLibrary();
    let files = 0;
    try {
      const inputs: [string, Buffer][] = [
        ['truncated-half.mp4', good.subarray(0, good.length >> 1)],
        ['truncated-head.mp4', good.subarray(0, 2048)],
        ['bomb.png', hugePng(100_000, 100_000)],
      ];
      const flips = fc.sample(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 64 }), { numRuns: LONG ? 60 : 8, seed: 42 });
      flips.forEach((flip, i) => {
        const b = Buffer.from(good);
        for (const [at, x] of flip) b[at]! ^= x;
        inputs.push([`mutated-${i}.mp4`, b]);
      });
      const paths = inputs.map(([name, body]) => {
        const f = path.join(src.dir, name);
        writeFileSync(f, body);
        return f;
      });
      files = paths.length;
      const s = await t.lib.assets.importPaths(alice, paths);
      const worker = await startMediaWorker(t.lib, { concurrency: 1, timeoutMs: 60_000 });
      try {
        await worker.queue.whenIdle();
      } finally {
        await worker.close();
      }
      for (const item of s.items) {
        const a = t.lib.assets.get(alice, item.asset!.id);
        expect(a.media, a.name).toBeTruthy();
        expect(['done', 'failed']).toContain(a.media!.state);
        if (a.media!.state === 'failed') expect(a.media!.error, a.name).toMatch(/\w/);
      }
      const bomb = t.lib.assets.search(alice, { query: 'bomb' }).items[0]!;
      expect(bomb.media).toMatchObject({ state: 'failed' });
      expect(bomb.media!.error).toMatch(/pixel|limit|large|dimension/i);
      expect((await t.lib.verify({ full: true })).ok).toBe(true);
    } finally {
      t.cleanup();
    }
    recordFigures('hostile-media', { files });
  }, 300_000);
});
