import type { Readable } from 'node:stream';
import type { Actor, Asset, AssetType, ColorLabel } from '../../../shared/models.js';
import { ASSET_TYPES } from '../../../shared/models.js';
import { ASSET_PAGE, isOneOf, limitMessages, SORT_ORDERS, type AssetSort } from '../../../shared/limits.js';
import { invalid } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { assetRow, toAssets, type AssetRow } from './asset-rows.js';
import { cleanTags, replaceAssetTags, tagsOf, writeFts } from './asset-tags.js';
import { projectRow } from '../projects/project-rows.js';
import { visibleParams, visibleSql } from '../core/scopes.js';
import { cachedStatement } from '../core/statement-cache.js';
import type { MatchCounter } from './match-counter.js';

export function getAsset(ctx: StorageContext, actor: Actor, id: string): Asset {
  return toAssets(ctx, [assetRow(ctx, actor, id)])[0] as Asset;
}

/** Opens an asset's content as a stream. */
export function readAsset(ctx: StorageContext, actor: Actor, id: string): Readable {
  return ctx.blobs.read(assetRow(ctx, actor, id).sha256);
}

export interface AssetPatch {
  name?: string | undefined;
  width?: number | null | undefined;
  height?: number | null | undefined;
  durationSeconds?: number | null | undefined;
}

/** Renames an asset or fills its media fields (the media probe writes through here). */
export function updateAsset(ctx: StorageContext, actor: Actor, id: string, patch: AssetPatch): Asset {
  const row = assetRow(ctx, actor, id);
  if (patch.name !== undefined && (typeof patch.name !== 'string' || patch.name.trim() === '' || patch.name.length > 255)) throw invalid('name must be 1–255 characters');
  const name = patch.name?.trim() ?? row.name;
  ctx.db.transaction(() => {
    ctx.db
      .prepare('UPDATE assets SET name = ?, width = ?, height = ?, duration = ?, updated_at = ? WHERE seq = ?')
      .run(
        name,
        patch.width !== undefined ? patch.width : row.width,
        patch.height !== undefined ? patch.height : row.height,
        patch.durationSeconds !== undefined ? patch.durationSeconds : row.duration,
        nowIso(ctx),
        row.seq,
      );
    if (name !== row.name) writeFts(ctx, row.seq, name, tagsOf(ctx, row.seq));
  })();
  ctx.changed('assets', id);
  return getAsset(ctx, actor, id);
}

function rowsFor(ctx: StorageContext, actor: Actor, ids: readonly string[]): AssetRow[] {
  if (!Array.isArray(ids) || ids.length === 0) throw invalid('at least one asset id is required');
  return [...new Set(ids)].map((id) => assetRow(ctx, actor, id));
}

/** Adds tags to many assets at once, in one transaction. */
export function tagAssets(ctx: StorageContext, actor: Actor, ids: readonly string[], tags: readonly string[]): Asset[] {
  const add = cleanTags(tags);
  if (add.length === 0) throw invalid('at least one tag is required');
  const rows = rowsFor(ctx, actor, ids);
  ctx.db.transaction(() => {
    for (const r of rows) replaceAssetTags(ctx, r.seq, r.name, [...tagsOf(ctx, r.seq), ...add]);
    ctx.db.prepare(`UPDATE assets SET updated_at = ? WHERE seq IN (${rows.map(() => '?').join(',')})`).run(nowIso(ctx), ...rows.map((r) => r.seq));
  })();
  ctx.changed('assets');
  return toAssets(ctx, rows.map((r) => assetRow(ctx, actor, r.id)));
}

export function untagAssets(ctx: StorageContext, actor: Actor, ids: readonly string[], tags: readonly string[]): Asset[] {
  const drop = new Set(cleanTags(tags));
  const rows = rowsFor(ctx, actor, ids);
  ctx.db.transaction(() => {
    for (const r of rows) replaceAssetTags(ctx, r.seq, r.name, tagsOf(ctx, r.seq).filter((t) => !drop.has(t)));
    ctx.db.prepare(`UPDATE assets SET updated_at = ? WHERE seq IN (${rows.map(() => '?').join(',')})`).run(nowIso(ctx), ...rows.map((r) => r.seq));
  })();
  ctx.changed('assets');
  return toAssets(ctx, rows.map((r) => assetRow(ctx, actor, r.id)));
}

