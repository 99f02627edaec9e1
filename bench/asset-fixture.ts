/**
 * Deterministic asset metadata for the library cases: names made of pseudo-words (a few common,
 * most rare, as in real footage folders), five tags each — one of five broad categories (each on a
 * fifth of the assets, so a tag filter fills a first page even at 1,000 assets) plus four of 195
 * narrower ones — and made-up content hashes whose blob rows the fixture writes directly.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../electron/storage/index.js';
import { rng } from './stats.js';

const SYL = ['ka', 'lo', 'mi', 're', 'su', 'to', 'va', 'ne', 'bi', 'do', 'fe', 'gu', 'ha', 'ji', 'po', 'ra', 'si', 'tu', 'ze', 'wa'];
export const WORDS: string[] = (() => {
  const out = new Set<string>();
  const r = rng(7);
  while (out.size < 4000) {
    const n = 2 + Math.floor(r() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYL[Math.floor(r() * SYL.length)];
    out.add(w);
  }
  return [...out];
})();
export const CATEGORIES = ['footage', 'broll', 'music', 'sfx', 'graphics'];
export const TAGS: string[] = Array.from({ length: 195 }, (_, i) => `t${WORDS[i * 17 % WORDS.length]}`);
const EXT: [string, string][] = [['mp4', 'video/mp4'], ['mov', 'video/quicktime'], ['png', 'image/png'], ['wav', 'audio/wav'], ['jpg', 'image/jpeg']];

export interface FixtureAsset {
  name: string;
  sha256: string;
  size: number;
  mime: string;
  tags: string[];
}

/** The i-th asset of a fixture (stable across runs and modes). */
export function assetAt(i: number, seed = 1): FixtureAsset {
  const r = rng(i * 2654435761 + seed);
  // Zipf-like first word: word k is chosen with weight ~1/(k+1).
  const zipf = Math.min(WORDS.length - 1, Math.floor(Math.exp(r() * Math.log(WORDS.length + 1)) - 1));
  const w1 = WORDS[zipf] as string;
  const w2 = WORDS[Math.floor(r() * WORDS.length)] as string;
  const [ext, mime] = EXT[Math.floor(r() * EXT.length)] as [string, string];
  const tags = new Set<string>([CATEGORIES[i % CATEGORIES.length] as string]);
  while (tags.size < 5) tags.add(TAGS[Math.floor(r() * TAGS.length)] as string);
  return {
    name: `${w1}_${w2}-v${1 + Math.floor(r() * 9)}.${ext}`,
    sha256: createHash('sha256').update(`asset ${seed} ${i}`).digest('hex'),
    size: 1000 + Math.floor(r() * 1_000_000),
    mime,
    tags: [...tags].sort(),
  };
}

export function assetsRange(from: number, to: number, seed = 1): FixtureAsset[] {
  const out: FixtureAsset[] = [];
  for (let i = from; i < to; i++) out.push(assetAt(i, seed));
  return out;
}

/** Blob rows for the fixture's made-up content (the cases measure metadata, not content). */
export function insertBlobRows(db: Db, items: readonly FixtureAsset[]): void {
  const now = new Date().toISOString();
  const add = db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const it of items) add.run(it.sha256, it.size, now);
  })();
}

const q = (s: string | null) => (s === null ? 'NULL' : `'${s.replace(/'/g, "''")}'`);

/**
 * The same inserts as SQL for the sqlite3 command-line shell: one transaction, foreign keys on, the
 * rows the library writes (asset, five tag rows, the full-text row).
 */
export function bulkInsertSql(items: readonly FixtureAsset[], firstSeq: number, owner: string): string {
  const now = new Date().toISOString();
  const lines = ['PRAGMA foreign_keys = ON;', 'BEGIN IMMEDIATE;'];
  items.forEach((it, k) => {
    const seq = firstSeq + k;
    const id = `ast_${Date.now().toString(36).padStart(9, '0')}${createHash('md5').update(`${seq}`).digest('hex').slice(0, 16)}`;
    const type = it.mime.split('/')[0] === 'image' ? 'image' : it.mime.split('/')[0] === 'audio' ? 'audio' : 'video';
    lines.push(
      `INSERT INTO assets (seq, id, sha256, name, size, mime, type, scope, user_id, session_id, expires_at, created_at, updated_at) VALUES (${seq}, ${q(id)}, ${q(it.sha256)}, ${q(it.name)}, ${it.size}, ${q(it.mime)}, ${q(type)}, 'user', ${q(owner)}, NULL, NULL, ${q(now)}, ${q(now)});`,
      `INSERT INTO asset_tags (asset_seq, tag) VALUES ${it.tags.map((t) => `(${seq}, ${q(t)})`).join(', ')};`,
      `INSERT INTO assets_fts (rowid, name, tags) VALUES (${seq}, ${q(`${it.name} ${it.name.replace(/[._-]+/g, ' ')}`)}, ${q(it.tags.join(' '))});`,
    );
  });
  lines.push('COMMIT;');
  return lines.join('\n') + '\n';
}
