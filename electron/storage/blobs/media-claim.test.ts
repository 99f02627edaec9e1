/**
 * The media worker's claim (media-store.ts): it walks assets newest first a page at a time, so one
 * claim over a big library examines a bounded number of rows, and every asset without a media
 * record is still handed out eventually — across new imports, deletions that free seqs, retries and
 * restarts. Bounds are asserted on rows examined and on the statement plan, never on time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { CLAIM_PAGE_ROWS, MediaClaimCursor, claimMediaWork } from './media-store.js';
import { tempLibrary } from '../test-support/fixtures.js';
import type { Storage } from '../index.js';

/** Asset rows straight into the catalog (content rows without files: the claim reads only the catalog). */
function addAssets(db: Database.Database, n: number, opts: { type?: string; tag?: string } = {}): void {
  const type = opts.type ?? 'image';
  const tag = opts.tag ?? 'x';
  const now = new Date().toISOString();
  const base = (db.prepare('SELECT coalesce(max(seq), 0) FROM assets').pluck().get() as number) + 1;
  db.transaction(() => {
    db.prepare(
      `WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < ?)
       INSERT OR IGNORE INTO blobs (sha256, size, created_at) SELECT printf('%s%060d', ?, ? + i), 1, ? FROM k`,
    ).run(n, tag.padEnd(4, '0').slice(0, 4), base, now);
    db.prepare(
      `WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < ?)
       INSERT INTO assets (seq, id, sha256, name, size, mime, type, scope, created_at, updated_at)
       SELECT ? + i, printf('a-%s-%d', ?, ? + i), printf('%s%060d', ?, ? + i), 'f' || (? + i), 1, 'image/png', ?, 'sandbox', ?, ? FROM k`,
    ).run(n, base, tag, base, tag.padEnd(4, '0').slice(0, 4), base, base, type, now, now);
  })();
}

function owed(db: Database.Database): string[] {
  return db
    .prepare(
      `SELECT DISTINCT a.sha256 FROM assets a WHERE a.type IN ('image','video','audio') AND a.deleted_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM media_info m WHERE m.sha256 = a.sha256)`,
    )
    .pluck()
    .all() as string[];
}

/** Claims until the cursor says every row was looked at; the claimed content, each once. */
function drain(lib: Storage, limit = 500): string[] {
  const got: string[] = [];
  for (let i = 0; i < 100_000; i++) {
    for (const t of lib.media.claimWork(limit)) got.push(t.sha256);
    if (lib.media.claimDone()) break;
  }
  return got;
}

