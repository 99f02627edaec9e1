/** Ratings, colour labels, search over media facts, and saved searches (migration 13's tables). */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../core/migrations/index.js';
import { alice, bob, tempLibrary } from '../test-support/fixtures.js';

describe('marks and metadata search', () => {
  let t: ReturnType<typeof tempLibrary>;
  const ids: string[] = [];
  beforeEach(async () => {
    t = tempLibrary();
    ids.length = 0;
    for (let i = 0; i < 4; i++) {
      const r = await t.lib.assets.importStream(alice, `clip-${i}.bin`, Readable.from([Buffer.from(`clip ${i}`)]));
      ids.push(r.asset!.id);
    }
    // Media facts as the media worker would leave them: sizes and durations on the rows, the codec in the probe.
    const facts = [[3840, 2160, 12, 'hevc'], [1920, 1080, 4, 'h264'], [1280, 720, 95, 'h264'], [null, null, null, null]] as const;
    facts.forEach(([w, h, d, codec], i) => {
      t.lib.ctx.db.prepare('UPDATE assets SET width = ?, height = ?, duration = ? WHERE id = ?').run(w, h, d, ids[i]);
      if (codec) {
        const sha = t.lib.assets.get(alice, ids[i]!).sha256;
        t.lib.ctx.db.prepare("INSERT OR REPLACE INTO media_info (sha256, state, probe, updated_at) VALUES (?, 'done', ?, '2026-01-01T00:00:00Z')").run(sha, JSON.stringify({ videoCodec: codec }));
      }
    });
  });
  afterEach(() => t.cleanup());
  const names = (input: Parameters<typeof t.lib.assets.search>[1]) => t.lib.assets.search(alice, { sort: 'name', limit: 100, ...input }).items.map((a) => a.name);

  it('the schema has the marks and saved searches (at the last migration)', () => {
    expect(t.lib.ctx.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = t.lib.ctx.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['asset_marks', 'saved_searches']));
  });

  it('rates and labels, reads them back, clears them; search by stars and label', () => {
    const [a, b, c] = t.lib.assets.mark(alice, [ids[0]!, ids[1]!, ids[2]!], { rating: 4 });
    expect([a?.rating, b?.rating, c?.rating]).toEqual([4, 4, 4]);
    t.lib.assets.mark(alice, [ids[0]!], { rating: 5, label: 'red' });
    t.lib.assets.mark(alice, [ids[2]!], { rating: null });
    expect(t.lib.assets.get(alice, ids[0]!)).toMatchObject({ rating: 5, label: 'red' });
    expect(t.lib.assets.get(alice, ids[2]!)).toMatchObject({ rating: null, label: null });
    expect(names({ minRating: 4 })).toEqual(['clip-0.bin', 'clip-1.bin']);
    expect(names({ minRating: 5 })).toEqual(['clip-0.bin']);
    expect(names({ label: 'red' })).toEqual(['clip-0.bin']);
    expect(() => t.lib.assets.mark(alice, [ids[0]!], { rating: 9 })).toThrow(/rating/);
    // A bulk mark by query, all at once.
    expect(t.lib.assets.bulk(alice, { minRating: 4 }, { op: 'mark', label: 'green' }).count).toBe(2);
    expect(names({ label: 'green' })).toEqual(['clip-0.bin', 'clip-1.bin']);
  });

  it('searches resolution, duration ranges and codec', () => {
    expect(names({ minWidth: 1920 })).toEqual(['clip-0.bin', 'clip-1.bin']);
    expect(names({ minHeight: 2160 })).toEqual(['clip-0.bin']);
    expect(names({ minDuration: 5, maxDuration: 60 })).toEqual(['clip-0.bin']);
    expect(names({ maxDuration: 10 })).toEqual(['clip-1.bin']);
    expect(names({ codec: 'H264' })).toEqual(['clip-1.bin', 'clip-2.bin']);
    expect(names({ codec: 'h264', minWidth: 1920 })).toEqual(['clip-1.bin']);
    expect(t.lib.assets.search(alice, { codec: 'hevc', withTotal: true, limit: 1 }).total).toBe(1);
  });

  it('sorts by duration, resolution and codec both ways, unknown facts lowest, and pages by keyset cursor', () => {
    const sorted = (sort: 'duration' | 'resolution' | 'codec', order: 'asc' | 'desc') => names({ sort, order });
    // Durations 12, 4, 95, none; resolutions 4K, 1080p, 720p, none; codecs hevc, h264, h264, none.
    expect(sorted('duration', 'asc')).toEqual(['clip-3.bin', 'clip-1.bin', 'clip-0.bin', 'clip-2.bin']);
    expect(sorted('duration', 'desc')).toEqual(['clip-2.bin', 'clip-0.bin', 'clip-1.bin', 'clip-3.bin']);
    expect(sorted('resolution', 'desc')).toEqual(['clip-0.bin', 'clip-1.bin', 'clip-2.bin', 'clip-3.bin']);
    expect(sorted('resolution', 'asc')).toEqual(['clip-3.bin', 'clip-2.bin', 'clip-1.bin', 'clip-0.bin']);
    // Ties (two h264) keep insertion order in the direction asked.
    expect(sorted('codec', 'asc')).toEqual(['clip-3.bin', 'clip-1.bin', 'clip-2.bin', 'clip-0.bin']);
    expect(sorted('codec', 'desc')).toEqual(['clip-0.bin', 'clip-2.bin', 'clip-1.bin', 'clip-3.bin']);
    // One item per page: the cursor carries the computed sort value and every row comes exactly once.
    for (const sort of ['duration', 'resolution', 'codec'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const walked: string[] = [];
        let cursor: string | undefined;
        do {
          const page = t.lib.assets.search(alice, { sort, order, limit: 1, ...(cursor ? { cursor } : {}) });
          walked.push(...page.items.map((a) => a.name));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(walked).toEqual(sorted(sort, order));
      }
    }
    // By type: all four are 'other' here, so the tie-break (insertion order) decides.
    expect(names({ sort: 'type', order: 'asc' })).toEqual(['clip-0.bin', 'clip-1.bin', 'clip-2.bin', 'clip-3.bin']);
    expect(() => t.lib.assets.search(alice, { sort: 'toString' as never })).toThrow(/sort must be/);
  });

  it('saved searches: per user or shared; the same name replaces; deleting another user’s is NOT_FOUND', () => {
    const mine = t.lib.searches.save(alice, 'Best takes', { minRating: 4 });
    t.lib.searches.save(alice, 'Best takes', { minRating: 5 });
    const shared = t.lib.searches.save(alice, '4K', { minWidth: 3840 }, { shared: true });
    expect(t.lib.searches.list(alice).map((s) => [s.name, s.filter, s.shared])).toEqual([['4K', { minWidth: 3840 }, true], ['Best takes', { minRating: 5 }, false]]);
    expect(t.lib.searches.list(bob).map((s) => s.name)).toEqual(['4K']);
    expect(() => t.lib.searches.delete(bob, mine.id)).toThrow(/not found/i);
    t.lib.searches.delete(alice, mine.id);
    expect(t.lib.searches.list(alice).map((s) => s.id)).toEqual([shared.id]);
  });
});
