/** Select-all on the host: the whole match of a search, counted and acted on at once, not the loaded pages. */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertAssets, type NewAsset } from './asset-bulk.js';
import { alice, bob, tempLibrary } from '../test-support/fixtures.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('select all by query', () => {
  let t: ReturnType<typeof tempLibrary>;
  const N = 1200;
  beforeEach(() => {
    t = tempLibrary();
    const list: NewAsset[] = Array.from({ length: N }, (_, i) => ({ name: `${i % 5 === 0 ? 'logo' : 'clip'}-${i}.${i % 2 ? 'png' : 'mp4'}`, sha256: sha(`c${i}`), size: 100 + i, mime: i % 2 ? 'image/png' : 'video/mp4' }));
    const add = t.lib.ctx.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)');
    for (const it of list) add.run(it.sha256, it.size, '2026-01-01T00:00:00.000Z');
    for (let i = 0; i < N; i += 1000) insertAssets(t.lib.ctx, alice, list.slice(i, i + 1000));
    // Someone else's assets never count.
    insertAssets(t.lib.ctx, bob, [{ name: 'logo-bob.png', sha256: sha('bob'), size: 1, mime: 'image/png' }].map((x) => (add.run(x.sha256, 1, '2026-01-01T00:00:00.000Z'), x)));
  });
  afterEach(() => t.cleanup());

  it('a page says the total of the whole match, on the first page and on later ones', () => {
    const first = t.lib.assets.search(alice, { limit: 500, withTotal: true });
    expect(first.items).toHaveLength(500);
    expect(first.total).toBe(N);
    const next = t.lib.assets.search(alice, { limit: 500, cursor: first.nextCursor!, withTotal: true });
    expect(next.total).toBe(N);
    expect(t.lib.assets.search(alice, { query: 'logo', withTotal: true, limit: 10 }).total).toBe(N / 5);
    // Logos are every fifth; images every other one: a tenth are both (and the last page counts too).
    expect(t.lib.assets.search(alice, { type: 'image', query: 'logo', withTotal: true, limit: 10 }).total).toBe(N / 10);
    expect(t.lib.assets.search(alice, { type: 'video', query: 'logo', withTotal: true, limit: 1000 }).total).toBe(N / 10);
    // Without asking, no count is made.
    expect(t.lib.assets.search(alice, { limit: 5 }).total).toBeUndefined();
  });

  it('tags every match (not the 500 loaded), less the ids unticked, and only the caller’s', () => {
    const except = t.lib.assets.search(alice, { query: 'logo', limit: 3 }).items.map((a) => a.id);
    expect(t.lib.assets.bulk(alice, { query: 'logo' }, { op: 'tag', tags: ['brand'] }, except)).toEqual({ count: N / 5 - 3 });
    expect(t.lib.assets.search(alice, { tag: 'brand', withTotal: true, limit: 1 }).total).toBe(N / 5 - 3);
    for (const id of except) expect(t.lib.assets.get(alice, id).tags).not.toContain('brand');
    expect(t.lib.assets.search(bob, { tag: 'brand', withTotal: true, limit: 1 }).total).toBe(0);

    expect(t.lib.assets.bulk(alice, {}, { op: 'tag', tags: ['all'] })).toEqual({ count: N });
    expect(t.lib.assets.search(alice, { tag: 'all', withTotal: true, limit: 1 }).total).toBe(N);
    expect(t.lib.assets.bulk(alice, { tag: 'all' }, { op: 'untag', tags: ['all'] })).toEqual({ count: N });
    expect(t.lib.assets.search(alice, { tag: 'all', withTotal: true, limit: 1 }).total).toBe(0);
  });

  it('tags by query in set-based statements with the outcome of tagging each asset: tag rows, the full-text row, updated_at', async () => {
    const db = t.lib.ctx.db;
    const ftsOf = (seq: number) => db.prepare('SELECT name, tags FROM assets_fts WHERE rowid = ?').get(seq) as { name: string; tags: string };
    const seqOf = (id: string) => db.prepare('SELECT seq FROM assets WHERE id = ?').pluck().get(id) as number;
    // Two logos tagged one at a time first: what the per-asset path writes is the reference.
    const [ref, other] = t.lib.assets.search(alice, { query: 'logo', limit: 2 }).items;
    t.lib.assets.tag(alice, [ref!.id], ['Zeta', 'alpha']);
    const before = ftsOf(seqOf(other!.id));
    await new Promise((r) => setTimeout(r, 5));
    expect(t.lib.assets.bulk(alice, { query: 'logo' }, { op: 'tag', tags: [' Brand ', 'alpha'] })).toEqual({ count: N / 5 });
    // The asset that had tags keeps them, gains the new ones once, and its full-text row says all of them, sorted.
    expect(t.lib.assets.get(alice, ref!.id).tags).toEqual(['alpha', 'brand', 'zeta']);
    expect(ftsOf(seqOf(ref!.id))).toMatchObject({ tags: 'alpha brand zeta' });
    expect(ftsOf(seqOf(other!.id))).toEqual({ name: before.name, tags: 'alpha brand' });
    expect(t.lib.assets.get(alice, other!.id).updatedAt > other!.updatedAt).toBe(true);
    // Search finds them by the new tag's text (the full-text index), and by tag.
    expect(t.lib.assets.search(alice, { query: 'brand', withTotal: true, limit: 1 }).total).toBe(N / 5);
    expect(t.lib.assets.search(alice, { tag: 'alpha', withTotal: true, limit: 1 }).total).toBe(N / 5);
    // Untag by query: the rows and the full-text text go; what else they had stays.
    expect(t.lib.assets.bulk(alice, { tag: 'brand' }, { op: 'untag', tags: ['BRAND'] })).toEqual({ count: N / 5 });
    expect(t.lib.assets.get(alice, ref!.id).tags).toEqual(['alpha', 'zeta']);
    expect(ftsOf(seqOf(ref!.id)).tags).toBe('alpha zeta');
    expect(ftsOf(seqOf(other!.id)).tags).toBe('alpha');
    expect(t.lib.assets.search(alice, { query: 'brand', withTotal: true, limit: 1 }).total).toBe(0);
    // No tag at all to add is refused, as for one asset.
    expect(() => t.lib.assets.bulk(alice, {}, { op: 'tag', tags: ['  '] })).toThrow(/at least one tag/);
  });

  it('links and trashes by query; a failure leaves every asset as it was', async () => {
    const p = await t.lib.projects.create(alice, { name: 'Brand film' });
    expect(t.lib.assets.bulk(alice, { type: 'image' }, { op: 'link', projectId: p.id }).count).toBe(N / 2);
    expect(t.lib.assets.search(alice, { projectId: p.id, withTotal: true, limit: 1 }).total).toBe(N / 2);
    // A project the caller cannot see: refused, and nothing was linked or unlinked.
    const theirs = await t.lib.projects.create(bob, { name: 'Theirs', scope: 'user' });
    expect(() => t.lib.assets.bulk(alice, {}, { op: 'link', projectId: theirs.id })).toThrow(/not found/i);
    expect(t.lib.assets.search(alice, { projectId: p.id, withTotal: true, limit: 1 }).total).toBe(N / 2);

    expect(t.lib.assets.bulk(alice, { query: 'logo' }, { op: 'delete' }).count).toBe(N / 5);
    expect(t.lib.assets.search(alice, { withTotal: true, limit: 1 }).total).toBe(N - N / 5);
    expect(t.lib.trash.list(alice).filter((i) => i.kind === 'asset')).toHaveLength(N / 5);
  });
});
