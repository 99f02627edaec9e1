import type { Actor } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { isSha256 } from './blob-store.js';
import { visibleParams, visibleSql } from '../core/scopes.js';
import { cachedStatement } from '../core/statement-cache.js';

export interface VisibleBlob {
  /** The mime recorded for it (assets), else null: the caller sniffs the bytes with nameHint. */
  mime: string | null;
  /** A file name whose extension helps sniffing: the render's format or the checkpointed path. */
  nameHint: string;
}

/**
 * Says whether the actor may read this content by hash, and what it is: media URLs carry only a
 * hash, so the visibility rule is applied here — the content must belong to an asset, a render or
 * a checkpoint the actor can see, or be an image derived from such content. Trashed items do not
 * count. Null means "not yours or not there".
 */
export function describeVisibleBlob(ctx: StorageContext, actor: Actor, sha256: string): VisibleBlob | null {
  if (!isSha256(sha256)) return null;
  const params = { sha: sha256, ...visibleParams(actor, nowIso(ctx)) };
  // Cached statements: every media request (a grid of posters, a seeking video) runs these, and
  // preparing them cost more than running them.
  const asset = cachedStatement(ctx.db, `SELECT a.mime, a.name FROM assets a WHERE a.sha256 = @sha AND a.deleted_at IS NULL AND ${visibleSql('a')} LIMIT 1`).get(params) as
    | { mime: string; name: string }
    | undefined;
  if (asset) return { mime: asset.mime, nameHint: asset.name };
  const render = cachedStatement(
    ctx.db,
    `SELECT r.format FROM renders r JOIN projects p ON p.id = r.project_id
      WHERE r.sha256 = @sha AND r.deleted_at IS NULL AND p.deleted_at IS NULL AND ${visibleSql('p')} LIMIT 1`,
  ).get(params) as { format: string } | undefined;
  if (render) return { mime: null, nameHint: `render.${render.format}` };
  // Manifest rows live under their owner's id (a checkpoint may share another's, migration 8); owner
  // and sharers are always of one project, so the owner's project decides visibility for all of them.
  const entry = cachedStatement(
    ctx.db,
    `SELECT e.path FROM checkpoint_entries e JOIN checkpoints c ON c.id = e.checkpoint_id JOIN projects p ON p.id = c.project_id
      WHERE e.sha256 = @sha AND p.deleted_at IS NULL AND ${visibleSql('p')} LIMIT 1`,
  ).get(params) as { path: string } | undefined;
  if (entry) return { mime: null, nameHint: entry.path };
  // A poster, filmstrip or waveform made by the media worker: visible when what it shows is.
  // Each column has a partial index (migration 5); SQLite answers the OR as a union of the four.
  const sources = cachedStatement(ctx.db, 'SELECT sha256 FROM media_info WHERE poster_grid = @sha OR poster_detail = @sha OR filmstrip = @sha OR waveform = @sha OR proxy = @sha')
    .pluck()
    .all({ sha: sha256 }) as string[];
  for (const source of sources) {
    if (source !== sha256 && describeVisibleBlob(ctx, actor, source)) return { mime: null, nameHint: 'derived' };
  }
  return null;
}