/** Links assets to a project the actor can see; links vanish with the project (foreign key cascade). */
export function linkAssets(ctx: StorageContext, actor: Actor, ids: readonly string[], projectId: string): Asset[] {
  projectRow(ctx, actor, projectId);
  const rows = rowsFor(ctx, actor, ids);
  const add = ctx.db.prepare('INSERT OR IGNORE INTO asset_projects (asset_seq, project_id) VALUES (?, ?)');
  ctx.db.transaction(() => { for (const r of rows) add.run(r.seq, projectId); })();
  ctx.changed('assets');
  return toAssets(ctx, rows);
}

export function unlinkAssets(ctx: StorageContext, actor: Actor, ids: readonly string[], projectId: string): Asset[] {
  projectRow(ctx, actor, projectId);
  const rows = rowsFor(ctx, actor, ids);
  const drop = ctx.db.prepare('DELETE FROM asset_projects WHERE asset_seq = ? AND project_id = ?');
  ctx.db.transaction(() => { for (const r of rows) drop.run(r.seq, projectId); })();
  ctx.changed('assets');
  return toAssets(ctx, rows);
}

/** Moves assets to the trash. Their content stays until the trash is emptied and gc runs. */
export function deleteAssets(ctx: StorageContext, actor: Actor, ids: readonly string[]): void {
  const rows = rowsFor(ctx, actor, ids);
  const now = nowIso(ctx);
  ctx.db.transaction(() => {
    for (const r of rows) {
      ctx.db.prepare('UPDATE assets SET deleted_at = ? WHERE seq = ?').run(now, r.seq);
      ctx.db.prepare('DELETE FROM assets_fts WHERE rowid = ?').run(r.seq);
    }
  })();
  ctx.changed('assets');
  ctx.changed('trash');
}

export type { AssetSort } from '../../../shared/limits.js';

const ASSET_SORT_COLUMNS = new Map<string, string>([
  ['name', 'a.name COLLATE NOCASE'],
  ['date', 'a.created_at'],
  ['size', 'a.size'],
  // Unknown facts sort as the lowest value (COALESCE), so the keyset cursor never compares a NULL.
  ['duration', 'COALESCE(a.duration, -1)'],
  ['resolution', 'COALESCE(a.width * a.height, -1)'],
  ['type', 'a.type'],
  // Migration 14 keeps the probe's codec on the row ('' unknown) and indexes each of these expressions as
  // written here: change one only together with its index, or the sort falls back to a temp B-tree.
  ['codec', 'a.video_codec'],
] satisfies [AssetSort, string][]);

export interface SearchAssetsInput {
  /** Full-text over name and tags; the last word matches as a prefix ("logo intr" finds "intro"). */
  query?: string | undefined;
  type?: AssetType | undefined;
  tag?: string | undefined;
  projectId?: string | undefined;
  /** createdAt bounds, ISO-8601. */
  from?: string | undefined;
  to?: string | undefined;
  sort?: AssetSort | undefined;
  order?: 'asc' | 'desc' | undefined;
  /** Also count every match (the page's `total`). */
  withTotal?: boolean | undefined;
  /** At least this many stars. */
  minRating?: number | undefined;
  label?: ColorLabel | undefined;
  /** The probed video codec (h264, hevc, prores, …), as ffprobe names it. */
  codec?: string | undefined;
  /** Resolution at least this wide / tall, in pixels. */
  minWidth?: number | undefined;
  minHeight?: number | undefined;
  /** Duration range, in seconds. */
  minDuration?: number | undefined;
  maxDuration?: number | undefined;
  limit?: number | undefined;
  /** The `nextCursor` of the previous page (keyset pagination: stable under inserts). */
  cursor?: string | undefined;
}

export interface AssetPage {
  items: Asset[];
  nextCursor: string | null;
  total?: number;
}

