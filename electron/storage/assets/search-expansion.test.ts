import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { insertAssets, type NewAsset } from './asset-bulk.js';
import { expandedFtsQuery, ftsQuery } from './assets.js';
import { alice, tempLibrary } from '../test-support/fixtures.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const NAMES = ['footage_a.mp4', 'Footstep.wav', 'footé-crème.png', 'FOOTBALL final.mp4', 'foot.png', 'foo.png', 'barfoot.mp4', 'footage two.mov', 'Straße.jpg', 'strasse old.jpg', 'clip 12345.mp4', 'clip 1234.mp4'];

/**
 * A typed last word is searched as an OR of the index's terms with that prefix (assets.ts): it must
 * find exactly what the prefix query finds, for every prefix of every word here, in the same order.
 */
describe('search: the last word expanded to its terms', () => {
  let t: ReturnType<typeof tempLibrary>;
  beforeEach(() => {
    t = tempLibrary();
    const list: NewAsset[] = NAMES.map((name, i) => ({ name, sha256: sha(name), size: 100 + i, mime: 'video/mp4', tags: i % 2 ? ['Footnote', 'b-roll'] : ['music'] }));
    const add = t.lib.ctx.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)');
    for (const it of list) add.run(it.sha256, it.size, '2026-01-01T00:00:00.000Z');
    insertAssets(t.lib.ctx, alice, list);
  });
  afterEach(() => t.cleanup());

  const byPrefix = (q: string) =>
    (t.lib.ctx.db.prepare('SELECT a.name FROM assets_fts f JOIN assets a ON a.seq = f.rowid WHERE assets_fts MATCH ? ORDER BY f.rowid DESC').pluck().all(ftsQuery(q)) as string[]);

  it('matches what the prefix query matches', () => {
    const words = new Set(['foot', 'foota', 'footage', 'Foots', 'FOOTB', 'footn', 'footnote', 'footé', 'crè', 'strass', 'Straß', 'clip 1234', 'clip 12345', 'music foot', 'footage tw', 'zzzz', 'barf', 'b-ro']);
    for (const w of [...words]) for (let n = 1; n <= w.length; n++) words.add(w.slice(0, n));
    for (const q of words) {
      if (ftsQuery(q) === null) continue;
      const expected = byPrefix(q);
      const got = t.lib.assets.search(alice, { query: q, limit: 1000 }).items.map((a) => a.name);
      expect({ q, got }).toEqual({ q, got: expected });
    }
  });

  it('expands only plain lower-case ASCII words not of the prefix indexes\' lengths, and says so in the query', () => {
    expect(expandedFtsQuery(t.lib.ctx, 'music foota')).toBe('"music" AND ("footage")');
    expect(expandedFtsQuery(t.lib.ctx, 'FOOT')).toMatch(/^\("foot" OR /);
    expect(expandedFtsQuery(t.lib.ctx, 'foo')).toBe('"foo"*');
    expect(expandedFtsQuery(t.lib.ctx, 'Straß')).toBe('"Straß"*');
    expect(expandedFtsQuery(t.lib.ctx, 'zzzz')).toBe('"zzzz"*');
  });

  it('splits a one-character last word into the term itself and its indexed two-character prefixes', () => {
    // 'b' is a term (the tag b-roll), 'barfoot' the only other b-word.
    expect(expandedFtsQuery(t.lib.ctx, 'b')).toBe('("b" OR "ba"*)');
    expect(expandedFtsQuery(t.lib.ctx, 'music f')).toBe('"music" AND ("fi"* OR "fo"*)');
    expect(expandedFtsQuery(t.lib.ctx, 'q')).toBe('"q"*');
  });
});
