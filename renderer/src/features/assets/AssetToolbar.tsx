import { Icon } from '../../components/Icon';
import { useAction } from '../../lib/actions';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ASSET_TYPES, type AssetType } from '../../../../shared/models';
import { SORTS, type SortKey } from './asset-filters';
import { selectFilters, selectScopeProjectId, selectStatus, selectTileSize, selectTotal, selectView, useAssetsStore } from './assets-store';
import { TILE_SIZES } from './view-prefs';
import { useProjectsByName } from '../projects/use-projects';

/** Grid or list, and the grid's tile size: segmented controls, remembered by the store. */
function ViewControls() {
  const view = useAssetsStore(selectView);
  const tileSize = useAssetsStore(selectTileSize);
  const { setView, setTileSize } = useAssetsStore.getState();
  return (
    <>
      <div className="segmented" role="group" aria-label="View">
        <button type="button" className="segmented-item" aria-pressed={view === 'grid'} onClick={() => setView('grid')} title="Grid of tiles">
          Grid
        </button>
        <button type="button" className="segmented-item" aria-pressed={view === 'list'} onClick={() => setView('list')} title="List with columns">
          List
        </button>
      </div>
      {view === 'grid' && (
        <div className="segmented" role="group" aria-label="Tile size">
          {TILE_SIZES.map((t) => (
            <button key={t.key} type="button" className="segmented-item" aria-pressed={tileSize === t.key} onClick={() => setTileSize(t.key)} title={`${t.label} tiles`} aria-label={`${t.label} tiles`}>
              {t.label[0]}
            </button>
          ))}
        </div>
      )}
    </>
  );
}
import { TYPE_LABEL } from './asset-format';

/**
 * Search as you type: what keeps a 1,000,000-asset library from being queried per key is that one
 * search is in flight at a time: keys typed while it is on its way wait for it, and then only the
 * latest text is searched (the store drops any answer older than the last load). So the search
 * starts on the next turn of the event loop, which still gathers changes made in one task. Was a
 * 250 ms debounce, then a 30 ms pause: that pause was a third of the last key's ≈110 ms to its
 * results at 1,000,000 (the bench's "search as you type").
 */
export const SEARCH_PAUSE_MS = 0;

/** Search (as you type, one search in flight), type, tag and project filters, and the sort. */
export function AssetToolbar({ count, hasMore, actions }: { count: number; hasMore: boolean; actions?: ReactNode }) {
  const filters = useAssetsStore(selectFilters);
  const projects = useProjectsByName();
  const scoped = useAssetsStore(selectScopeProjectId);
  // The host counts the whole match with the first page: "20,000 assets" before they are all loaded.
  const total = useAssetsStore(selectTotal);
  const setFilters = useAssetsStore((s) => s.setFilters);
  const [text, setText] = useState(filters.text);
  const [tag, setTag] = useState(filters.tag);
  const searchRef = useRef<HTMLInputElement>(null);

  // A saved search (or a reset) sets the filters from outside: the fields show them.
  useEffect(() => setText(filters.text), [filters.text]);
  useEffect(() => setTag(filters.tag), [filters.tag]);

  // Searching as the text changes, one search at a time (SEARCH_PAUSE_MS): a load on its way holds the next.
  const status = useAssetsStore(selectStatus);
  useEffect(() => {
    if (text === useAssetsStore.getState().filters.text) return;
    if (status === 'loading') return;
    const t = setTimeout(() => setFilters({ text }), SEARCH_PAUSE_MS);
    return () => clearTimeout(t);
  }, [text, status, setFilters]);
  useEffect(() => {
    if (tag === useAssetsStore.getState().filters.tag) return;
    const t = setTimeout(() => setFilters({ tag }), 350);
    return () => clearTimeout(t);
  }, [tag, setFilters]);

  // "/" focuses the search box (Ctrl/Cmd+K is the app-wide quick search).
  useAction('assets.search', () => {
    searchRef.current?.focus();
    searchRef.current?.select();
  });

  return (
    <div className="asset-toolbar" role="search">
      <div className="asset-search">
        <Icon name="search" />
        <input
          ref={searchRef}
          type="search"
          aria-label="Search assets"
          placeholder="Search names, tags  ( / )"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setFilters({ text });
            if (e.key === 'ArrowDown') document.querySelector<HTMLElement>('.asset-grid, .asset-list')?.focus();
          }}
        />
      </div>
      <select aria-label="Type" value={filters.type} onChange={(e) => setFilters({ type: e.target.value as AssetType | '' })}>
        <option value="">All types</option>
        {ASSET_TYPES.map((t) => (
          <option key={t} value={t}>
            {TYPE_LABEL[t]}
          </option>
        ))}
      </select>
      <input className="asset-tag-filter" aria-label="Tag filter" placeholder="Tag" value={tag} onChange={(e) => setTag(e.target.value)} />
      {!scoped && (
        <select aria-label="Project" value={filters.projectId} onChange={(e) => setFilters({ projectId: e.target.value })}>
          <option value="">All projects</option>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      )}
      <select aria-label="Sort" value={filters.sort} onChange={(e) => setFilters({ sort: e.target.value as SortKey })}>
        {SORTS.map((s) => (
          <option key={s.key} value={s.key}>
            {s.label}
          </option>
        ))}
      </select>
      <ViewControls />
      {total !== null ? (
        <span className="asset-count muted" data-testid="asset-count" title={hasMore ? `${count.toLocaleString()} loaded so far` : undefined}>
          {total.toLocaleString()} {total === 1 ? 'asset' : 'assets'}
        </span>
      ) : (
        <span className="asset-count muted" data-testid="asset-count">
          {count.toLocaleString()}
          {hasMore ? '+' : ''} {count === 1 && !hasMore ? 'asset' : 'assets'}
        </span>
      )}
      {actions && <div className="asset-toolbar-actions">{actions}</div>}
    </div>
  );
}
