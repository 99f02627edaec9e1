import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { alice, bob, readAll, tempDir, tempLibrary } from '../test-support/fixtures.js';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 7)]);
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(64, 3)]);

function countBlobFiles(libDir: string): number {
  const root = path.join(libDir, 'blobs', 'sha256');
  return readdirSync(root).reduce((n, shard) => n + readdirSync(path.join(root, shard)).length, 0);
}

describe('assets', () => {
  let t: ReturnType<typeof tempLibrary>;
  let src: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempLibrary();
    src = tempDir('media');
    mkdirSync(path.join(src.dir, 'shots', 'day1'), { recursive: true });
    writeFileSync(path.join(src.dir, 'logo.png'), PNG);
    writeFileSync(path.join(src.dir, 'shots', 'day1', 'intro_take-2.mp4'), MP4);
    writeFileSync(path.join(src.dir, 'shots', 'same-as-logo.bin'), PNG);
    writeFileSync(path.join(src.dir, 'shots', 'notes.txt'), 'voice over script');
    writeFileSync(path.join(src.dir, 'shots', '.hidden'), 'skip me');
    writeFileSync(path.join(src.dir, 'shots', 'Thumbs.db'), 'skip me');
  });
  afterEach(() => { t.cleanup(); src.cleanup(); });

  it('imports a folder recursively, skips hidden/system files, sniffs types, stores duplicates once', async () => {
    const progress: number[] = [];
    const s = await t.lib.assets.importPaths(alice, [src.dir], { tags: ['Brand', ' brand '], onProgress: (p) => progress.push(p.filesDone) });
    expect(s).toMatchObject({ imported: 3, duplicates: 1, failed: 0 });
    const byName = Object.fromEntries(s.items.map((i) => [path.basename(i.source), i]));
    expect(byName['logo.png']).toMatchObject({ status: 'imported', asset: { mime: 'image/png', type: 'image', tags: ['brand'], size: PNG.length } });
    expect(byName['intro_take-2.mp4']).toMatchObject({ status: 'imported', asset: { mime: 'video/mp4', type: 'video' } });
    expect(byName['notes.txt']).toMatchObject({ status: 'imported', asset: { type: 'document' } });
    expect(byName['same-as-logo.bin']).toMatchObject({ status: 'duplicate' });
    expect(byName['same-as-logo.bin']!.asset!.id).toBe(byName['logo.png']!.asset!.id);
    expect(Object.keys(byName)).not.toContain('.hidden');
    expect(Object.keys(byName)).not.toContain('Thumbs.db');
    expect(countBlobFiles(t.dir)).toBe(3);
    expect(progress.at(-1)).toBe(4);
    const content = await readAll(t.lib.assets.read(alice, byName['logo.png']!.asset!.id));
    expect(content.equals(PNG)).toBe(true);
  });

  it('re-importing a file writes no bytes and reports it as already in the library', async () => {
    await t.lib.assets.importPaths(alice, [path.join(src.dir, 'logo.png')]);
    const before = t.lib.ctx.blobs.counters.bytesWritten;
    const again = await t.lib.assets.importPaths(alice, [path.join(src.dir, 'logo.png')]);
    expect(again).toMatchObject({ imported: 0, duplicates: 1 });
    expect(t.lib.ctx.blobs.counters.bytesWritten).toBe(before);
    expect(t.lib.assets.search(alice).items).toHaveLength(1);
  });

  it('reports a missing path as failed and goes on with the rest', async () => {
    const s = await t.lib.assets.importPaths(alice, [path.join(src.dir, 'nope.png'), path.join(src.dir, 'logo.png')]);
    expect(s).toMatchObject({ imported: 1, failed: 1 });
    expect(s.items.find((i) => i.status === 'failed')!.error).toMatch(/ENOENT|no such file/);
  });

  it('imports an upload stream, hashing while writing', async () => {
    const item = await t.lib.assets.importStream(alice, 'upload.png', Readable.from([PNG.subarray(0, 10), PNG.subarray(10)]));
    expect(item).toMatchObject({ status: 'imported', asset: { name: 'upload.png', mime: 'image/png', size: PNG.length } });
    const dup = await t.lib.assets.importStream(alice, 'again.png', Readable.from([PNG]));
    expect(dup.status).toBe('duplicate');
    await expect(t.lib.assets.importStream(alice, '../evil.png', Readable.from([PNG]))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('tags and untags in bulk; search finds by name words, tags and prefixes', async () => {
    const s = await t.lib.assets.importPaths(alice, [src.dir]);
    const ids = s.items.filter((i) => i.status === 'imported').map((i) => i.asset!.id);
    t.lib.assets.tag(alice, ids, ['client-x', 'Q3']);
    expect(t.lib.assets.search(alice, { tag: 'q3' }).items).toHaveLength(3);
    expect(t.lib.assets.search(alice, { query: 'intro' }).items.map((a) => a.name)).toEqual(['intro_take-2.mp4']);
    expect(t.lib.assets.search(alice, { query: 'tak' }).items.map((a) => a.name)).toEqual(['intro_take-2.mp4']);
    expect(t.lib.assets.search(alice, { query: 'client' }).items).toHaveLength(3);
    t.lib.assets.untag(alice, [ids[0]!], ['q3']);
    expect(t.lib.assets.search(alice, { tag: 'q3' }).items).toHaveLength(2);
    expect(t.lib.assets.search(alice, { query: '"; DROP TABLE assets; --' }).items).toEqual([]);
    expect(t.lib.assets.search(alice, { type: 'video' }).items.map((a) => a.name)).toEqual(['intro_take-2.mp4']);
  });

  it('sorts and pages with a keyset cursor, without gaps or repeats', async () => {
    const many = tempDir('many');
    try {
      for (let i = 0; i < 25; i++) writeFileSync(path.join(many.dir, `clip-${String(i).padStart(2, '0')}.txt`), `content ${i} ${'x'.repeat(i)}`);
      await t.lib.assets.importPaths(alice, [many.dir]);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = t.lib.assets.search(alice, { sort: 'name', limit: 10, cursor });
        seen.push(...page.items.map((a) => a.name));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `clip-${String(i).padStart(2, '0')}.txt`));
      const bySize = t.lib.assets.search(alice, { sort: 'size', order: 'desc', limit: 3 }).items.map((a) => a.name);
      expect(bySize).toEqual(['clip-24.txt', 'clip-23.txt', 'clip-22.txt']);
      expect(() => t.lib.assets.search(alice, { cursor: 'garbage' })).toThrow(/cursor/);
    } finally {
      many.cleanup();
    }
  });

  it('links and unlinks projects; links follow project deletion', async () => {
    const p = await t.lib.projects.create(alice, { name: 'P' });
    const s = await t.lib.assets.importPaths(alice, [path.join(src.dir, 'logo.png')], { projectId: p.id });
    const id = s.items[0]!.asset!.id;
    expect(t.lib.assets.get(alice, id).projectIds).toEqual([p.id]);
    expect(t.lib.assets.search(alice, { projectId: p.id }).items).toHaveLength(1);
    t.lib.assets.unlink(alice, [id], p.id);
    expect(t.lib.assets.get(alice, id).projectIds).toEqual([]);
    t.lib.assets.link(alice, [id], p.id);
    t.lib.projects.delete(alice, p.id);
    await t.lib.trash.empty(alice, [p.id]);
    expect(t.lib.assets.get(alice, id).projectIds).toEqual([]);
  });

  it('delete goes to the trash and out of search; restore puts it back', async () => {
    const s = await t.lib.assets.importPaths(alice, [path.join(src.dir, 'logo.png')]);
    const id = s.items[0]!.asset!.id;
    t.lib.assets.delete(alice, [id]);
    expect(t.lib.assets.search(alice, { query: 'logo' }).items).toEqual([]);
    expect(() => t.lib.assets.get(alice, id)).toThrow(/not found/);
    expect(t.lib.trash.list(alice).map((i) => i.id)).toEqual([id]);
    t.lib.trash.restore(alice, [id]);
    expect(t.lib.assets.search(alice, { query: 'logo' }).items.map((a) => a.id)).toEqual([id]);
  });

  it("another user's personal assets are invisible to search, get, tag and read", async () => {
    const s = await t.lib.assets.importPaths(alice, [path.join(src.dir, 'logo.png')]);
    const id = s.items[0]!.asset!.id;
    expect(t.lib.assets.search(bob).items).toEqual([]);
    expect(() => t.lib.assets.get(bob, id)).toThrow(/not found/);
    expect(() => t.lib.assets.tag(bob, [id], ['x'])).toThrow(/not found/);
    expect(() => t.lib.assets.read(bob, id)).toThrow(/not found/);
    // Bob importing the same content gets his own asset, sharing the stored blob.
    const b = await t.lib.assets.importPaths(bob, [path.join(src.dir, 'logo.png')]);
    expect(b.imported).toBe(1);
    expect(countBlobFiles(t.dir)).toBe(1);
  });
});
