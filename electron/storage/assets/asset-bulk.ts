import type { Actor, Scope } from '../../../shared/models.js';
import { invalid } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { randomBytes } from 'node:crypto';
import type { Db } from '../core/db.js';
import { cachedStatement } from '../core/statement-cache.js';
import { ownershipFor, visibleParams, visibleSql, type Ownership } from '../core/scopes.js';
import { assetTypeFor } from '../blobs/sniff.js';
import { cleanTags, replaceAssetTags, searchableName, tagsOf } from './asset-tags.js';
import { isSha256 } from '../blobs/blob-store.js';
import { projectRow } from '../projects/project-rows.js';

/** Content already in the blob store, to be recorded as an asset. */
export interface NewAsset {
  name: string;
  sha256: string;
  size: number;
  mime: string;
  /** Tags of this asset only, on top of the call's tags. */
  tags?: readonly string[] | undefined;
}

export interface BulkOptions {
  /** Tags for every asset of the call. */
  tags?: readonly string[] | undefined;
  projectId?: string | undefined;
  scope?: Scope | undefined;
  ttlHours?: number | undefined;
}

export interface RecordSetup {
  own: Ownership;
  tags: string[];
  projectId: string | null;
}

export interface Recorded {
  seq: number;
  id: string;
  status: 'imported' | 'duplicate';
}

export interface BulkResult {
  /** Per input item, in order: the asset id and whether it was new. */
  items: { id: string; status: 'imported' | 'duplicate' }[];
  imported: number;
  duplicates: number;
}

export function recordSetup(ctx: StorageContext, actor: Actor, opts: BulkOptions): RecordSetup {
  const scope = opts.scope ?? (actor.userId ? 'user' : 'sandbox');
  const own = ownershipFor(scope, actor, opts.ttlHours, ctx.now());
  if (opts.projectId !== undefined) projectRow(ctx, actor, opts.projectId);
  return { own, tags: cleanTags(opts.tags ?? []), projectId: opts.projectId ?? null };
}

/** Rows per multi-row INSERT: one statement (and one statement journal) per chunk instead of per row. */
const CHUNK = 32;

/**
 * Runs `INSERT INTO table (cols) VALUES (…), (…), …` over `flat` (row after row, `width` values each),
 * CHUNK rows per statement. Values are bound, never spliced into the SQL.
 */
function insertRows(db: Db, table: string, cols: string, width: number, flat: unknown[]): void {
  const rows = flat.length / width;
  const one = `(${new Array<string>(width).fill('?').join(', ')})`;
  const sql = (n: number) => `INSERT INTO ${table} (${cols}) VALUES ${new Array<string>(n).fill(one).join(', ')}`;
  const full = cachedStatement(db, sql(CHUNK));
  const per = CHUNK * width;
  let i = 0;
  for (; i + per <= flat.length; i += per) full.run(flat.slice(i, i + per));
  if (i < flat.length) cachedStatement(db, sql(rows % CHUNK)).run(flat.slice(i));
}

/**
 * `count` asset ids in newId's format (ids.ts: prefix, base-36 millisecond stamp, 64 random bits),
 * the random bits drawn in one call: a randomBytes call per id cost more than writing the row.
 */
export function newAssetIds(count: number): string[] {
  const hex = randomBytes(8 * count).toString('hex');
  const out = new Array<string>(count);
  let ms = -1;
  let stamp = '';
  for (let k = 0; k < count; k++) {
    const t = Date.now();
    if (t !== ms) {
      ms = t;
      stamp = t.toString(36).padStart(9, '0');
    }
    out[k] = `ast_${stamp}${hex.slice(16 * k, 16 * k + 16)}`;
  }
  return out;
}

