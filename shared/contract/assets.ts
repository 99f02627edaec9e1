/** The assets.* channels: imported media, searched, tagged, linked, marked and trashed. */
import { z } from 'zod';
import type { Asset, ImportResultItem, ImportSummary } from '../models.js';
import { ASSET_TYPES, COLOR_LABELS } from '../models.js';
import { ASSET_PAGE, ASSET_SORTS, limitMessages } from '../limits.js';
import { absPath, assetId, importId, projectId, returns, scope, sortOrder, ttlHours } from './pieces.js';

const tag = z.string().trim().min(1).max(100);
const tags = z.array(tag).max(1000);
const assetIds = z.array(assetId).min(1).max(10_000);
/** What an asset search matches: shared by the search and the bulk actions on its whole result. */
export const assetFilter = {
  query: z.string().max(500).optional(),
  type: z.enum(ASSET_TYPES).optional(),
  tag: tag.optional(),
  projectId: projectId.optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  minRating: z.number().int().min(1).max(5).optional(),
  label: z.enum(COLOR_LABELS).optional(),
  codec: z.string().trim().min(1).max(50).optional(),
  minWidth: z.number().int().min(1).max(65535).optional(),
  minHeight: z.number().int().min(1).max(65535).optional(),
  minDuration: z.number().min(0).max(1e7).optional(),
  maxDuration: z.number().min(0).max(1e7).optional(),
};
const markPatch = { rating: z.number().int().min(1).max(5).nullable().optional(), label: z.enum(COLOR_LABELS).nullable().optional() };

export interface AssetPage {
  items: Asset[];
  nextCursor: string | null;
  /** Every match, when asked for (withTotal). */
  total?: number;
}

export const assetChannels = {
  /** Full-text and filtered search over assets, keyset-paginated; withTotal also counts every match. */
  'assets.search': {
    input: z.strictObject({
      ...assetFilter,
      sort: z.enum(ASSET_SORTS, limitMessages.assetSort).optional(),
      order: sortOrder.optional(),
      limit: z.number().int(limitMessages.assetLimit).min(1, limitMessages.assetLimit).max(ASSET_PAGE.max, limitMessages.assetLimit).optional(),
      cursor: z.string().max(1000).optional(),
      withTotal: z.boolean().optional(),
    }),
    output: returns<AssetPage>(),
  },
  /** Tags, untags, links, unlinks or trashes every asset a search matches (select-all), less the ids unticked; all or nothing. */
  'assets.bulk': {
    input: z.strictObject({
      filter: z.strictObject(assetFilter),
      except: z.array(assetId).max(100_000).optional(),
      action: z.discriminatedUnion('op', [
        z.strictObject({ op: z.literal('tag'), tags: tags.min(1) }),
        z.strictObject({ op: z.literal('untag'), tags: tags.min(1) }),
        z.strictObject({ op: z.literal('link'), projectId }),
        z.strictObject({ op: z.literal('unlink'), projectId }),
        z.strictObject({ op: z.literal('delete') }),
        z.strictObject({ op: z.literal('mark'), ...markPatch }),
      ]),
    }),
    output: returns<{ count: number }>(),
  },
  /** One asset with its tags and linked projects. */
  'assets.get': { input: z.strictObject({ id: assetId }), output: returns<Asset>() },
  /** Renames an asset or fills its media fields. */
  'assets.update': {
    input: z.strictObject({
      id: assetId,
      patch: z.strictObject({
        name: z.string().trim().min(1).max(255).optional(),
        width: z.number().int().min(1).max(65535).nullable().optional(),
        height: z.number().int().min(1).max(65535).nullable().optional(),
        durationSeconds: z.number().min(0).nullable().optional(),
      }),
    }),
    output: returns<Asset>(),
  },
  /** Adds tags to many assets at once. */
  'assets.tag': { input: z.strictObject({ ids: assetIds, tags: tags.min(1) }), output: returns<Asset[]>() },
  /** Rates (1–5 stars) and colour-labels assets; null clears, absent leaves as is. */
  'assets.mark': { input: z.strictObject({ ids: assetIds, ...markPatch }), output: returns<Asset[]>() },
  /** Removes tags from many assets at once. */
  'assets.untag': { input: z.strictObject({ ids: assetIds, tags: tags.min(1) }), output: returns<Asset[]>() },
  /** Links assets to a project. */
  'assets.link': { input: z.strictObject({ ids: assetIds, projectId }), output: returns<Asset[]>() },
  /** Unlinks assets from a project. */
  'assets.unlink': { input: z.strictObject({ ids: assetIds, projectId }), output: returns<Asset[]>() },
  /** Moves assets to the trash. */
  'assets.delete': { input: z.strictObject({ ids: assetIds }), output: returns<null>() },
  /** Desktop only: imports files and folders by absolute path (drops); progress arrives as import.progress. */
  'assets.importPaths': {
    input: z.strictObject({
      paths: z.array(absPath).min(1).max(100_000),
      tags: tags.optional(),
      projectId: projectId.optional(),
      scope: scope.optional(),
      ttlHours: ttlHours.optional(),
      importId: importId.optional(),
    }),
    output: returns<ImportSummary>(),
  },
  // `cancelled`: it stopped and stores nothing more; `item`: an upload that had already been stored
  // (its bytes were all in); neither: nothing ran by that id, and an upload arriving with it later is refused.
  /** Cancels a running import (paths or web upload) by its importId, once it has settled. */
  'assets.cancelImport': { input: z.strictObject({ importId }), output: returns<{ cancelled: boolean; item?: ImportResultItem }>() },
} as const;
