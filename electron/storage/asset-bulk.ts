import type { Actor, Scope } from '../../shared/models.js';
import { invalid } from '../../shared/errors.js';
import type { StorageContext } from './context.js';
import { nowIso } from './context.js';
import { newId } from './ids.js';
import { ownershipFor, visibleParams, visibleSql, type Ownership } from './scopes.js';
import { assetTypeFor } from './sniff.js';
import { cleanTags, replaceAssetTags, searchableName, tagsOf } from './asset-tags.js';
import { isSha256 } from './blob-store.js';
import { projectRow } from './project-rows.js';

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

/**
 * Writes asset rows for stored content, many at a time. Call inside a write transaction (the caller
 * owns it, so an import can put its gc check and blob rows in the same one). The rules are those of a
 * single import: content the actor can already see as an asset — or that an earlier item of this
 * same call became — is a duplicate, which gains the new tags and project link but no second asset.
 *
 * Fast because the statements are prepared once per call, new assets take their seq from one
 * max(seq) read instead of a round trip each, and their tag rows go in sorted by (tag, seq): the
 * (tag, asset_seq) key is then appended page by page instead of scattered over the index.
 */
export function recordMany(ctx: StorageContext, actor: Actor, s: RecordSetup, items: readonly NewAsset[]): Recorded[] {
  const now = nowIso(ctx);
  const db = ctx.db;
  const findVisible = db.prepare(`SELECT a.seq, a.id, a.name FROM assets a WHERE a.sha256 = @sha AND a.deleted_at IS NULL AND ${visibleSql('a')} ORDER BY a.seq LIMIT 1`);
  const insertAsset = db.prepare(
    `INSERT INTO assets (seq, id, sha256, name, size, mime, type, scope, user_id, session_id, expires_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFts = db.prepare('INSERT INTO assets_fts (rowid, name, tags) VALUES (?, ?, ?)');
  const link = s.projectId ? db.prepare('INSERT OR IGNORE INTO asset_projects (asset_seq, project_id) VALUES (?, ?)') : null;
  const vis = visibleParams(actor, now);
  let nextSeq = (db.prepare('SELECT coalesce(max(seq), 0) FROM assets').pluck().get() as number) + 1;

  const out: Recorded[] = [];
  /** sha256 → what this call made of it, so a repeat inside one batch is a duplicate too. */
  const seen = new Map<string, { seq: number; id: string; name: string; fresh: boolean; tags: string[] }>();
  const tagRows: [string, number][] = [];
  const fresh: { seq: number; name: string; tags: string[] }[] = [];
  const dupTags = new Map<number, { name: string; tags: Set<string> }>();

  for (const it of items) {
    const tags = it.tags && it.tags.length ? cleanTags([...s.tags, ...it.tags]) : s.tags;
    let prior = seen.get(it.sha256);
    if (!prior) {
      const row = findVisible.get({ sha: it.sha256, ...vis }) as { seq: number; id: string; name: string } | undefined;
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
      if (link) link.run(prior.seq, s.projectId);
      out.push({ seq: prior.seq, id: prior.id, status: 'duplicate' });
      continue;
    }
    const seq = nextSeq++;
    const id = newId('ast');
    insertAsset.run(seq, id, it.sha256, it.name, it.size, it.mime, assetTypeFor(it.mime), s.own.scope, s.own.userId, s.own.sessionId, s.own.expiresAt, now, now);
    const rec = { seq, id, name: it.name, fresh: true, tags: [...tags] };
    seen.set(it.sha256, rec);
    fresh.push(rec);
    if (link) link.run(seq, s.projectId);
    out.push({ seq, id, status: 'imported' });
  }

  for (const f of fresh) {
    for (const t of f.tags) tagRows.push([t, f.seq]);
    insertFts.run(f.seq, searchableName(f.name), f.tags.join(' '));
  }
  tagRows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const addTag = db.prepare('INSERT INTO asset_tags (asset_seq, tag) VALUES (?, ?)');
  for (const [t, seq] of tagRows) addTag.run(seq, t);
  for (const [seq, d] of dupTags) replaceAssetTags(ctx, seq, d.name, [...tagsOf(ctx, seq), ...d.tags]);
  return out;
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
  const stored = ctx.db.prepare('SELECT size FROM blobs WHERE sha256 = ?').pluck();
  const result = ctx.db.transaction(() => {
    for (const it of normalized) {
      const size = stored.get(it.sha256) as number | undefined;
      if (size === undefined) throw invalid(`content ${it.sha256} is not stored`);
      if (size !== it.size) throw invalid(`content ${it.sha256} is ${size} bytes, not ${it.size}`);
    }
    return recordMany(ctx, actor, setup, normalized).map((r) => ({ id: r.id, status: r.status }));
  }).immediate();
  ctx.changed('assets');
  let imported = 0;
  for (const r of result) if (r.status === 'imported') imported++;
  return { items: result, imported, duplicates: result.length - imported };
}
