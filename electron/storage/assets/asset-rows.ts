import type { ColorLabel } from '../../../shared/models.js';
import type { Actor, Asset, AssetType, Scope } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { assertVisible } from '../core/scopes.js';
import { mediaFor } from '../blobs/media-store.js';
import { cachedStatement } from '../core/statement-cache.js';

export interface AssetRow {
  seq: number;
  id: string;
  sha256: string;
  name: string;
  size: number;
  mime: string;
  type: string;
  width: number | null;
  height: number | null;
  duration: number | null;
  scope: string;
  user_id: string | null;
  session_id: string | null;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** Turns rows into records, fetching tags and project links for the whole page in two queries. */
export function toAssets(ctx: StorageContext, rows: AssetRow[]): Asset[] {
  if (rows.length === 0) return [];
  const seqs = rows.map((r) => r.seq);
  const tags = new Map<number, string[]>();
  const links = new Map<number, string[]>();
  // Prepared once per page size (statement-cache.ts): a page is read on every scroll and keystroke.
  const marks = seqs.map(() => '?').join(',');
  for (const t of cachedStatement(ctx.db, `SELECT asset_seq, tag FROM asset_tags WHERE asset_seq IN (${marks}) ORDER BY tag`).all(...seqs) as { asset_seq: number; tag: string }[]) {
    (tags.get(t.asset_seq) ?? tags.set(t.asset_seq, []).get(t.asset_seq))!.push(t.tag);
  }
  for (const l of cachedStatement(ctx.db, `SELECT asset_seq, project_id FROM asset_projects WHERE asset_seq IN (${marks}) ORDER BY project_id`).all(...seqs) as { asset_seq: number; project_id: string }[]) {
    (links.get(l.asset_seq) ?? links.set(l.asset_seq, []).get(l.asset_seq))!.push(l.project_id);
  }
  const media = mediaFor(ctx, rows.map((r) => r.sha256));
  const marked = marksFor(ctx, seqs);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    sha256: r.sha256,
    size: r.size,
    mime: r.mime,
    type: r.type as AssetType,
    tags: tags.get(r.seq) ?? [],
    projectIds: links.get(r.seq) ?? [],
    width: r.width,
    height: r.height,
    durationSeconds: r.duration,
    scope: r.scope as Scope,
    userId: r.user_id,
    sessionId: r.session_id,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deletedAt: r.deleted_at,
    media: media.get(r.sha256) ?? null,
    rating: marked.get(r.seq)?.rating ?? null,
    label: marked.get(r.seq)?.label ?? null,
  }));
}

export function assetRow(ctx: StorageContext, actor: Actor, id: string, opts: { includeTrashed?: boolean } = {}): AssetRow {
  const row = ctx.db.prepare('SELECT * FROM assets WHERE id = ?').get(id) as AssetRow | undefined;
  const seen = assertVisible(row, actor, nowIso(ctx), `asset ${id}`);
  if (seen.deleted_at !== null && !opts.includeTrashed) assertVisible(undefined, actor, '', `asset ${id}`);
  return seen;
}

/** Ratings and labels of the given asset rows, by seq (for toAssets). */
export function marksFor(ctx: StorageContext, seqs: readonly number[]): Map<number, { rating: number | null; label: ColorLabel | null }> {
  const out = new Map<number, { rating: number | null; label: ColorLabel | null }>();
  if (seqs.length === 0) return out;
  for (const m of ctx.db.prepare(`SELECT asset_seq, rating, label FROM asset_marks WHERE asset_seq IN (${seqs.map(() => '?').join(',')})`).all(...seqs) as { asset_seq: number; rating: number | null; label: ColorLabel | null }[]) {
    out.set(m.asset_seq, { rating: m.rating, label: m.label });
  }
  return out;
}
