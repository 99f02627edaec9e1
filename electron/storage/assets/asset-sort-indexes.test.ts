/**
 * Sorting assets by codec, duration and resolution (migration 14): the right order, pages that follow on,
 * the codec kept in step with media_info however it is written, and plans that read the page from an index.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../core/db.js';
import { MIGRATIONS } from '../core/migrations/index.js';
import { alice, bob, tempDir, tempLibrary } from '../test-support/fixtures.js';
import { buildSearchQuery, type AssetSort } from './assets.js';

const probe = (codec: string | null) => JSON.stringify({ videoCodec: codec, width: 1, height: 1 });

describe('asset sorts by media facts', () => {
  let t: ReturnType<typeof tempLibrary>;
  const ids: string[] = [];
  const sha = (i: number) => t.lib.assets.get(alice, ids[i]!).sha256;
  const setProbe = (i: number, codec: string | null) =>
    t.lib.ctx.db.prepare("INSERT OR REPLACE INTO media_info (sha256, state, probe, updated_at) VALUES (?, 'done', ?, '2026-01-01T00:00:00Z')").run(sha(i), probe(codec));
  beforeEach(async () => {
    t = tempLibrary();
    ids.length = 0;
    for (let i = 0; i < 5; i++) {
      const r = await t.lib.assets.importStream(alice, `clip-${i}.mov`, Readable.from([Buffer.from(`clip ${i}`)]));
      ids.push(r.asset!.id);
    }
    // As the media worker leaves them: sizes and durations on the rows, the codec in the probe (clip-4 unprobed).
    const facts = [[3840, 2160, 12, 'HEVC'], [1920, 1080, 4, 'h264'], [1280, 720, 95, 'prores'], [640, 360, 4, 'av1'], [null, null, null, null]] as const;
    facts.forEach(([w, h, d, codec], i) => {
      t.lib.ctx.db.prepare('UPDATE assets SET width = ?, height = ?, duration = ? WHERE id = ?').run(w, h, d, ids[i]);
      if (codec) setProbe(i, codec);
    });
  });
  afterEach(() => t.cleanup());

  /** Every page of a sort, two at a time: the order across the keyset cursor, not only within a page. */
  const allPages = (sort: AssetSort, order: 'asc' | 'desc') => {
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = t.lib.assets.search(alice, { sort, order, limit: 2, ...(cursor ? { cursor } : {}) });
      names.push(...page.items.map((a) => a.name.slice(5, 6)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return names.join('');
  };

  it('sorts by codec (lower-cased, unknown lowest), duration and resolution, across pages, both ways', () => {
    expect(allPages('codec', 'asc')).toBe('43102'); // '', av1, h264, hevc, prores
    expect(allPages('codec', 'desc')).toBe('20134');
    // Equal durations (clip-1 and clip-3, 4 s) fall back to import order, as every sort does.
    expect(allPages('duration', 'asc')).toBe('41302');
    expect(allPages('duration', 'desc')).toBe('20314');
    expect(allPages('resolution', 'desc')).toBe('01234');
    expect(allPages('resolution', 'asc')).toBe('43210');
    expect(t.lib.assets.search(alice, { codec: 'HEVC', sort: 'name', limit: 10 }).items.map((a) => a.name)).toEqual(['clip-0.mov']);
  });

  it('keeps the codec in step with media_info: re-probed, reset, collected, and an import of content already probed', async () => {
    const codecOf = (i: number) => t.lib.ctx.db.prepare('SELECT video_codec FROM assets WHERE id = ?').pluck().get(ids[i]);
    expect([0, 1, 2, 3, 4].map(codecOf)).toEqual(['hevc', 'h264', 'prores', 'av1', '']);
    // The media store's own write: the probe's codec reaches the row.
    t.lib.media.saveResult(sha(4), { probe: JSON.parse(probe('VP9')) });
    expect(codecOf(4)).toBe('vp9');
    t.lib.ctx.db.prepare("UPDATE media_info SET probe = json_set(probe, '$.videoCodec', 'mpeg4') WHERE sha256 = ?").run(sha(1));
    expect(codecOf(1)).toBe('mpeg4');
    t.lib.ctx.db.prepare('DELETE FROM media_info WHERE sha256 = ?').run(sha(2));
    expect(codecOf(2)).toBe('');
    // Bytes already probed, imported by another user: a new row of theirs that takes the known codec at once.
    const again = await t.lib.assets.importStream(bob, 'copy-of-0.mov', Readable.from([Buffer.from('clip 0')]));
    expect(again.asset!.id).not.toBe(ids[0]);
    expect(t.lib.ctx.db.prepare('SELECT video_codec FROM assets WHERE id = ?').pluck().get(again.asset!.id)).toBe('hevc');
    expect(t.lib.assets.search(bob, { codec: 'hevc', sort: 'name', limit: 10 }).items.map((a) => a.name)).toEqual(['copy-of-0.mov']);
  });

  it('reads each sort from its index: no temp B-tree for the order, no per-row subquery, also past a cursor', () => {
    const plan = (input: Parameters<typeof buildSearchQuery>[2]) => {
      const q = buildSearchQuery(t.lib.ctx, alice, input)!;
      return (t.lib.ctx.db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(q.params) as { detail: string }[]).map((r) => r.detail).join('\n');
    };
    const indexOf: Record<string, string> = { codec: 'assets_codec', duration: 'assets_duration', resolution: 'assets_resolution' };
    for (const [sort, index] of Object.entries(indexOf)) {
      for (const order of ['asc', 'desc'] as const) {
        const cursor = t.lib.assets.search(alice, { sort: sort as AssetSort, order, limit: 2 }).nextCursor!;
        for (const p of [plan({ sort: sort as AssetSort, order }), plan({ sort: sort as AssetSort, order, cursor })]) {
          // SCAN from one end on the first page, SEARCH from the cursor's place on the next ones.
          expect(p, `${sort} ${order}`).toMatch(new RegExp(`(SCAN|SEARCH) a USING INDEX ${index}\\b`));
          expect(p, `${sort} ${order}`).not.toMatch(/TEMP B-TREE|CORRELATED|media_info/);
        }
      }
    }
    // The codec filter is a lookup on the row's column, not a scan of media_info's JSON.
    expect(plan({ sort: 'codec', codec: 'h264' })).toMatch(/USING INDEX assets_codec \(video_codec=\?/);
  });
});

describe('migration 14', () => {
  let t: ReturnType<typeof tempDir>;
  afterEach(() => t.cleanup());

  it('fills the codec of assets already probed in a version 13 catalog', () => {
    t = tempDir();
    const file = path.join(t.dir, 'library.db');
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    for (let v = 0; v < 13; v++) old.transaction(() => { old.exec(MIGRATIONS[v] as string); old.pragma(`user_version = ${v + 1}`); })();
    const now = '2026-01-01T00:00:00.000Z';
    const addAsset = old.prepare(
      "INSERT INTO assets (id, sha256, type, name, mime, size, scope, created_at, updated_at) VALUES (?, ?, 'video', ?, 'video/mp4', 1, 'sandbox', ?, ?)",
    );
    for (const [i, sha] of ['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64)].entries()) {
      old.prepare('INSERT INTO blobs (sha256, size, created_at) VALUES (?, 1, ?)').run(sha, now);
      addAsset.run(`ast_${i}`, sha, `v${i}.mp4`, now, now);
    }
    old.prepare("INSERT INTO media_info (sha256, state, probe, updated_at) VALUES (?, 'done', ?, ?)").run('a'.repeat(64), probe('ProRes'), now);
    old.prepare("INSERT INTO media_info (sha256, state, probe, updated_at) VALUES (?, 'done', ?, ?)").run('b'.repeat(64), probe(null), now);
    old.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT id, video_codec FROM assets ORDER BY id').all()).toEqual([
      { id: 'ast_0', video_codec: 'prores' },
      { id: 'ast_1', video_codec: '' },
      { id: 'ast_2', video_codec: '' },
    ]);
    db.close();
  });
});