/** Turns what a person types into a safe FTS5 query: each word quoted, the last one a prefix. */
export function ftsQuery(text: string): string | null {
  const words = text.normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length === 0) return null;
  return words.map((w, i) => `"${w.replace(/"/g, '""')}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

/** Longest expansion of a typed prefix into terms; a prefix matching more is searched as a prefix. */
const MAX_EXPANSION = 32;
/** The full-text table's prefix indexes ("prefix = '2 3'", migrations.ts): prefixes this long are already fast. */
const INDEXED_PREFIXES = new Set([2, 3]);
const vocabReady = new WeakSet<object>();

/**
 * The terms of the full-text index that start with `prefix` (at most MAX_EXPANSION + 1 of them).
 * Read from FTS5's own index through an fts5vocab table of kind 'instance' in the connection's temp
 * schema: each term is one seek (`term >= previous || char(1)`: no term holds a control character,
 * unicode61 splits on them), so a term on 200,000 assets costs what a rare one does. The 'row' kind
 * would count every term's documents first (≈9 ms for one such term at 1,000,000 assets).
 */
function termsWithPrefix(ctx: StorageContext, prefix: string): string[] {
  const next = nextTerm(ctx);
  const end = raised(prefix);
  const out: string[] = [];
  for (let t = next.get(prefix, end) as string | undefined; t !== undefined && out.length <= MAX_EXPANSION; t = next.get(`${t}\u0001`, end) as string | undefined) out.push(t);
  return out;
}

/** The first index term in [from, to), through the connection's fts5vocab table (made on first use). */
function nextTerm(ctx: StorageContext) {
  if (!vocabReady.has(ctx.db)) {
    ctx.db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.assets_fts_terms USING fts5vocab(main, 'assets_fts', 'instance')");
    vocabReady.add(ctx.db);
  }
  return cachedStatement(ctx.db, 'SELECT term FROM temp.assets_fts_terms WHERE term >= ? AND term < ? LIMIT 1').pluck();
}

/** Every term with the prefix sorts in [prefix, raised(prefix)): its last character raised by one. */
function raised(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** Longest expansion of a one-character prefix into its two-character prefixes. */
const MAX_SPLIT = 64;

/**
 * A one-character prefix (the first key typed) as the phrases that match exactly what `c*` does: the
 * term `c` itself if the index has it, and `cX*` for every second character X some term has — each
 * of those read from the 2-character prefix index, so the OR streams in rowid order (`t*` on
 * 1,000,000 assets whose tags all start with t: 326 ms → 6 ms). One seek per distinct second
 * character (`term >= raised("cX")` skips the rest of them). null: more than MAX_SPLIT of them.
 */
function splitOneCharPrefix(ctx: StorageContext, c: string): string[] | null {
  const next = nextTerm(ctx);
  const end = raised(c);
  const out: string[] = [];
  for (let t = next.get(c, end) as string | undefined; t !== undefined; ) {
    if (out.length >= MAX_SPLIT) return null;
    if (t === c) {
      out.push(`"${c}"`);
      t = next.get(`${c}\u0001`, end) as string | undefined;
      continue;
    }
    // Two characters, not two UTF-16 units: a second character outside the BMP stays whole.
    const two = Array.from(t).slice(0, 2).join('');
    out.push(`"${two.replace(/"/g, '""')}"*`);
    t = next.get(raised(two), end) as string | undefined;
  }
  return out;
}

/**
 * The FTS5 query for a search, as ftsQuery makes it, except that a typed last word longer than the
 * prefix indexes is replaced by an OR of the index's terms that start with it. Both match the same
 * rows; but for `foot*` FTS5 first merges the match lists of every such term (≈200,000 rows for a
 * common one) before the newest page can be read, while an OR of terms is read in rowid order and
 * stops after the page (25 ms → 0.3 ms at 1,000,000 assets). Only words the tokenizer leaves as
 * typed once lower-cased (ASCII letters and digits) are expanded — for those the index's terms
 * with that prefix are exactly what `prefix*` matches; anything else, and a prefix with more than
 * MAX_EXPANSION terms, stays a prefix query.
 */
export function expandedFtsQuery(ctx: StorageContext, text: string): string | null {
  const plain = ftsQuery(text);
  if (plain === null) return null;
  const words = text.normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const last = (words[words.length - 1] as string).toLowerCase();
  if (INDEXED_PREFIXES.has(last.length) || !/^[a-z0-9]+$/.test(last)) return plain;
  let phrases: string[] | null;
  if (last.length === 1) phrases = splitOneCharPrefix(ctx, last);
  else {
    const terms = termsWithPrefix(ctx, last);
    phrases = terms.length > MAX_EXPANSION ? null : terms.map((t) => `"${t.replace(/"/g, '""')}"`);
  }
  if (phrases === null || phrases.length === 0) return plain;
  const head = words.slice(0, -1).map((w) => `"${w.replace(/"/g, '""')}"`);
  // Explicit ANDs: FTS5 joins only phrases implicitly, not a parenthesised group.
  return [...head, `(${phrases.join(' OR ')})`].join(' AND ');
}

