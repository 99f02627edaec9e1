/**
 * The one media function both hosts use: Range parsing as a unit, then real answers over the web
 * host (Electron's reelvault:// handler wraps the same function in a Response).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import type { ImportResultItem } from '../../shared/models.js';
import { startTestHost, type TestHost } from '../web/test-support/web-fixture.js';
import { parseRange } from './media.js';

describe('parseRange', () => {
  it.each([
    [undefined, 1000, { kind: 'full' }],
    ['bytes=0-99', 1000, { kind: 'partial', start: 0, end: 99 }],
    ['bytes=100-', 1000, { kind: 'partial', start: 100, end: 999 }],
    ['bytes=-500', 1000, { kind: 'partial', start: 500, end: 999 }],
    ['bytes=-5000', 1000, { kind: 'partial', start: 0, end: 999 }],
    ['bytes=900-5000', 1000, { kind: 'partial', start: 900, end: 999 }],
    ['bytes=1000-', 1000, { kind: 'unsatisfiable' }],
    ['bytes=-0', 1000, { kind: 'unsatisfiable' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
    ['bytes=5-2', 1000, { kind: 'full' }],
    ['bytes=0-1,5-6', 1000, { kind: 'full' }],
    ['items=0-1', 1000, { kind: 'full' }],
    ['bytes=abc', 1000, { kind: 'full' }],
    ['bytes=99999999999999999999-', 1000, { kind: 'full' }],
  ] as const)('%s of %i bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe('GET /media/<sha256> with Range', () => {
  let t: TestHost;
  const data = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 251));
  let sha: string;

  beforeAll(async () => {
    t = await startTestHost();
    // An MP4 signature up front, so the recorded type is video/mp4.
    data.write('\0\0\0\x18ftypisom', 0, 'latin1');
    const up = await t.raw('POST', '/upload?name=clip.mp4', { headers: { 'Content-Type': 'application/octet-stream' }, body: data });
    sha = (JSON.parse(up.text) as { value: ImportResultItem }).value.asset?.sha256 as string;
    expect(sha).toBe(createHash('sha256').update(data).digest('hex'));
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('answers the whole blob with 200, its type, length and Accept-Ranges', async () => {
    const r = await t.raw('GET', `/media/${sha}`);
    expect(r.status).toBe(200);
    expect(r.headers).toMatchObject({ 'content-type': 'video/mp4', 'content-length': '10000', 'accept-ranges': 'bytes', 'x-content-type-options': 'nosniff' });
    expect(r.body.equals(data)).toBe(true);
  });

  it('answers a closed range with 206 and Content-Range', async () => {
    const r = await t.raw('GET', `/media/${sha}`, { headers: { Range: 'bytes=100-199' } });
    expect(r.status).toBe(206);
    expect(r.headers).toMatchObject({ 'content-range': 'bytes 100-199/10000', 'content-length': '100' });
    expect(r.body.equals(data.subarray(100, 200))).toBe(true);
  });

  it('answers a suffix range (the last n bytes)', async () => {
    const r = await t.raw('GET', `/media/${sha}`, { headers: { Range: 'bytes=-500' } });
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe('bytes 9500-9999/10000');
    expect(r.body.equals(data.subarray(9500))).toBe(true);
  });

  it('answers an open range (from n to the end)', async () => {
    const r = await t.raw('GET', `/media/${sha}`, { headers: { Range: 'bytes=9990-' } });
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe('bytes 9990-9999/10000');
    expect(r.body.equals(data.subarray(9990))).toBe(true);
  });

  it('answers 416 with bytes */size past the end', async () => {
    const r = await t.raw('GET', `/media/${sha}`, { headers: { Range: 'bytes=10000-' } });
    expect(r.status).toBe(416);
    expect(r.headers['content-range']).toBe('bytes */10000');
    expect(r.body.length).toBe(0);
  });

  it('HEAD gives the headers without the body; download names the file', async () => {
    const head = await t.raw('HEAD', `/media/${sha}`);
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('10000');
    expect(head.body.length).toBe(0);
    const dl = await t.raw('GET', `/media/${sha}?download=${encodeURIComponent('Final cut é.mp4')}`);
    expect(dl.headers['content-disposition']).toBe(`attachment; filename="Final cut _.mp4"; filename*=UTF-8''Final%20cut%20%C3%A9.mp4`);
  });

  it('content nobody here may see, or that does not exist, is 404', async () => {
    const r = await t.raw('GET', `/media/${'0'.repeat(64)}`);
    expect(r.status).toBe(404);
  });
});

