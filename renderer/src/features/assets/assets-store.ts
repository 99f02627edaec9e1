import { create } from 'zustand';
import type { Asset, ColorLabel } from '../../../../shared/models';
import type { Input } from '../../../../shared/contract';
import { ipc } from '../../lib/ipc';
import { toast } from '../../lib/notify';
import { NO_FILTERS, dependsOnMedia, isFiltered, searchInput, type AssetFilters } from './asset-filters';
import { afterReread, allSelected, clamp, clicked, focused, noSelection, withAllSelected } from './asset-selection';
import { TILE_KEY, VIEW_KEY, readPref, writePref, type AssetView, type TileSize } from './view-prefs';

/**
 * The asset screen's server state and what the user does to it: the keyset-paged match of the
 * current filters (asset-filters.ts), its count, the selection (asset-selection.ts), the detail and
 * preview, and the edits that go to the host.
 */

/** One action on many assets (assets.bulk's action). */
export type BulkAction = Input<'assets.bulk'>['action'];

/** One page of the keyset walk; the largest the contract allows, so "jump to end" takes few calls. */
export const PAGE_SIZE = 500;
const END_PAGE_SIZE = 1000;

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
  /** How many assets the query matches in all (null until the host said: it is counted after the first page). */
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
  /** Counts the whole match of what is shown, once per load, unless it is known already. */
  countTotal(): Promise<void>;
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

/** The contract takes at most this many ids per bulk call; bigger selections go in slices. */
const MAX_IDS = 10_000;
async function inSlices<T>(ids: string[], call: (slice: string[]) => Promise<T[] | null>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += MAX_IDS) out.push(...((await call(ids.slice(i, i + MAX_IDS))) ?? []));
  return out;
}

/**
 * A load paints its first page, then counts the whole match once the query has held still this long.
 * The count is the slow half (every match visited: 160 ms for all of 1,000,000 assets, 860 ms for a
 * first letter that every asset has), and the host answers one call at a time, so a count per key
 * typed would hold the next key's page behind it; a key within the pause cancels the count.
 */
export const COUNT_PAUSE_MS = 150;
let countTimer: ReturnType<typeof setTimeout> | null = null;
/** The load generation whose count is on its way (one at a time per load). */
let countingFor = -1;

export const useAssetsStore = create<AssetsState>()((set, get) => {
  /** An edit of some assets (in slices the contract allows) whose replies replace the loaded items. */
  const edit = async (ids: string[], call: (slice: string[]) => Promise<Asset[]>): Promise<boolean> => {
    try {
      get().patchItems(await inSlices(ids, call));
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  };
  return {
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
      set({ scopeProjectId: scope, filters: NO_FILTERS, ...noSelection(), total: null, detailId: null, previewId: null, items: [], status: 'idle' });
    },

    setFilters(patch) {
      set({ filters: { ...get().filters, ...patch } });
      void get().load();
    },

    async load() {
      const generation = get().generation + 1;
      if (countTimer) clearTimeout(countTimer);
      countTimer = null;
      set({ generation, status: 'loading', error: null, loadingMore: false, jumping: false });
      try {
        const page = await ipc.invoke('assets.search', searchInput(get(), PAGE_SIZE));
        if (get().generation !== generation) return;
        // One page holds the whole match: that is the count. Else it comes after the pause (COUNT_PAUSE_MS).
        const whole = page.nextCursor === null;
        set({ items: page.items, nextCursor: page.nextCursor, total: whole ? page.items.length : null, status: 'ready', ...noSelection(), anchor: 0, focus: 0 });
        if (!whole) countTimer = setTimeout(() => void get().countTotal(), COUNT_PAUSE_MS);
      } catch (err) {
        if (get().generation !== generation) return;
        set({ status: 'error', error: (err as Error).message });
        toast.error(err);
      }
    },

    async countTotal() {
      const s = get();
      if (s.total !== null || s.status !== 'ready' || countingFor === s.generation) return;
      const generation = s.generation;
      countingFor = generation;
      if (countTimer) clearTimeout(countTimer);
      countTimer = null;
      try {
        // A one-row page: the host counts the whole match beside it.
        const page = await ipc.invoke('assets.search', { ...searchInput(s, 1), withTotal: true });
        if (get().generation === generation && page.total !== undefined && get().total === null) set({ total: page.total });
      } catch {
        // Unknown stays unknown ("500+ assets"); the next load or recount asks again.
      } finally {
        if (countingFor === generation) countingFor = -1;
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
        set(afterReread(get()));
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
      const patch = clicked(get(), index, mode);
      if (patch) set(patch);
    },

    selectAll() {
      const s = get();
      set(allSelected(s));
      // The whole match is selected: say how many as soon as possible, without waiting out the pause.
      if (s.nextCursor !== null && s.total === null) void get().countTotal();
    },

    clearSelection() {
      set(noSelection());
    },

    setFocus(index, extend) {
      const patch = focused(get(), index, extend);
      if (patch) set(patch);
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
          set({ ...noSelection(), detailId: null, previewId: null });
          toast.info(`Moved ${count.toLocaleString()} assets to the trash`);
          await get().load();
        } else await get().refresh();
        return count;
      } catch (err) {
        toast.error(err);
        return null;
      }
    },

    mark: (ids, patch) => edit(ids, (slice) => ipc.invoke('assets.mark', { ids: slice, ...patch })),
    tag: (ids, tags) => edit(ids, (slice) => ipc.invoke('assets.tag', { ids: slice, tags })),
    untag: (ids, tags) => edit(ids, (slice) => ipc.invoke('assets.untag', { ids: slice, tags })),
    link: (ids, projectId) => edit(ids, (slice) => ipc.invoke('assets.link', { ids: slice, projectId })),
    unlink: (ids, projectId) => edit(ids, (slice) => ipc.invoke('assets.unlink', { ids: slice, projectId })),
    rename: (id, name) => edit([id], async () => [await ipc.invoke('assets.update', { id, patch: { name } })]),

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
  };
});

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
export const selectIsFiltered = (s: AssetsState) => isFiltered(s.filters);