/** The SQL a search runs, with its named parameters; null when the query text has no words. */
export interface SearchQuery {
  sql: string;
  params: Record<string, unknown>;
  sort: AssetSort;
  limit: number;
  /** The filter alone, over `assets a` (no cursor, no driver table): for counts and select-all. */
  filterWhere: string;
}

/** Whether assets' seq order is also their created_at order (migration 6 keeps the flag). */
function inTimeOrder(ctx: StorageContext): boolean {
  return cachedStatement(ctx.db, "SELECT value FROM meta WHERE key = 'assets_in_time_order'").pluck().get() === '1';
}

export function buildSearchQuery(ctx: StorageContext, actor: Actor, input: SearchAssetsInput = {}): SearchQuery | null {
  const sort = input.sort ?? 'date';
  // A Map, not an object literal: 'toString' or 'constructor' must not find a column.
  const col = ASSET_SORT_COLUMNS.get(sort);
  if (!col) throw invalid(limitMessages.assetSort);
  const order = input.order ?? (sort === 'name' ? 'asc' : 'desc');
  if (!isOneOf(SORT_ORDERS, order)) throw invalid(limitMessages.order);
  const limit = input.limit ?? ASSET_PAGE.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > ASSET_PAGE.max) throw invalid(limitMessages.assetLimit);
  const where = ['a.deleted_at IS NULL', visibleSql('a')];
  const params: Record<string, unknown> = { ...visibleParams(actor, nowIso(ctx)), limit };
  // Newest (or oldest) first while seq order is time order: the page is read in seq order straight
  // from the index that selects it — full-text, tag or project link — and stops after a page,
  // instead of collecting every match and sorting them (EXPLAIN QUERY PLAN: no temp B-tree).
  const bySeq = sort === 'date' && inTimeOrder(ctx);
  let driver: { from: string; key: string } | null = null;
  const cmp = order === 'asc' ? '>' : '<';
  if (input.query !== undefined && input.query.trim() !== '') {
    const q = expandedFtsQuery(ctx, input.query);
    if (q === null) return null;
    if (bySeq) driver = { from: 'assets_fts f CROSS JOIN assets a ON a.seq = f.rowid', key: 'f.rowid' };
    where.push(bySeq ? 'assets_fts MATCH @q' : 'a.seq IN (SELECT rowid FROM assets_fts WHERE assets_fts MATCH @q)');
    params.q = q;
  }
  if (input.type !== undefined) {
    if (!ASSET_TYPES.includes(input.type)) throw invalid(`type must be one of ${ASSET_TYPES.join(', ')}`);
    where.push('a.type = @type');
    params.type = input.type;
  }
  if (input.tag !== undefined) {
    if (bySeq && !driver) {
      driver = { from: 'asset_tags t CROSS JOIN assets a ON a.seq = t.asset_seq', key: 't.asset_seq' };
      where.push('t.tag = @tag');
    } else where.push('a.seq IN (SELECT asset_seq FROM asset_tags WHERE tag = @tag)');
    params.tag = input.tag.trim().toLowerCase();
  }
  if (input.projectId !== undefined) {
    if (bySeq && !driver) {
      driver = { from: 'asset_projects l CROSS JOIN assets a ON a.seq = l.asset_seq', key: 'l.asset_seq' };
      where.push('l.project_id = @projectId');
    } else where.push('a.seq IN (SELECT asset_seq FROM asset_projects WHERE project_id = @projectId)');
    params.projectId = input.projectId;
  }
  if (input.minRating !== undefined) { where.push('a.seq IN (SELECT asset_seq FROM asset_marks WHERE rating >= @minRating)'); params.minRating = input.minRating; }
  if (input.label !== undefined) { where.push('a.seq IN (SELECT asset_seq FROM asset_marks WHERE label = @label)'); params.label = input.label; }
  if (input.codec !== undefined) {
    where.push('a.video_codec = @codec');
    params.codec = input.codec.trim().toLowerCase();
  }
  if (input.minWidth !== undefined) { where.push('a.width >= @minWidth'); params.minWidth = input.minWidth; }
  if (input.minHeight !== undefined) { where.push('a.height >= @minHeight'); params.minHeight = input.minHeight; }
  if (input.minDuration !== undefined) { where.push('a.duration >= @minDuration'); params.minDuration = input.minDuration; }
  if (input.maxDuration !== undefined) { where.push('a.duration <= @maxDuration'); params.maxDuration = input.maxDuration; }
  if (input.from !== undefined) { where.push('a.created_at >= @from'); params.from = isoOrThrow(input.from, 'from'); }
  if (input.to !== undefined) { where.push('a.created_at <= @to'); params.to = isoOrThrow(input.to, 'to'); }
  // Before the cursor's condition: the filter as the matching set, whichever page is asked for.
  const filterWhere = (driver ? where.map((w) => w.replace('assets_fts MATCH @q', 'a.seq IN (SELECT rowid FROM assets_fts WHERE assets_fts MATCH @q)').replace('t.tag = @tag', 'a.seq IN (SELECT asset_seq FROM asset_tags WHERE tag = @tag)').replace('l.project_id = @projectId', 'a.seq IN (SELECT asset_seq FROM asset_projects WHERE project_id = @projectId)')) : where).join(' AND ');
  if (input.cursor) {
    const [value, seq] = decodeCursor(input.cursor);
    where.push(`(${col} ${cmp} @cv OR (${col} = @cv AND a.seq ${cmp} @cseq))`);
    // In time order the cursor's rows are exactly those past its seq: the index seeks there directly.
    if (driver) where.push(`${driver.key} ${cmp} @cseq`);
    params.cv = value;
    params.cseq = seq;
  }
  const sql = driver
    ? `SELECT a.*, ${col} AS sort_value FROM ${driver.from} WHERE ${where.join(' AND ')} ORDER BY ${driver.key} ${order} LIMIT @limit + 1`
    : `SELECT a.*, ${col} AS sort_value FROM assets a WHERE ${where.join(' AND ')} ORDER BY ${col} ${order}, a.seq ${order} LIMIT @limit + 1`;
  return { sql, params, sort, limit, filterWhere };
}

