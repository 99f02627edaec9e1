/**
 * The media route's ranged GETs without the SDK (presigned-ranges.ts), against the real Ceph: the
 * right bytes at the edges, keys whose prefix needs encoding, refused keys falling back to the SDK's
 * error (FORBIDDEN, not a hang or a wrong body), an unreachable store OFFLINE at once; and which
 * configurations it leaves to the SDK.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { PresignedRanges } from './presigned-ranges.js';
import { RemoteStore } from './remote-store.js';
import type { RemoteConfig } from './remote-config.js';
import { s3Target, uniquePrefix, type S3Target } from './test-support/s3-server.js';
import { ReelvaultError } from '../../../shared/errors.js';

let t: S3Target;
const stores: RemoteStore[] = [];
beforeAll(async () => {
  t = await s3Target();
}, 600_000);
afterAll(() => stores.forEach((s) => s.close()));

function store(prefix: string, over: Partial<RemoteConfig> = {}, credentials: { accessKeyId: string; secretAccessKey: string } | null = null): RemoteStore {
  const s = new RemoteStore({ bucket: t.bucket, prefix, endpoint: t.endpoint, region: t.region, pathStyle: t.pathStyle, cacheMaxBytes: null, ...over }, { credentials, timeouts: { connectMs: 2000, idleMs: 10_000 } });
  stores.push(s);
  return s;
}

async function bytes(body: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of body as AsyncIterable<Buffer>) parts.push(c);
  return Buffer.concat(parts);
}

describe('presigned ranged GETs', () => {
  it('answers ranges at the edges with the store’s bytes, on kept-alive connections, for keys that need encoding', async () => {
    const data = randomBytes(300_000);
    // A prefix with a space, a plus, a non-ASCII letter and a parenthesis: signed as S3 encodes them.
    const s = store(`${uniquePrefix('presigned')}/Film (é+1) v2`);
    expect(PresignedRanges.baseUrl(s.config)).not.toBeNull();
    const key = s.blobKey(createHash('sha256').update(data).digest('hex'));
    await s.putBytes(key, data, 'application/octet-stream');
    const cases: [number, number][] = [
      [0, 0],
      [0, 1023],
      [1, 2],
      [data.length - 1, data.length - 1],
      [12_345, data.length - 1],
      [0, data.length - 1],
    ];
    for (const [a, b] of cases) expect((await bytes(await s.getRange(key, { start: a, end: b }))).equals(data.subarray(a, b + 1)), `${a}-${b}`).toBe(true);
    // Many in parallel, as a seeking player and a poster grid do.
    const many = await Promise.all(Array.from({ length: 12 }, (_, i) => s.getRange(key, { start: i * 1000, end: i * 1000 + 999 }).then(bytes)));
    many.forEach((b, i) => expect(b.equals(data.subarray(i * 1000, i * 1000 + 1000))).toBe(true));
    // All of them by this path, none handed back to the SDK.
    expect(s.ranges.counts).toEqual({ served: cases.length + 12, toSdk: 0 });
  });

  it('a missing object is NOT_FOUND and refused keys FORBIDDEN (the SDK’s answer), never a wrong body', async () => {
    const prefix = uniquePrefix('presigned-refused');
    const s = store(prefix);
    await expect(s.getRange(s.blobKey('0'.repeat(64)), { start: 0, end: 9 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const key = s.key('probe.bin');
    await s.putBytes(key, Buffer.alloc(64, 7), 'application/octet-stream');
    const wrong = store(prefix, {}, { accessKeyId: t.accessKey, secretAccessKey: 'not-the-secret-key' });
    const err = await wrong.getRange(key, { start: 0, end: 9 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReelvaultError);
    expect(err).toMatchObject({ code: 'FORBIDDEN' });
    expect(String((err as Error).message)).not.toContain('not-the-secret-key');
    // The store refused the signature; the SDK then said why.
    expect(wrong.ranges.counts).toEqual({ served: 0, toSdk: 1 });
  });

  it('a store that cannot be reached is OFFLINE at once', async () => {
    const s = store(uniquePrefix('presigned-offline'), { endpoint: 'http://127.0.0.1:9' });
    const started = Date.now();
    await expect(s.getRange(s.key('x'), { start: 0, end: 9 })).rejects.toMatchObject({ code: 'OFFLINE' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('leaves AWS’s default endpoint and dotted virtual-host buckets to the SDK', () => {
    const c: RemoteConfig = { bucket: 'films', prefix: '', endpoint: null, region: 'us-east-1', pathStyle: false, cacheMaxBytes: null };
    expect(PresignedRanges.baseUrl(c)).toBeNull();
    expect(PresignedRanges.baseUrl({ ...c, endpoint: 'https://s3.example.net', bucket: 'studio.films' })).toBeNull();
    expect(PresignedRanges.baseUrl({ ...c, endpoint: 'https://s3.example.net' })?.href).toBe('https://films.s3.example.net/');
    expect(PresignedRanges.baseUrl({ ...c, endpoint: 'http://127.0.0.1:7480/', pathStyle: true, bucket: 'studio.films' })?.href).toBe('http://127.0.0.1:7480/studio.films/');
    expect(PresignedRanges.baseUrl({ ...c, endpoint: 'ftp://x' })).toBeNull();
  });
});
