/**
 * A browser's Cancel races its own uploads: the last bytes may be in and the commit under way, or the
 * request may not have reached the server yet. Whatever the timing, what `assets.cancelImport` says
 * must match what is in the library — "cancelled" about a stored file is the UI lying (CI caught the
 * import panel saying "0 of 12 files" with 3 of them stored).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ImportResultItem } from '../../shared/models.js';
import { tempLibrary } from '../storage/test-support/fixtures.js';
import { createApi, type Api } from './index.js';

const actor = { userId: 'u', sessionId: 's' };

interface Outcome {
  cancelled: boolean;
  item?: ImportResultItem;
}

/** A body the test feeds chunk by chunk; `end()` lets it finish. */
function feeder() {
  const chunks: (Uint8Array | null)[] = [];
  let wake: (() => void) | undefined;
  const push = (c: Uint8Array | null) => {
    chunks.push(c);
    wake?.();
  };
  async function* body(): AsyncGenerator<Uint8Array> {
    for (;;) {
      while (chunks.length === 0) await new Promise<void>((r) => (wake = r));
      const c = chunks.shift();
      if (c === null || c === undefined) return;
      yield c;
    }
  }
  return { body: body(), write: (c: Uint8Array) => push(c), end: () => push(null) };
}

describe('assets.cancelImport against an upload', () => {
  let lib: ReturnType<typeof tempLibrary>;
  let api: Api;
  beforeEach(() => {
    lib = tempLibrary();
    api = createApi({ storage: lib.lib, host: 'web', libraryDir: lib.dir, actor });
  });
  afterEach(() => {
    api.close();
    lib.cleanup();
  });

  const cancel = async (importId: string) => {
    const r = await api.dispatch('assets.cancelImport', { importId });
    if (!r.ok) throw new Error(r.error.message);
    return r.value as Outcome;
  };
  const stored = () => lib.lib.assets.search(actor, {}).items.map((a) => a.name).sort();

  it('after the upload was stored: says so, with the stored item, instead of "cancelled"', async () => {
    const bytes = Buffer.alloc(64 * 1024, 7);
    const up = await api.importUpload({ query: { name: 'done.bin', importId: 'late-1' }, body: Readable.from([bytes]), size: bytes.length, abort: () => undefined });
    expect(up.ok).toBe(true);
    const out = await cancel('late-1');
    expect(out.cancelled).toBe(false);
    expect(out.item).toMatchObject({ status: 'imported', asset: { name: 'done.bin', sha256: createHash('sha256').update(bytes).digest('hex') } });
    expect(stored()).toEqual(['done.bin']);
  });

  it('before the upload arrived: the upload is refused when it comes, and nothing is stored', async () => {
    expect(await cancel('early-1')).toEqual({ cancelled: false });
    const up = await api.importUpload({ query: { name: 'early.bin', importId: 'early-1' }, body: Readable.from([Buffer.from('never stored')]), size: 12, abort: () => undefined });
    expect(up).toMatchObject({ ok: false, error: { message: 'the upload was cancelled' } });
    expect(stored()).toEqual([]);
    // The refusal is spent: the same id later runs (a retry of the same file).
    const again = await api.importUpload({ query: { name: 'early.bin', importId: 'early-1' }, body: Readable.from([Buffer.from('now stored')]), size: 10, abort: () => undefined });
    expect(again.ok).toBe(true);
    expect(stored()).toEqual(['early.bin']);
  });

  it('mid-body: stops it, the transport is cut, and nothing is stored', async () => {
    const f = feeder();
    let aborted = 0;
    const up = api.importUpload({ query: { name: 'half.bin', importId: 'mid-1' }, body: f.body, size: 1024 * 1024, abort: () => aborted++ });
    f.write(Buffer.alloc(1024, 1));
    await new Promise((r) => setTimeout(r, 20));
    const out = cancel('mid-1');
    f.write(Buffer.alloc(1024, 2)); // the next chunk finds the import stopped
    expect(await out).toEqual({ cancelled: true });
    expect(await up).toMatchObject({ ok: false });
    expect(aborted).toBe(1);
    expect(stored()).toEqual([]);
  });

  it('whenever it lands (body in, commit under way, stored): the reply agrees with the library', async () => {
    // Cancel at every point from "last chunk just sent" to "long stored"; each answer is checked
    // against the library itself, never against an expected timing.
    let sawStored = 0;
    let sawCancelled = 0;
    for (let i = 0; i < 24; i++) {
      const f = feeder();
      const name = `race-${i}.bin`;
      const bytes = Buffer.alloc(256 * 1024, i + 1);
      const up = api.importUpload({ query: { name, importId: `race-${i}` }, body: f.body, size: bytes.length, abort: () => undefined });
      f.write(bytes);
      f.end();
      if (i % 3 === 1) await new Promise((r) => setImmediate(r));
      if (i % 3 === 2) await new Promise((r) => setTimeout(r, i));
      const out = await cancel(`race-${i}`);
      const result = await up;
      const inLibrary = stored().includes(name);
      if (out.item) {
        sawStored++;
        expect(inLibrary).toBe(true);
        expect(out.item.asset?.name).toBe(name);
        expect(result.ok).toBe(true);
      } else {
        sawCancelled++;
        expect(out.cancelled).toBe(true);
        expect(inLibrary).toBe(false);
      }
    }
    expect(sawStored + sawCancelled).toBe(24);
  });

  it('a body that ends short of its declared size is never stored', async () => {
    const up = await api.importUpload({ query: { name: 'cut.bin', importId: 'cut-1' }, body: Readable.from([Buffer.alloc(1000, 3)]), size: 4000, abort: () => undefined });
    expect(up).toMatchObject({ ok: false, error: { message: expect.stringMatching(/ended after 1000 of 4000 bytes/) } });
    expect(stored()).toEqual([]);
  });
});
