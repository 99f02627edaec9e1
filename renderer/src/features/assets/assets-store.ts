import { create } from 'zustand';
import type { Asset, AssetType, ColorLabel } from '../../../../shared/models';
import type { Input } from '../../../../shared/contract';

/** One action on many assets (assets.bulk's action). */
export type BulkAction = Input<'assets.bulk'>['action'];
import { ipc } from '../../lib/ipc';
import { toast } from '../../lib/notify';

/** One page of the keyset walk; the largest the contract allows, so "jump to end" takes few calls. */
export const PAGE_SIZE = 500;
const END_PAGE_SIZE = 1000;

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

export type AssetView = 'grid' | 'list';
export type TileSize = 'small' | 'medium' | 'large';
export const TILE_SIZES: { key: TileSize; label: string }[] = [
  { key: 'small', label: 'Small' },
  { key: 'medium', label: 'Medium' },
  { key: 'large', label: 'Large' },
];
const VIEW_KEY = 'reelvault.assets.view';
const TILE_KEY = 'reelvault.assets.tileSize';

/** A remembered view preference; the default when storage is unavailable or holds something else. */
function readPref<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const v = localStorage.getItem(key);
    return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
  } catch {
    return fallback;
  }
}
function writePref(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or a full quota: the choice lasts for this session only.
  }
}

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

export interface AssetsState {
  /** The project the screen is fixed to (a project's Assets tab); '' for the whole library. */
  scopeProjectId: string;
  filters: AssetFilters;
  items: Asset[];
  nextCursor: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadingMore: boolean;
  /** Pages fetched so far while jumping to the end (for the "loading…" hint). */
  jumping: boolean;
  error: string | null;
  /** Bumped on every fresh query, so late answers of an older one are dropped. */
  generation: number;

  selected: ReadonlySet<string>;
  /**
   * Select-all picked the whole match on the host, not only the loaded pages: `selected` then holds
   * the loaded ones, `except` what was unticked since, and bulk actions go by query (assets.bulk).
   */
  allMatching: boolean;
  except: ReadonlySet<string>;
  /** How many assets the query matches in all (null until the host said). */
  total: number | null;
  /** Where a shift-range starts. */
  anchor: number;
  /** The keyboard cursor. */
  focus: number;
  detailId: string | null;
  previewId: string | null;
  /** Grid of tiles or a list with columns; and the grid's tile size (both remembered). */
  view: AssetView;
  tileSize: TileSize;

  setView(view: AssetView): void;
  setTileSize(size: TileSize): void;
  setScope(projectId: string | undefined): void;
  setFilters(patch: Partial<AssetFilters>): void;
  load(): Promise<void>;
  loadMore(): Promise<void>;
  /** Walks the remaining pages, so the last item can be shown (End key). */
  loadAll(): Promise<void>;
  /**
   * Re-reads what is shown (after library.changed) without losing the scroll position; `recount: false`
   * keeps the total as it is (media results, which add or remove nothing from the match).
   */
  refresh(opts?: { recount?: boolean }): Promise<void>;
  startSync(): () => void;

  /** Click semantics: plain selects one, shift extends from the anchor, toggle adds or removes. */
  select(index: number, mode: 'one' | 'range' | 'toggle'): void;
  selectAll(): void;
  clearSelection(): void;
  setFocus(index: number, extend: boolean): void;
  openDetail(id: string | null): void;
  setPreview(id: string | null): void;
  /** Applies records the host answered with (after tag, link, …) in place. */
  patchItems(assets: Asset[]): void;

  trash(ids: string[]): Promise<void>;
  /** An action on the selection: by ids, or by query when select-all picked the whole match. Answers how many it touched, or null on failure. */
  bulk(action: BulkAction): Promise<number | null>;
  tag(ids: string[], tags: string[]): Promise<boolean>;
  /** Stars (1–5) and a colour label; null clears, absent leaves. */
  mark(ids: string[], patch: { rating?: number | null | undefined; label?: ColorLabel | null | undefined }): Promise<boolean>;
  untag(ids: string[], tags: string[]): Promise<boolean>;
  link(ids: string[], projectId: string): Promise<boolean>;
  unlink(ids: string[], projectId: string): Promise<boolean>;
  rename(id: string, name: string): Promise<boolean>;
  redoMedia(asset: Asset): Promise<void>;
}