/** The earliest visible, untrashed asset of each content, looked up in one query (hashes in index order). */
function visibleByContent(ctx: StorageContext, actor: Actor, now: string, shas: readonly string[]): Map<string, { seq: number; id: string; name: string }> {
  const out = new Map<string, { seq: number; id: string; name: string }>();
  if (shas.length === 0) return out;
  const rows = cachedStatement(
    ctx.db,
    `SELECT a.sha256, a.seq, a.id, a.name FROM json_each(@shas) j CROSS JOIN assets a ON a.sha256 = j.value
      WHERE a.deleted_at IS NULL AND ${visibleSql('a')}`,
  ).all({ shas: JSON.stringify([...new Set(shas)].sort()), ...visibleParams(actor, now) }) as { sha256: string; seq: number; id: string; name: string }[];
  for (const r of rows) {
    const had = out.get(r.sha256);
    if (!had || r.seq < had.seq) out.set(r.sha256, { seq: r.seq, id: r.id, name: r.name });
  }
  return out;
}

/**
 * Writes asset rows for stored content, many at a time. Call inside a write transaction (the caller
 * owns it, so an import can put its gc check and blob rows in the same one). The rules are those of a
 * single import: content the actor can already see as an asset — or that an earlier item of this
 * same call became — is a duplicate, which gains the new tags and project link but no second asset.
 *
 * Fast because the existing assets of every item's content are found in one query, ids draw their
 * random bits at once, and new rows go in with multi-row INSERTs (assets in seq order, so the
 * time-order flag of migration 6 holds) from statements prepared once per database. Tag rows go in
 * seq order: each tag's (tag, asset_seq) range and the asset_seq index are then both appended to.
 * Wrap big calls in withBulkSettings.
 */
export function recordMany(ctx: StorageContext, actor: Actor, s: RecordSetup, items: readonly NewAsset[]): Recorded[] {
  const now = nowIso(ctx);
  const db = ctx.db;
  const existing = visibleByContent(ctx, actor, now, items.map((it) => it.sha256));
  let nextSeq = (cachedStatement(db, 'SELECT coalesce(max(seq), 0) FROM assets').pluck().get() as number) + 1;

  const out: Recorded[] = [];
  /** sha256 → what this call made of it, so a repeat inside one batch is a duplicate too. */
  const seen = new Map<string, { seq: number; id: string; name: string; fresh: boolean; tags: string[] }>();
  const fresh: { seq: number; name: string; tags: string[] }[] = [];
  const dupTags = new Map<number, { name: string; tags: Set<string> }>();
  const links: number[] = [];
  const assetValues: unknown[] = [];
  let ids: string[] = [];
  let idAt = 0;

  for (const it of items) {
    const tags = it.tags && it.tags.length ? cleanTags([...s.tags, ...it.tags]) : s.tags;
    let prior = seen.get(it.sha256);
    if (!prior) {
      const row = existing.get(it.sha256);
      if (row) {
        prior = { seq: row.seq, id: row.id, name: row.name, fresh: false, tags: [] };
        seen.set(it.sha256, prior);
      }
    }
    if (prior) {
      if (prior.fresh) {
        // Repeated within this call: merge into the row not yet written.
        const merged = cleanTags([...prior.tags, ...tags]);
        prior.tags.splice(0, prior.tags.length, ...merged);
      } else if (tags.length) {
        const d = dupTags.get(prior.seq) ?? { name: prior.name, tags: new Set<string>() };
        for (const t of tags) d.tags.add(t);
        dupTags.set(prior.seq, d);
      }
      links.push(prior.seq);
      out.push({ seq: prior.seq, id: prior.id, status: 'duplicate' });
      continue;
    }
    if (idAt === ids.length) {
      ids = newAssetIds(items.length - out.length);
      idAt = 0;
    }
    const seq = nextSeq++;
    const id = ids[idAt++] as string;
    assetValues.push(seq, id, it.sha256, it.name, it.size, it.mime, assetTypeFor(it.mime), s.own.scope, s.own.userId, s.own.sessionId, s.own.expiresAt, now, now);
    const rec = { seq, id, name: it.name, fresh: true, tags: [...tags] };
    seen.set(it.sha256, rec);
    fresh.push(rec);
    links.push(seq);
    out.push({ seq, id, status: 'imported' });
  }

  insertRows(db, 'assets', 'seq, id, sha256, name, size, mime, type, scope, user_id, session_id, expires_at, created_at, updated_at', 13, assetValues);
  if (s.projectId) {
    const link = cachedStatement(db, 'INSERT OR IGNORE INTO asset_projects (asset_seq, project_id) VALUES (?, ?)');
    for (const seq of links) link.run(seq, s.projectId);
  }
  // One row at a time here: a multi-row INSERT into the FTS5 table measured twice as slow.
  const addFts = cachedStatement(db, 'INSERT INTO assets_fts (rowid, name, tags) VALUES (?, ?, ?)');
  const tagValues: unknown[] = [];
  for (const f of fresh) {
    addFts.run(f.seq, searchableName(f.name), f.tags.join(' '));
    for (const t of f.tags) tagValues.push(f.seq, t);
  }
  insertRows(db, 'asset_tags', 'asset_seq, tag', 2, tagValues);
  for (const [seq, d] of dupTags) replaceAssetTags(ctx, seq, d.name, [...tagsOf(ctx, seq), ...d.tags]);
  return out;
}

