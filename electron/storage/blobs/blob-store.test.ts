/**
 * The blob store's large-file path: the kernel copies while the source is hashed, and a blob's name
 * must still always be the hash of the bytes stored under it — also when the source changes while
 * it is being copied.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BlobStore } from './blob-store.js';
import { tempDir } from '../test-support/fixtures.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('BlobStore.putFile, large files', () => {
  let t: ReturnType<typeof tempDir>;
  let store: BlobStore;
  beforeEach(() => {
    t = tempDir('blobs');
    mkdirSync(path.join(t.dir, 'blobs'));
    mkdirSync(path.join(t.dir, 'tmp'));
    store = new BlobStore(path.join(t.dir, 'blobs'), path.join(t.dir, 'tmp'));
  });
  afterEach(() => t.cleanup());

  it('stores a copy under the hash of its bytes, read-only, and leaves no temp file', async () => {
    const data = randomBytes(24 * 1024 * 1024 + 17);
    const src = path.join(t.dir, 'take.mov');
    writeFileSync(src, data);
    const put = await store.putFile(src, () => false);
    expect(put).toMatchObject({ sha256: sha(data), size: data.length, written: true });
    const stored = readFileSync(store.pathOf(put.sha256));
    expect(stored.equals(data)).toBe(true);
    expect(statSync(store.pathOf(put.sha256)).mode & 0o777).toBe(0o444);
    expect(readdirSync(path.join(t.dir, 'tmp'))).toEqual([]);
    expect(store.counters).toEqual({ bytesHashed: data.length, bytesWritten: data.length });
  });

  it('a source rewritten while it was copied is stored under the hash of what was copied', async () => {
    const original = randomBytes(16 * 1024 * 1024);
    const src = path.join(t.dir, 'growing.mov');
    writeFileSync(src, original);
    // Same size, other bytes: only the stat signature (mtime, ctime) can tell.
    store.testHooks.afterCopy = () => writeFileSync(src, randomBytes(original.length));
    const put = await store.putFile(src, () => false);
    const stored = readFileSync(store.pathOf(put.sha256));
    expect(put.sha256).toBe(sha(stored));
    expect(stored.equals(original)).toBe(true);
    // The copy was hashed a second time, as stored.
    expect(store.counters.bytesHashed).toBe(2 * original.length);
  });

  it('a source grown while it was copied is stored as copied, named by those bytes', async () => {
    const original = randomBytes(8 * 1024 * 1024);
    const src = path.join(t.dir, 'rec.mov');
    writeFileSync(src, original);
    store.testHooks.afterCopy = () => writeFileSync(src, Buffer.concat([original, randomBytes(4096)]));
    const put = await store.putFile(src, () => false);
    const stored = readFileSync(store.pathOf(put.sha256));
    expect(put).toMatchObject({ sha256: sha(stored), size: stored.length });
  });

  it('content already stored under a size that may match writes nothing the second time', async () => {
    const data = randomBytes(6 * 1024 * 1024);
    const src = path.join(t.dir, 'a.bin');
    writeFileSync(src, data);
    await store.putFile(src, () => false);
    const written = store.counters.bytesWritten;
    const again = await store.putFile(src, () => true);
    expect(again).toMatchObject({ sha256: sha(data), written: false });
    expect(store.counters.bytesWritten).toBe(written);
  });
});