describe('media claim', () => {
  let t: ReturnType<typeof tempLibrary>;
  beforeEach(() => {
    t = tempLibrary();
  });
  afterEach(() => t.cleanup());

  it('claims every asset without a record, newest first, each once', () => {
    addAssets(t.lib.ctx.db, 2500);
    const first = t.lib.media.claimWork(10);
    expect(first.map((x) => x.sha256)).toEqual(
      t.lib.ctx.db.prepare('SELECT sha256 FROM assets ORDER BY seq DESC LIMIT 10').pluck().all(),
    );
    const rest = drain(t.lib);
    const all = [...first.map((x) => x.sha256), ...rest];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(2500);
    expect(owed(t.lib.ctx.db)).toEqual([]);
  });

  it('a claim examines at most a page of rows, through the primary key', () => {
    addAssets(t.lib.ctx.db, 1_000_000);
    const cursor = new MediaClaimCursor();
    const got = claimMediaWork(t.lib.ctx, 500, cursor);
    expect(got.length).toBe(500);
    expect(cursor.lastExamined).toBe(500);
    // Mark the next rows as done: a claim then examines one page and hands out nothing.
    t.lib.ctx.db
      .prepare("INSERT OR IGNORE INTO media_info (sha256, state, updated_at) SELECT sha256, 'done', 'x' FROM assets WHERE seq <= ? AND seq > ?")
      .run(1_000_000 - 500, 1_000_000 - 500 - 5 * CLAIM_PAGE_ROWS);
    for (let i = 0; i < 5; i++) {
      expect(claimMediaWork(t.lib.ctx, 500, cursor)).toEqual([]);
      expect(cursor.lastExamined).toBe(CLAIM_PAGE_ROWS);
      expect(cursor.done).toBe(false);
    }
    expect(claimMediaWork(t.lib.ctx, 500, cursor)[0]?.sha256).toBe(
      t.lib.ctx.db.prepare('SELECT sha256 FROM assets WHERE seq = ?').pluck().get(1_000_000 - 500 - 5 * CLAIM_PAGE_ROWS),
    );
    const plan = (
      t.lib.ctx.db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT a.seq, a.sha256, a.type, a.name, a.mime,
              a.type IN ('image','video','audio') AND a.deleted_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM media_info m WHERE m.sha256 = a.sha256) AS owed
         FROM assets a WHERE a.seq <= ? AND a.seq > ? ORDER BY a.seq DESC LIMIT ?`,
        )
        .all(10, 0, 10) as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan.join('\n')).toMatch(/SEARCH a USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/);
    expect(plan.join('\n')).not.toMatch(/SCAN a|TEMP B-TREE/);
    expect(plan.join('\n')).toMatch(/SEARCH m USING PRIMARY KEY \(sha256=\?\)/);
  }, 120_000);

  it('new imports during a walk are claimed first, and the older walk resumes', () => {
    addAssets(t.lib.ctx.db, 3000, { tag: 'old' });
    const a = t.lib.media.claimWork(100);
    expect(a.every((x) => x.sha256.startsWith('old0'))).toBe(true);
    addAssets(t.lib.ctx.db, 50, { tag: 'new' });
    const b = t.lib.media.claimWork(100);
    expect(b.slice(0, 50).every((x) => x.sha256.startsWith('new0'))).toBe(true);
    expect(b.length).toBe(100);
    const rest = drain(t.lib);
    expect(a.length + b.length + rest.length).toBe(3050);
    expect(owed(t.lib.ctx.db)).toEqual([]);
  });

  it('a seq freed by deleting the newest rows and given to a new asset is still claimed', () => {
    addAssets(t.lib.ctx.db, 20, { tag: 'aaa' });
    expect(drain(t.lib).length).toBe(20);
    expect(t.lib.media.claimDone()).toBe(true);
    // The two newest go (trash emptied); SQLite hands their seqs to the next rows.
    t.lib.ctx.db.prepare('DELETE FROM assets WHERE seq > 18').run();
    addAssets(t.lib.ctx.db, 2, { tag: 'bbb' });
    expect((t.lib.ctx.db.prepare('SELECT max(seq) FROM assets').pluck().get() as number)).toBe(20);
    const got = drain(t.lib);
    expect(got.filter((s) => s.startsWith('bbb0')).length).toBe(2);
    expect(owed(t.lib.ctx.db)).toEqual([]);
  });

  it('a reset record (retry) is claimed again wherever its row is', () => {
    addAssets(t.lib.ctx.db, 3000);
    drain(t.lib);
    const sha = t.lib.ctx.db.prepare('SELECT sha256 FROM assets WHERE seq = 7').pluck().get() as string;
    t.lib.media.reset(sha);
    expect(t.lib.media.claimDone()).toBe(false);
    expect(t.lib.media.claimWork().map((x) => x.sha256)).toEqual([sha]);
    expect(t.lib.media.claimDone()).toBe(true);
  });

  it('across restarts nothing owed is skipped: a walk cut short resumes from a fresh cursor', () => {
    addAssets(t.lib.ctx.db, 5000);
    const before = t.lib.media.claimWork(300).map((x) => x.sha256);
    // Claimed but never saved (a crash): the records stay pending, which the worker hands out from pendingMedia.
    const lib = t.reopen();
    expect(new Set(lib.media.pending().map((x) => x.sha256))).toEqual(new Set(before));
    // Records lost for rows the previous walk had passed (as a catalog rebuild does): found again.
    lib.ctx.db.prepare('DELETE FROM media_info WHERE sha256 IN (SELECT sha256 FROM assets WHERE seq > 4900)').run();
    const after = drain(lib);
    expect(new Set([...before, ...after]).size).toBe(5000 - 0);
    expect(owed(lib.ctx.db)).toEqual([]);
  });

  it('deleted and non-media assets are not claimed', () => {
    addAssets(t.lib.ctx.db, 5, { type: 'document', tag: 'doc' });
    addAssets(t.lib.ctx.db, 5, { tag: 'del' });
    t.lib.ctx.db.prepare("UPDATE assets SET deleted_at = 'x' WHERE sha256 LIKE 'del0%'").run();
    expect(drain(t.lib)).toEqual([]);
  });
});