/**
 * Runs a large write with the connection tuned for it, then puts the setting back: the page cache
 * grows with the batch (up to 256 MiB), so random index inserts are not evicted and re-read
 * mid-transaction. (Statement journals stay in memory on every connection: db.ts sets temp_store.)
 */
export function withBulkSettings<T>(db: Db, rows: number, fn: () => T): T {
  const cache = db.pragma('cache_size', { simple: true }) as number;
  const want = -Math.min(256 * 1024, rows * 2);
  const grow = cacheKiB(cache) < -want;
  if (grow) db.pragma(`cache_size = ${want}`);
  try {
    return fn();
  } finally {
    if (grow) db.pragma(`cache_size = ${cache}`);
  }
}

/** cache_size is pages when positive, KiB when negative. */
function cacheKiB(setting: number): number {
  return setting < 0 ? -setting : setting * 4;
}

function checkItem(it: NewAsset, i: number): void {
  if (typeof it !== 'object' || it === null) throw invalid(`item ${i} is not an object`);
  if (typeof it.name !== 'string' || it.name.trim() === '' || it.name.length > 255 || /[/\\\0]/.test(it.name)) throw invalid(`item ${i}: a file name (no folders) is required`);
  if (typeof it.sha256 !== 'string' || !isSha256(it.sha256)) throw invalid(`item ${i}: sha256 must be 64 lowercase hex digits`);
  if (!Number.isSafeInteger(it.size) || it.size < 0) throw invalid(`item ${i}: size must be a whole number of bytes`);
  if (typeof it.mime !== 'string' || it.mime === '' || it.mime.length > 255) throw invalid(`item ${i}: mime is required`);
}

/**
 * Records many already-stored contents as assets in one transaction (catalog syncs, and any caller
 * that stored the bytes itself). Every sha256 must name stored content; nothing is written unless
 * every item is valid.
 */
export function insertAssets(ctx: StorageContext, actor: Actor, items: readonly NewAsset[], opts: BulkOptions = {}): BulkResult {
  if (!Array.isArray(items) || items.length === 0) throw invalid('at least one asset is required');
  items.forEach(checkItem);
  const setup = recordSetup(ctx, actor, opts);
  const normalized = items.map((it) => ({ ...it, name: it.name.trim().normalize('NFC') }));
  const db = ctx.db;
  const result = withBulkSettings(db, normalized.length, () => db.transaction(() => {
    // Every size in one query, hashes in key order; then checked in item order, so the first bad item is named.
    const sizes = new Map(
      (cachedStatement(db, 'SELECT b.sha256, b.size FROM json_each(?) j CROSS JOIN blobs b ON b.sha256 = j.value').raw().all(JSON.stringify([...new Set(normalized.map((it) => it.sha256))].sort())) as [string, number][]),
    );
    for (const it of normalized) {
      const size = sizes.get(it.sha256);
      if (size === undefined) throw invalid(`content ${it.sha256} is not stored`);
      if (size !== it.size) throw invalid(`content ${it.sha256} is ${size} bytes, not ${it.size}`);
    }
    return recordMany(ctx, actor, setup, normalized).map((r) => ({ id: r.id, status: r.status }));
  }).immediate());
  ctx.changed('assets');
  let imported = 0;
  for (const r of result) if (r.status === 'imported') imported++;
  return { items: result, imported, duplicates: result.length - imported };
}