function searchInput(s: Pick<AssetsState, 'filters' | 'scopeProjectId'>, limit: number, cursor?: string | null): Input<'assets.search'> {
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

/** The contract takes at most this many ids per bulk call; bigger selections go in slices. */
const MAX_IDS = 10_000;
async function inSlices<T>(ids: string[], call: (slice: string[]) => Promise<T[] | null>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += MAX_IDS) out.push(...((await call(ids.slice(i, i + MAX_IDS))) ?? []));
  return out;
}

/** Under select-all, newly loaded items come in ticked (unless unticked before). */
function withAllSelected(s: Pick<AssetsState, 'allMatching' | 'selected' | 'except'>, added: Asset[]): Partial<AssetsState> {
  if (!s.allMatching) return {};
  const selected = new Set(s.selected);
  for (const a of added) if (!s.except.has(a.id)) selected.add(a.id);
  return { selected };
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

function rangeIds(items: Asset[], a: number, b: number): Set<string> {
  const out = new Set<string>();
  for (let i = Math.min(a, b); i <= Math.max(a, b); i++) {
    const it = items[i];
    if (it) out.add(it.id);
  }
  return out;
}

export const useAssetsStore = create<AssetsState>()((set, get) => ({
  scopeProjectId: '',
  filters: NO_FILTERS,
  items: [],
  nextCursor: null,
  status: 'idle',
  loadingMore: false,
  jumping: false,
  error: null,
  generation: 0,
  selected: new Set(),
  allMatching: false,
  except: new Set(),
  total: null,
  anchor: 0,
  focus: 0,
  detailId: null,
  previewId: null,
  view: readPref<AssetView>(VIEW_KEY, ['grid', 'list'], 'grid'),
  tileSize: readPref<TileSize>(TILE_KEY, ['small', 'medium', 'large'], 'medium'),

  setView(view) {
    writePref(VIEW_KEY, view);
    set({ view });
  },

  setTileSize(tileSize) {
    writePref(TILE_KEY, tileSize);
    set({ tileSize });
  },

  setScope(projectId) {
    const scope = projectId ?? '';
    if (scope === get().scopeProjectId && get().status !== 'idle') return;
    set({ scopeProjectId: scope, filters: NO_FILTERS, selected: new Set(), allMatching: false, except: new Set(), total: null, detailId: null, previewId: null, items: [], status: 'idle' });
  },

  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } });
    void get().load();
  },

  async load() {
    const generation = get().generation + 1;
    set({ generation, status: 'loading', error: null, loadingMore: false, jumping: false });
    try {
      const page = await ipc.invoke('assets.search', { ...searchInput(get(), PAGE_SIZE), withTotal: true });
      if (get().generation !== generation) return;
      set({ items: page.items, nextCursor: page.nextCursor, total: page.total ?? null, status: 'ready', selected: new Set(), allMatching: false, except: new Set(), anchor: 0, focus: 0 });
    } catch (err) {
      if (get().generation !== generation) return;
      set({ status: 'error', error: (err as Error).message });
      toast.error(err);
    }
  },

  async loadMore() {
    const s = get();
    if (s.loadingMore || !s.nextCursor || s.status !== 'ready') return;
    const generation = s.generation;
    set({ loadingMore: true });
    try {
      const page = await ipc.invoke('assets.search', searchInput(s, PAGE_SIZE, s.nextCursor));
      if (get().generation !== generation) return;
      set({ items: get().items.concat(page.items), nextCursor: page.nextCursor, ...withAllSelected(get(), page.items) });
    } catch (err) {
      toast.error(err);
    } finally {
      if (get().generation === generation) set({ loadingMore: false });
    }
  },

  async loadAll() {
    const generation = get().generation;
    if (get().jumping) return;
    set({ jumping: true });
    try {
      // Wait out a page already on its way, then walk on with the biggest pages the contract allows.
      while (get().loadingMore && get().generation === generation) await new Promise((r) => setTimeout(r, 20));
      let chunks: Asset[][] = [];
      let cursor = get().nextCursor;
      while (cursor && get().generation === generation) {
        const page = await ipc.invoke('assets.search', searchInput(get(), END_PAGE_SIZE, cursor));
        if (get().generation !== generation) return;
        chunks.push(page.items);
        cursor = page.nextCursor;
        // Show progress every few pages without copying the growing list on every page.
        if (chunks.length >= 10 || !cursor) {
          const added = ([] as Asset[]).concat(...chunks);
          set({ items: get().items.concat(added), nextCursor: cursor, ...withAllSelected(get(), added) });
          chunks = [];
        }
      }
    } catch (err) {
      toast.error(err);
    } finally {
      if (get().generation === generation) set({ jumping: false });
    }
  },

  async refresh(opts = {}) {
    const s = get();
    if (s.status !== 'ready') return;
    const generation = s.generation;
    const n = clamp(s.items.length, PAGE_SIZE, END_PAGE_SIZE);
    try {
      const page = await ipc.invoke('assets.search', { ...searchInput(s, n), ...(opts.recount === false ? {} : { withTotal: true }) });
      if (get().generation !== generation) return;
      if (page.total !== undefined) set({ total: page.total });
      const cur = get();
      if (cur.items.length <= n) {
        set({ items: page.items, nextCursor: page.nextCursor });
      } else {
        // More is loaded than one page: refresh the head, keep the tail (and its cursor) as it was.
        const head = new Set(page.items.map((a) => a.id));
        set({ items: page.items.concat(cur.items.slice(n).filter((a) => !head.has(a.id))) });
      }
      const ids = new Set(get().items.map((a) => a.id));
      if (get().allMatching) set(withAllSelected(get(), get().items));
      const selected = new Set([...get().selected].filter((id) => ids.has(id)));
      if (selected.size !== get().selected.size) set({ selected });
    } catch {
      // A background refresh that fails is retried by the next change; the next user action reports.
    }
  },

  startSync() {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let recount = false;
    const offChanged = ipc.on('library.changed', (e) => {
      if (e.kind !== 'assets' && e.kind !== 'trash' && e.kind !== 'media') return;
      // Media results add or remove nothing, so the whole match is counted again only when its filter
      // reads what media work finds (codec, height, duration) — a count of 1,000,000 per result kept
      // the host from ever being idle while media work ran.
      if (e.kind !== 'media' || dependsOnMedia(get().filters)) recount = true;
      // Media work announces every finished item; coalesce bursts into one re-read.
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        const again = recount;
        recount = false;
        void get().refresh({ recount: again });
      }, 400);
    });
    return () => {
      offChanged();
      if (timer) clearTimeout(timer);
    };
  },

  select(index, mode) {
    const { items, selected, anchor } = get();
    const it = items[index];
    if (!it) return;
    if (mode === 'range') {
      set({ selected: rangeIds(items, anchor, index), focus: index, allMatching: false, except: new Set() });
    } else if (mode === 'toggle') {
      const next = new Set(selected);
      const except = new Set(get().except);
      if (next.has(it.id)) {
        next.delete(it.id);
        except.add(it.id);
      } else {
        next.add(it.id);
        except.delete(it.id);
      }
      set({ selected: next, anchor: index, focus: index, ...(get().allMatching ? { except } : {}) });
    } else {
      set({ selected: new Set([it.id]), anchor: index, focus: index, allMatching: false, except: new Set() });
    }
  },

  selectAll() {
    const s = get();
    // Everything loaded already: the ids are the selection. Else the host selects by query.
    set({ selected: new Set(s.items.map((a) => a.id)), allMatching: s.nextCursor !== null, except: new Set() });
  },

  clearSelection() {
    set({ selected: new Set(), allMatching: false, except: new Set() });
  },

  setFocus(index, extend) {
    const { items, anchor } = get();
    if (items.length === 0) return;
    const i = clamp(index, 0, items.length - 1);
    if (extend) set({ focus: i, selected: rangeIds(items, anchor, i), allMatching: false, except: new Set() });
    else set({ focus: i, anchor: i, selected: new Set([(items[i] as Asset).id]), allMatching: false, except: new Set() });
  },

  openDetail(id) {
    set({ detailId: id });
  },

  setPreview(id) {
    set({ previewId: id });
  },

  patchItems(assets) {
    const byId = new Map(assets.map((a) => [a.id, a]));
    set({ items: get().items.map((a) => byId.get(a.id) ?? a) });
  },

  async trash(ids) {
    if (ids.length === 0) return;
    try {
      await inSlices(ids, (slice) => ipc.invoke('assets.delete', { ids: slice }));
      const gone = new Set(ids);
      const s = get();
      set({
        items: s.items.filter((a) => !gone.has(a.id)),
        selected: new Set(),
        detailId: s.detailId && gone.has(s.detailId) ? null : s.detailId,
        previewId: null,
        focus: clamp(s.focus, 0, Math.max(0, s.items.length - gone.size - 1)),
      });
      const what = ids.length === 1 ? `“${s.items.find((a) => a.id === ids[0])?.name ?? 'Asset'}”` : `${ids.length} assets`;
      toast.info(`Moved ${what} to the trash`, {
        label: 'Undo',
        run: () => {
          inSlices(ids, (slice) => ipc.invoke('trash.restore', { ids: slice })).then(() => get().refresh(), toast.error);
        },
      });
    } catch (err) {
      toast.error(err);
    }
  },

  async bulk(action) {
    const s = get();
    if (!s.allMatching) {
      const ids = [...s.selected];
      if (ids.length === 0) return 0;
      if (action.op === 'delete') {
        await get().trash(ids);
        return ids.length;
      }
      if (action.op === 'mark') return (await get().mark(ids, { rating: action.rating, label: action.label })) ? ids.length : null;
      const fn = { tag: get().tag, untag: get().untag, link: get().link, unlink: get().unlink }[action.op];
      const arg = action.op === 'tag' || action.op === 'untag' ? action.tags : action.projectId;
      return (await (fn as (ids: string[], arg: string[] | string) => Promise<boolean>)(ids, arg)) ? ids.length : null;
    }
    const { sort: _sort, order: _order, limit: _limit, cursor: _cursor, ...filter } = searchInput(s, 1);
    try {
      const { count } = await ipc.invoke('assets.bulk', { filter, action, ...(s.except.size ? { except: [...s.except] } : {}) });
      if (action.op === 'delete') {
        set({ selected: new Set(), allMatching: false, except: new Set(), detailId: null, previewId: null });
        toast.info(`Moved ${count.toLocaleString()} assets to the trash`);
        await get().load();
      } else await get().refresh();
      return count;
    } catch (err) {
      toast.error(err);
      return null;
    }
  },

  async mark(ids, patch) {
    try {
      get().patchItems(await inSlices(ids, (slice) => ipc.invoke('assets.mark', { ids: slice, ...patch })));
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async tag(ids, tags) {
    try {
      get().patchItems(await inSlices(ids, (slice) => ipc.invoke('assets.tag', { ids: slice, tags })));
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async untag(ids, tags) {
    try {
      get().patchItems(await inSlices(ids, (slice) => ipc.invoke('assets.untag', { ids: slice, tags })));
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async link(ids, projectId) {
    try {
      get().patchItems(await inSlices(ids, (slice) => ipc.invoke('assets.link', { ids: slice, projectId })));
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async unlink(ids, projectId) {
    try {
      get().patchItems(await inSlices(ids, (slice) => ipc.invoke('assets.unlink', { ids: slice, projectId })));
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async rename(id, name) {
    try {
      get().patchItems([await ipc.invoke('assets.update', { id, patch: { name } })]);
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async redoMedia(asset) {
    try {
      await ipc.invoke('media.redo', { sha256: asset.sha256 });
      // Show it pending at once; library.changed brings the result.
      const media = asset.media ? { ...asset.media, state: 'pending' as const, error: null } : asset.media;
      set({ items: get().items.map((a) => (a.sha256 === asset.sha256 ? { ...a, media } : a)) });
      toast.info(`Making thumbnails for “${asset.name}” again`);
    } catch (err) {
      toast.error(err);
    }
  },
}));

// Narrow selectors beside the store, so components re-render only for what they show.
export const selectItems = (s: AssetsState) => s.items;
export const selectStatus = (s: AssetsState) => s.status;
export const selectFilters = (s: AssetsState) => s.filters;
export const selectHasMore = (s: AssetsState) => s.nextCursor !== null;
export const selectLoadingMore = (s: AssetsState) => s.loadingMore || s.jumping;
export const selectSelected = (s: AssetsState) => s.selected;
/** What the selection holds: the whole match less the unticked under select-all, else the ticked ones. */
export const selectSelectedCount = (s: AssetsState) => (s.allMatching && s.total !== null ? Math.max(0, s.total - s.except.size) : s.selected.size);
export const selectAllMatching = (s: AssetsState) => s.allMatching;
export const selectTotal = (s: AssetsState) => s.total;
export const selectFocus = (s: AssetsState) => s.focus;
export const selectDetailId = (s: AssetsState) => s.detailId;
export const selectPreviewId = (s: AssetsState) => s.previewId;
export const selectView = (s: AssetsState) => s.view;
export const selectTileSize = (s: AssetsState) => s.tileSize;
export const selectScopeProjectId = (s: AssetsState) => s.scopeProjectId;
export const selectIsFiltered = (s: AssetsState) => {
  const f = s.filters;
  return !!(f.text.trim() || f.type || f.tag.trim() || f.projectId || f.minRating || f.label || f.codec || f.minHeight || f.minDuration !== null || f.maxDuration !== null);
};
