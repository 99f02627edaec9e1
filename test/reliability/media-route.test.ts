/**
 * /media/<sha256> against 10,000 fuzzed traversal and encoding attempts over real HTTP (and the same
 * shared media function the Electron protocol calls, with fuzzed hashes and ranges): not one byte from
 * outside the blob store — not the library database, not a file next to the library, not another
 * user's content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { startTestHost, type TestHost } from '../../electron/web/test-support/web-fixture.js';
import { recordFigures } from './figures.js';

const LONG = process.env.RELIABILITY_LONG === '1';
const SECRET = 'SECRET-OUTSIDE-THE-BLOB-STORE';

describe('/media fuzzed', () => {
  let t: TestHost;
  let visible: string;
  let hidden: string;
  beforeAll(async () => {
    t = await startTestHost();
    writeFileSync(path.join(t.dir, '..', 'neighbour.txt'), SECRET);
    writeFileSync(path.join(t.dir, 'workspaces', 'loose.txt'), SECRET);
    const up = await t.raw('POST', '/upload?name=ok.bin', { headers: { 'Content-Type': 'application/octet-stream' }, body: 'visible content' });
    visible = (JSON.parse(up.text) as { value: { asset: { sha256: string } } }).value.asset.sha256;
    // Content of another user: stored, but not theirs to see.
    const other = await t.storage.assets.importStream({ userId: 'someone-else', sessionId: 'x' }, 'theirs.bin', Readable.from([Buffer.from(SECRET)]), { scope: 'user' });
    hidden = other.asset!.sha256;
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const leaked = (body: Buffer): boolean => body.includes(SECRET) || body.includes('SQLite format 3');

  it('10,000 raw paths: traversal, encodings, separators, hashes of hidden content', async () => {
    const piece = fc.oneof(
      fc.constantFrom('..', '%2e%2e', '%2E%2E', '%252e%252e', '..%2f', '%2f', '%5c', '\\', '/', '//', '.', '%00', 'library.db', 'workspaces', 'loose.txt', 'neighbour.txt', 'blobs', 'sha256', '%c0%ae%c0%ae', '..;', '?', '#'),
      fc.constant(visible),
      fc.constant(hidden),
      fc.constant(visible.toUpperCase()),
      fc.stringMatching(/^[0-9a-f]{1,70}$/),
      fc.string({ maxLength: 8 }).map((s) => encodeURIComponent(s)),
    );
    const rawPath = fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => `/media/${parts.join('')}`);
    const range = fc.option(fc.oneof(fc.constantFrom('bytes=0-', 'bytes=-5', 'bytes=5-1', 'bytes=0-99999999', 'bytes=abc'), fc.string({ maxLength: 20 }).map((s) => `bytes=${s}`)), { nil: undefined });
    let runs = 0;
    let served = 0;
    let bytesOutside = 0;
    await fc.assert(
      fc.asyncProperty(rawPath, range, async (p, r) => {
        runs++;
        const res = await t.raw('GET', p.replace(/[^\x21-\x7e]/g, encodeURIComponent), r ? { headers: { Range: r } } : {});
        if (leaked(res.body)) bytesOutside += res.body.length;
        expect(leaked(res.body), `${p} leaked`).toBe(false);
        if (res.status === 200 || res.status === 206) {
          served++;
          // Only the visible asset's own bytes ever come back.
          expect('visible content'.includes(res.text), `${p} served ${res.text.slice(0, 40)}`).toBe(true);
        } else expect([400, 401, 403, 404, 405, 416]).toContain(res.status);
      }),
      { numRuns: LONG ? 50_000 : 10_000 },
    );
    recordFigures('media-route', { runs, served, bytesOutside });
  }, 300_000);

  it('the shared media function refuses every non-hash and hidden content, whatever the range', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom(hidden, `../${visible}`, `${visible}/..`, 'library.db')), fc.option(fc.string({ maxLength: 20 }), { nil: undefined }), async (sha, range) => {
        const m = await t.api.media({ sha256: sha, range, method: 'GET', downloadName: null });
        if (m.status === 200 || m.status === 206) {
          expect(sha).toBe(visible);
        }
        if ('body' in m && m.body) (m.body as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      }),
      { numRuns: 2000 },
    );
  });
});
