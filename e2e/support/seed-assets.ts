/**
 * Test seeding straight into a library's SQLite file, for sizes the UI must cope with (100,000
 * assets) but no import could make in seconds. Rows are written as the storage layer writes them
 * (electron/storage/assets/asset-import.ts, asset-tags.ts): a blobs row per content, the asset, its tags
 * and its FTS row (the name, then its words, as searchableName() does), in one transaction of
 * set-based INSERT … SELECT statements. Blob files are not written: tiles without media never read
 * them, and media types get a finished media_info row so the media worker leaves them alone.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Server } from '../fixtures.js';

export interface SeedOptions {
  /** Owner of the rows; the fixture's server acts as REELVAULT_USER=e2e. */
  userId?: string;
  /** Every n-th item (i % n === 0) gets this tag. */
  tagEvery?: { n: number; tag: string };
}

/**
 * Item i's type cycles so most are documents, fonts and other files (no media work to fake) with
 * some images, videos and audio among them; item 0 is the oldest, created one second before item 1.
 */
const KINDS = [
  { type: 'image', mime: 'image/png', ext: 'png' },
  { type: 'document', mime: 'text/plain', ext: 'txt' },
  { type: 'video', mime: 'video/mp4', ext: 'mp4' },
  { type: 'other', mime: 'application/octet-stream', ext: 'bin' },
  { type: 'audio', mime: 'audio/wav', ext: 'wav' },
  { type: 'document', mime: 'application/pdf', ext: 'pdf' },
  { type: 'font', mime: 'font/woff2', ext: 'woff2' },
  { type: 'document', mime: 'application/json', ext: 'json' },
] as const;

export function seedName(i: number): string {
  return `seed-${String(i).padStart(6, '0')}.${(KINDS[i % KINDS.length] as (typeof KINDS)[number]).ext}`;
}

const caseOf = (field: 'type' | 'mime' | 'ext') => `CASE i % ${KINDS.length} ${KINDS.map((k, n) => `WHEN ${n} THEN '${k[field]}'`).join(' ')} END`;

/** Inserts `count` assets into the library at `libraryDir` (its server may be running: WAL). */
export function seedAssets(libraryDir: string, count: number, opts: SeedOptions = {}): { ms: number } {
  const started = Date.now();
  const db = new Database(path.join(libraryDir, 'library.db'));
  try {
    db.pragma('busy_timeout = 10000');
    // A throwaway test library: speed over power-loss durability.
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -131072');
    // Hashes share a random prefix and end in the item number, so every index is appended to in order.
    const prefix = randomBytes(28).toString('hex');
    const base = Date.parse('2024-01-01T00:00:00.000Z') / 1000;
    db.transaction(() => {
      db.exec('CREATE TEMP TABLE IF NOT EXISTS seed (i INTEGER PRIMARY KEY, sha TEXT, name TEXT, at TEXT, size INTEGER)');
      db.exec('DELETE FROM temp.seed');
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @last)
         INSERT INTO temp.seed SELECT i, @prefix || printf('%08x', i), printf('seed-%06d.', i) || ${caseOf('ext')},
           strftime('%Y-%m-%dT%H:%M:%fZ', @base + i, 'unixepoch'), 1000 + (i * 7919) % 5000000 FROM n`,
      ).run({ last: count - 1, prefix, base });
      db.exec('INSERT INTO blobs (sha256, size, created_at) SELECT sha, size, at FROM temp.seed ORDER BY i');
      db.prepare(
        `INSERT INTO assets (id, sha256, name, size, mime, type, scope, user_id, created_at, updated_at)
         SELECT 'ast_' || printf('%09d', i) || lower(hex(randomblob(8))), sha, name, size, ${caseOf('mime')}, ${caseOf('type')},
           'user', @userId, at, at FROM temp.seed ORDER BY i`,
      ).run({ userId: opts.userId ?? 'e2e' });
      if (opts.tagEvery) {
        db.prepare('INSERT INTO asset_tags (asset_seq, tag) SELECT a.seq, @tag FROM assets a JOIN temp.seed s ON s.sha = a.sha256 WHERE s.i % @n = 0').run({
          tag: opts.tagEvery.tag.toLowerCase(),
          n: opts.tagEvery.n,
        });
      }
      db.exec(
        `INSERT INTO assets_fts (rowid, name, tags)
         SELECT a.seq, a.name || ' ' || replace(replace(replace(a.name, '.', ' '), '-', ' '), '_', ' '),
           coalesce((SELECT group_concat(tag, ' ') FROM asset_tags t WHERE t.asset_seq = a.seq), '')
         FROM assets a JOIN temp.seed s ON s.sha = a.sha256`,
      );
      db.exec(
        `INSERT INTO media_info (sha256, state, updated_at)
         SELECT a.sha256, 'done', a.created_at FROM assets a JOIN temp.seed s ON s.sha = a.sha256 WHERE a.type IN ('image', 'video', 'audio')`,
      );
      db.exec('DROP TABLE temp.seed');
    })();
  } finally {
    db.close();
  }
  return { ms: Date.now() - started };
}

/** Uploads bytes as a browser would (POST /upload), from the test process. */
export async function uploadBytes(
  server: Server,
  name: string,
  bytes: Uint8Array | string,
  query: Record<string, string> = {},
): Promise<{ status: string; asset?: { id: string; sha256: string; name: string } }> {
  const q = new URLSearchParams({ name, ...query });
  const res = await fetch(`${server.origin}/upload?${q}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/octet-stream' },
    body: Buffer.from(bytes),
  });
  const r = (await res.json()) as { ok: boolean; value?: { status: string; asset?: { id: string; sha256: string; name: string } }; error?: { message: string } };
  if (!r.ok || !r.value) throw new Error(`upload ${name}: ${r.error?.message}`);
  return r.value;
}
