import type { Actor, ColorLabel } from '../../../shared/models.js';
import { markAssets } from './asset-marks.js';
import { invalid } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { buildSearchQuery, deleteAssets, linkAssets, tagAssets, unlinkAssets, untagAssets, type SearchAssetsInput } from './assets.js';

/** What a search matches, without its sort and paging: the "all" of select-all. */
export type AssetFilter = Pick<SearchAssetsInput, 'query' | 'type' | 'tag' | 'projectId' | 'from' | 'to' | 'minRating' | 'label' | 'codec' | 'minWidth' | 'minHeight' | 'minDuration' | 'maxDuration'>;

export type BulkAction =
  | { op: 'tag'; tags: readonly string[] }
  | { op: 'untag'; tags: readonly string[] }
  | { op: 'link'; projectId: string }
  | { op: 'unlink'; projectId: string }
  | { op: 'delete' }
  | { op: 'mark'; rating?: number | null | undefined; label?: ColorLabel | null | undefined };

/** Ids per call of the per-id operations: keeps each statement's parameter list small. */
const SLICE = 500;

/**
 * Every asset the filter matches for this actor, oldest first, less the ones the user unticked.
 * This is what "select all" means: the whole match on the host, not the pages the grid has loaded.
 */
export function matchingAssetIds(ctx: StorageContext, actor: Actor, filter: AssetFilter, except: readonly string[] = []): string[] {
  // sort 'name' never uses a driver table, so the query's filter is over `assets a` alone.
  const q = buildSearchQuery(ctx, actor, { ...filter, sort: 'name', limit: 1 });
  if (q === null) return [];
  const ids = ctx.db.prepare(`SELECT a.id FROM assets a WHERE ${q.filterWhere} ORDER BY a.seq`).pluck().all(q.params) as string[];
  if (except.length === 0) return ids;
  const skip = new Set(except);
  return ids.filter((id) => !skip.has(id));
}

/**
 * Applies one action to every matching asset in one transaction: all of them or, on any error,
 * none (a tag on 12,000 of 20,000 is the failure this exists to prevent).
 */
export function bulkByFilter(ctx: StorageContext, actor: Actor, filter: AssetFilter, action: BulkAction, except: readonly string[] = []): { count: number } {
  let count = 0;
  ctx.db.transaction(() => {
    const ids = matchingAssetIds(ctx, actor, filter, except);
    count = ids.length;
    for (let i = 0; i < ids.length; i += SLICE) {
      const slice = ids.slice(i, i + SLICE);
      switch (action.op) {
        case 'tag': tagAssets(ctx, actor, slice, action.tags); break;
        case 'untag': untagAssets(ctx, actor, slice, action.tags); break;
        case 'link': linkAssets(ctx, actor, slice, action.projectId); break;
        case 'unlink': unlinkAssets(ctx, actor, slice, action.projectId); break;
        case 'delete': deleteAssets(ctx, actor, slice); break;
        case 'mark': markAssets(ctx, actor, slice, { rating: action.rating, label: action.label }); break;
        default: throw invalid('unknown bulk action');
      }
    }
  })();
  return { count };
}
