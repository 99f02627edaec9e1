import type { Actor, Asset, ColorLabel } from '../../../shared/models.js';
import { COLOR_LABELS } from '../../../shared/models.js';
import { invalid } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { assetRow, toAssets } from './asset-rows.js';

export interface MarkPatch {
  /** 1–5, or null to clear; undefined leaves it. */
  rating?: number | null | undefined;
  label?: ColorLabel | null | undefined;
}

/** Rates and labels assets (one transaction); a mark cleared of both goes away. */
export function markAssets(ctx: StorageContext, actor: Actor, ids: readonly string[], patch: MarkPatch): Asset[] {
  if (!Array.isArray(ids) || ids.length === 0) throw invalid('at least one asset id is required');
  if (patch.rating !== undefined && patch.rating !== null && !(Number.isInteger(patch.rating) && patch.rating >= 1 && patch.rating <= 5)) throw invalid('rating must be 1–5 or null');
  if (patch.label !== undefined && patch.label !== null && !COLOR_LABELS.includes(patch.label)) throw invalid(`label must be one of ${COLOR_LABELS.join(', ')}`);
  const rows = [...new Set(ids)].map((id) => assetRow(ctx, actor, id));
  const get = ctx.db.prepare('SELECT rating, label FROM asset_marks WHERE asset_seq = ?');
  const put = ctx.db.prepare('INSERT INTO asset_marks (asset_seq, rating, label) VALUES (?, ?, ?) ON CONFLICT(asset_seq) DO UPDATE SET rating = excluded.rating, label = excluded.label');
  const drop = ctx.db.prepare('DELETE FROM asset_marks WHERE asset_seq = ?');
  const touch = ctx.db.prepare('UPDATE assets SET updated_at = ? WHERE seq = ?');
  const now = nowIso(ctx);
  ctx.db.transaction(() => {
    for (const r of rows) {
      const cur = (get.get(r.seq) as { rating: number | null; label: ColorLabel | null } | undefined) ?? { rating: null, label: null };
      const rating = patch.rating === undefined ? cur.rating : patch.rating;
      const label = patch.label === undefined ? cur.label : patch.label;
      if (rating === null && label === null) drop.run(r.seq);
      else put.run(r.seq, rating, label);
      touch.run(now, r.seq);
    }
  })();
  ctx.changed('assets');
  return toAssets(ctx, rows.map((r) => assetRow(ctx, actor, r.id)));
}