export function searchAssets(ctx: StorageContext, actor: Actor, input: SearchAssetsInput = {}): AssetPage {
  const { page, count } = searchPage(ctx, actor, input);
  return count ? { ...page, total: cachedStatement(ctx.db, count.sql).pluck().get(count.params) as number } : page;
}

/** searchAssets, with the whole match counted by `counter` (off the host's thread where it can). */
export async function searchAssetsCounted(ctx: StorageContext, actor: Actor, input: SearchAssetsInput, counter: MatchCounter): Promise<AssetPage> {
  const { page, count } = searchPage(ctx, actor, input);
  return count ? { ...page, total: await counter.count(count.sql, count.params) } : page;
}

/** A page of a search, and the COUNT still owed for its total (null: none asked for, or the page is all of it). */
function searchPage(ctx: StorageContext, actor: Actor, input: SearchAssetsInput): { page: AssetPage; count: { sql: string; params: Record<string, unknown> } | null } {
  const query = buildSearchQuery(ctx, actor, input);
  if (query === null) return { page: { items: [], nextCursor: null }, count: null };
  const { sql, params, limit } = query;
  // A search's SQL takes one of a few shapes (which filters are set): each is prepared once.
  const rows = cachedStatement(ctx.db, sql).all(params) as (AssetRow & { sort_value: string | number })[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const more = rows.length > limit && last;
  const nextCursor = more ? encodeCursor(last.sort_value, last.seq) : null;
  const items = toAssets(ctx, page);
  if (!input.withTotal) return { page: { items, nextCursor }, count: null };
  // The whole match, not the page: what "20,000 assets" and select-all count.
  if (!more && !input.cursor) return { page: { items, nextCursor, total: page.length }, count: null };
  return { page: { items, nextCursor }, count: { sql: `SELECT COUNT(*) FROM assets a WHERE ${query.filterWhere}`, params } };
}

function isoOrThrow(s: string, what: string): string {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw invalid(`${what} must be an ISO-8601 date`);
  return d.toISOString();
}

function encodeCursor(value: string | number, seq: number): string {
  return Buffer.from(JSON.stringify([value, seq])).toString('base64url');
}

function decodeCursor(c: string): [string | number, number] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && (typeof v[0] === 'string' || typeof v[0] === 'number') && Number.isInteger(v[1])) return v as [string | number, number];
  } catch {
    // fall through
  }
  throw invalid('cursor is not one this library issued');
}
