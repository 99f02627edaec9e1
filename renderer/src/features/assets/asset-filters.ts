import type { AssetType, ColorLabel } from '../../../../shared/models';
import type { Input } from '../../../../shared/contract';

/**
 * The asset screen's filters and sorts, and how they become the host's assets.search input and a
 * saved search's filter: plain data and functions, apart from the store that holds them.
 */

/** A host sort (assets.search's sort) and its order. */
export type SortField = 'date' | 'name' | 'size' | 'duration' | 'resolution' | 'codec' | 'type';
export type SortKey = `${SortField}-${'asc' | 'desc'}`;
export const SORTS: { key: SortKey; label: string }[] = [
  { key: 'date-desc', label: 'Newest first' },
  { key: 'date-asc', label: 'Oldest first' },
  { key: 'name-asc', label: 'Name A–Z' },
  { key: 'name-desc', label: 'Name Z–A' },
  { key: 'size-desc', label: 'Largest first' },
  { key: 'size-asc', label: 'Smallest first' },
  { key: 'duration-desc', label: 'Longest first' },
  { key: 'duration-asc', label: 'Shortest first' },
  { key: 'resolution-desc', label: 'Highest resolution' },
  { key: 'resolution-asc', label: 'Lowest resolution' },
  { key: 'codec-asc', label: 'Codec A–Z' },
  { key: 'codec-desc', label: 'Codec Z–A' },
];

export interface AssetFilters {
  text: string;
  type: AssetType | '';
  tag: string;
  projectId: string;
  sort: SortKey;
  /** 0: any. */
  minRating: number;
  label: ColorLabel | '';
  codec: string;
  /** Minimum height in pixels (720, 1080, 2160); 0: any. */
  minHeight: number;
  /** Seconds; null: no bound. */
  minDuration: number | null;
  maxDuration: number | null;
}

export const NO_FILTERS: AssetFilters = { text: '', type: '', tag: '', projectId: '', sort: 'date-desc', minRating: 0, label: '', codec: '', minHeight: 0, minDuration: null, maxDuration: null };

/** The host-side filter of the current view (what a saved search keeps). */
export function filterOf(f: AssetFilters): Record<string, unknown> {
  return {
    ...(f.text.trim() ? { query: f.text.trim() } : {}),
    ...(f.type ? { type: f.type } : {}),
    ...(f.tag.trim() ? { tag: f.tag.trim() } : {}),
    ...(f.projectId ? { projectId: f.projectId } : {}),
    ...(f.minRating ? { minRating: f.minRating } : {}),
    ...(f.label ? { label: f.label } : {}),
    ...(f.codec ? { codec: f.codec } : {}),
    ...(f.minHeight ? { minHeight: f.minHeight } : {}),
    ...(f.minDuration !== null ? { minDuration: f.minDuration } : {}),
    ...(f.maxDuration !== null ? { maxDuration: f.maxDuration } : {}),
  };
}

/** Whether what a filter matches moves with media work's results (probe facts), not only with assets added or removed. */
export function dependsOnMedia(f: AssetFilters): boolean {
  return !!f.codec || !!f.minHeight || f.minDuration !== null || f.maxDuration !== null;
}

/** A saved search's filter back into the screen's filters. */
export function filtersFrom(saved: Record<string, unknown>, sort: SortKey): AssetFilters {
  const str = (k: string) => (typeof saved[k] === 'string' ? (saved[k] as string) : '');
  const num = (k: string) => (typeof saved[k] === 'number' ? (saved[k] as number) : null);
  return { ...NO_FILTERS, sort, text: str('query'), type: str('type') as AssetType | '', tag: str('tag'), projectId: str('projectId'), minRating: num('minRating') ?? 0, label: str('label') as ColorLabel | '', codec: str('codec'), minHeight: num('minHeight') ?? 0, minDuration: num('minDuration'), maxDuration: num('maxDuration') };
}

/** Whether any filter narrows the view (the empty state says "no matches" instead of "no assets"). */
export function isFiltered(f: AssetFilters): boolean {
  return !!(f.text.trim() || f.type || f.tag.trim() || f.projectId || f.minRating || f.label || f.codec || f.minHeight || f.minDuration !== null || f.maxDuration !== null);
}

/** The assets.search input of a view: its filters within the screen's project (if fixed to one). */
export function searchInput(s: { filters: AssetFilters; scopeProjectId: string }, limit: number, cursor?: string | null): Input<'assets.search'> {
  const f = s.filters;
  const [sort, order] = f.sort.split('-') as [SortField, 'asc' | 'desc'];
  const projectId = s.scopeProjectId || f.projectId;
  return {
    sort,
    order,
    limit,
    ...(filterOf({ ...f, projectId }) as Omit<Input<'assets.search'>, 'sort' | 'order' | 'limit' | 'cursor'>),
    ...(cursor ? { cursor } : {}),
  };
}