/** Open descriptors of this process (the web host under test runs in it). */
function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

describe('media answers read from one open file and give every descriptor back', () => {
  let t: TestHost;
  // Larger than one small answer (1 MiB), so a whole GET streams and ranges are read in one go.
  const data = randomBytes(3 * 1024 * 1024 + 123);
  let sha: string;

  beforeAll(async () => {
    t = await startTestHost();
    const up = await t.raw('POST', '/upload?name=take.bin', { headers: { 'Content-Type': 'application/octet-stream' }, body: data });
    sha = (JSON.parse(up.text) as { value: ImportResultItem }).value.asset?.sha256 as string;
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('concurrent ranges each get their own bytes (reused buffers never cross answers)', async () => {
    const ranges = Array.from({ length: 40 }, (_, i) => {
      const start = (i * 77_777) % (data.length - 600_000);
      return [start, start + 100_000 + ((i * 13_001) % 500_000)] as const;
    });
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(ranges.map(([s, e]) => t.raw('GET', `/media/${sha}`, { headers: { Range: `bytes=${s}-${e}` } })));
      answers.forEach((r, i) => {
        const [s, e] = ranges[i] as readonly [number, number];
        expect(r.status).toBe(206);
        expect(r.body.equals(data.subarray(s, e + 1))).toBe(true);
      });
    }
  });

  it('a small answer keeps its buffer until released; only then may another answer use it', async () => {
    const a = await t.api.media({ sha256: sha, range: 'bytes=0-99' });
    const b = await t.api.media({ sha256: sha, range: 'bytes=100-199' });
    if (!Buffer.isBuffer(a.body) || !Buffer.isBuffer(b.body)) throw new Error('expected small answers as buffers');
    expect(a.body.buffer).not.toBe(b.body.buffer);
    expect(a.body.equals(data.subarray(0, 100))).toBe(true);
    b.release?.();
    a.release?.();
    a.release?.(); // twice is harmless: a buffer is kept once
    const c = await t.api.media({ sha256: sha, range: 'bytes=200-299' });
    const d = await t.api.media({ sha256: sha, range: 'bytes=300-399' });
    if (!Buffer.isBuffer(c.body) || !Buffer.isBuffer(d.body)) throw new Error('expected small answers as buffers');
    expect(c.body.buffer).not.toBe(d.body.buffer);
    expect(c.body.equals(data.subarray(200, 300)) && d.body.equals(data.subarray(300, 400))).toBe(true);
    c.release?.();
    d.release?.();
  });

  it('a whole blob larger than a small answer streams intact', async () => {
    const r = await t.raw('GET', `/media/${sha}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-length']).toBe(String(data.length));
    expect(r.body.equals(data)).toBe(true);
  });

  it('no descriptor stays open after ranges, whole reads, HEAD, 416 and 404', async () => {
    const before = openFds();
    for (let i = 0; i < 30; i++) {
      await t.raw('GET', `/media/${sha}`, { headers: { Range: `bytes=${i * 1000}-${i * 1000 + 999}` } });
      await t.raw('HEAD', `/media/${sha}`);
      await t.raw('GET', `/media/${sha}`, { headers: { Range: `bytes=${data.length}-` } });
      await t.raw('GET', `/media/${'f'.repeat(64)}`);
    }
    await t.raw('GET', `/media/${sha}`);
    // Sockets of the finished requests may linger a moment (keep-alive); allow a few, not 120+.
    expect(openFds() - before).toBeLessThan(8);
  });
});
