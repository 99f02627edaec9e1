import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { insertAssets, newAssetIds, type NewAsset } from './asset-bulk.js';
import { newId } from '../core/ids.js';
import type { Storage } from '../index.js';
import { alice, bob, tempLibrary } from '../test-support/fixtures.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const MIMES = ['video/mp4', 'image/png', 'audio/wav'];

/** n items over made-up content (blob rows only: these tests are about metadata). */
function items(n: number, from = 0): NewAsset[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return {
      name: `clip_${['ka', 'lomi', 'resu'][i % 3]}-take${i}.${['mp4', 'png', 'wav'][i % 3]}`,
      sha256: sha(`content ${i}`),
      size: 1000 + ((i * 7919) % 5000),
      mime: MIMES[i % 3] as string,
      tags: [`Group${i % 4}`, ' Shared ', `n${i}`],
    };
  });
}

function storeBlobs(lib: Storage, list: readonly NewAsset[]): void {
  const add = lib.ctx.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)');
  for (const it of list) add.run(it.sha256, it.size, '2026-01-01T00:00:00.000Z');
}

/** What search shows of a library, independent of ids: names in order for several queries. */
function view(lib: Storage): Record<string, unknown> {
  const names = (input: Parameters<Storage['assets']['search']>[1]) => lib.assets.search(alice, { limit: 1000, ...input }).items.map((a) => a.name);
  return {
    all: lib.assets.search(alice, { limit: 1000 }).items.map((a) => [a.name, a.tags, a.type, a.size]),
    byName: names({ sort: 'name' }),
    bySize: names({ sort: 'size', order: 'asc' }),
    lomi: names({ query: 'lomi' }),
    lo: names({ query: 'lo' }),
    res: names({ query: 'res' }),
    take1: names({ query: 'take1' }),
    tagged: names({ tag: 'group2' }),
    tagWord: names({ query: 'group1 shared' }),
    inTimeOrder: lib.ctx.db.prepare("SELECT value FROM meta WHERE key = 'assets_in_time_order'").pluck().get(),
  };
}

describe('insertAssets (bulk)', () => {
  let a: ReturnType<typeof tempLibrary>;
  let b: ReturnType<typeof tempLibrary>;
  beforeEach(() => { a = tempLibrary(); b = tempLibrary(); });
  afterEach(() => { a.cleanup(); b.cleanup(); });

  it('one call of many makes the same library as one call per asset (search, tags, sorts, time order)', () => {
    // 75 = two full multi-row chunks and a remainder; repeats of earlier content make duplicates.
    const list = [...items(75), ...items(5, 10)];
    storeBlobs(a.lib, list);
    storeBlobs(b.lib, list);
    const bulk = insertAssets(a.lib.ctx, alice, list, { tags: ['Batch'] });
    for (const it of list) insertAssets(b.lib.ctx, alice, [it], { tags: ['Batch'] });
    expect(bulk).toMatchObject({ imported: 75, duplicates: 5 });
    expect(view(a.lib)).toEqual(view(b.lib));
    const v = view(a.lib);
    expect(v.inTimeOrder).toBe('1');
    expect((v.all as unknown[]).length).toBe(75);
    expect(v.lomi).toHaveLength(25);
    expect(v.lo).toEqual(v.lomi);
    expect(v.tagged).toHaveLength(19);
    // Every new asset's rows: five tags (call tag, its own three, the repeat's none) and a full-text row.
    const counts = a.lib.ctx.db.prepare('SELECT (SELECT count(*) FROM asset_tags), (SELECT count(*) FROM assets_fts), (SELECT count(*) FROM assets)').raw().get();
    expect(counts).toEqual([75 * 4, 75, 75]);
  });

  it('returns ids in input order; a repeat inside the call is a duplicate of the first and adds its tags', () => {
    const [x, y] = items(2);
    const again = { ...x!, name: 'other-name.mp4', tags: ['extra'] };
    storeBlobs(a.lib, [x!, y!]);
    const r = insertAssets(a.lib.ctx, alice, [x!, y!, again]);
    expect(r.items.map((i) => i.status)).toEqual(['imported', 'imported', 'duplicate']);
    expect(r.items[2]!.id).toBe(r.items[0]!.id);
    const first = a.lib.assets.get(alice, r.items[0]!.id);
    expect(first.name).toBe(x!.name);
    expect(first.tags).toEqual(['extra', 'group0', 'n0', 'shared']);
    expect(a.lib.assets.search(alice, { query: 'extra' }).items.map((i) => i.id)).toEqual([first.id]);
  });

  it('content the actor already sees is a duplicate gaining tags and the project link; others\' content is not', async () => {
    const [x, y] = items(2);
    storeBlobs(a.lib, [x!, y!]);
    const mine = insertAssets(a.lib.ctx, alice, [x!]).items[0]!.id;
    const bobs = insertAssets(a.lib.ctx, bob, [y!]).items[0]!.id;
    const p = await a.lib.projects.create(alice, { name: 'P' });
    const r = insertAssets(a.lib.ctx, alice, [{ ...x!, tags: ['later'] }, y!], { projectId: p.id });
    expect(r.items[0]).toEqual({ id: mine, status: 'duplicate' });
    expect(r.items[1]!.status).toBe('imported');
    expect(r.items[1]!.id).not.toBe(bobs);
    expect(a.lib.assets.get(alice, mine)).toMatchObject({ tags: ['group0', 'later', 'n0', 'shared'], projectIds: [p.id] });
    expect(a.lib.assets.search(alice, { query: 'later' }).items.map((i) => i.id)).toEqual([mine]);
    expect(a.lib.assets.search(alice, { projectId: p.id }).items).toHaveLength(2);
    expect(a.lib.assets.search(bob, {}).items.map((i) => i.id)).toEqual([bobs]);
  });

  it('writes nothing when an item\'s content is missing or has another size, naming the first bad item', () => {
    const list = items(4);
    storeBlobs(a.lib, list.slice(0, 3));
    expect(() => insertAssets(a.lib.ctx, alice, list)).toThrow(`content ${list[3]!.sha256} is not stored`);
    const wrong = { ...list[1]!, size: list[1]!.size + 1 };
    expect(() => insertAssets(a.lib.ctx, alice, [list[0]!, wrong, list[3]!])).toThrow(`content ${wrong.sha256} is ${list[1]!.size} bytes, not ${wrong.size}`);
    expect(a.lib.ctx.db.prepare('SELECT count(*) FROM assets').pluck().get()).toBe(0);
  });

  it('puts the connection settings back after the write, also after a failed one', () => {
    const db = a.lib.ctx.db;
    const before = [db.pragma('temp_store', { simple: true }), db.pragma('cache_size', { simple: true })];
    const list = items(3);
    storeBlobs(a.lib, list);
    insertAssets(a.lib.ctx, alice, list);
    expect([db.pragma('temp_store', { simple: true }), db.pragma('cache_size', { simple: true })]).toEqual(before);
    expect(() => insertAssets(a.lib.ctx, alice, items(1, 50))).toThrow(/not stored/);
    expect([db.pragma('temp_store', { simple: true }), db.pragma('cache_size', { simple: true })]).toEqual(before);
  });

  it('draws ids in newId\'s format, all different', () => {
    const shape = /^ast_[0-9a-z]{9}[0-9a-f]{16}$/;
    expect(newId('ast')).toMatch(shape);
    const ids = newAssetIds(1000);
    expect(ids.every((id) => shape.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(1000);
  });
});
