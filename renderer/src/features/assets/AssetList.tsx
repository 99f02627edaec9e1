import { memo, useCallback, useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Asset } from '../../../../shared/models';
import { formatBytes } from '../../../../shared/format-bytes';
import { ASSET_TYPE_ICON, Icon } from '../../components/Icon';
import { isMod, onAssetKeys } from './asset-keys';
import { assetDuration, dimensions, notMedia, TYPE_LABEL } from './asset-format';
import { formatDuration } from '../../components/format';
import type { SortField } from './asset-filters';
import { selectFilters, selectFocus, selectHasMore, selectItems, selectLoadingMore, selectSelected, useAssetsStore } from './assets-store';

const ROW = 34;

/** The list's columns; each sorts on the host (assets.search's sort), so 20,000 rows sort alike. */
const COLUMNS: { field: SortField; label: string; first: 'asc' | 'desc'; numeric?: boolean }[] = [
  { field: 'name', label: 'Name', first: 'asc' },
  { field: 'type', label: 'Type', first: 'asc' },
  { field: 'duration', label: 'Duration', first: 'desc', numeric: true },
  { field: 'size', label: 'Size', first: 'desc', numeric: true },
  { field: 'resolution', label: 'Resolution', first: 'desc', numeric: true },
  { field: 'codec', label: 'Codec', first: 'asc' },
  { field: 'date', label: 'Date added', first: 'desc' },
];

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function codecOf(a: Asset): string {
  return notMedia(a) ? '' : a.media?.probe?.videoCodec ?? a.media?.probe?.audioCodec ?? '';
}

interface RowProps {
  asset: Asset;
  index: number;
  start: number;
  selected: boolean;
  focused: boolean;
  onPointerSelect(index: number, e: MouseEvent): void;
  onOpen(index: number): void;
}

const AssetListRow = memo(function AssetListRow({ asset: a, index, start, selected, focused, onPointerSelect, onOpen }: RowProps) {
  return (
    <div
      id={`asset-${a.id}`}
      className={`asset-list-row${selected ? ' is-selected' : ''}${focused ? ' is-focused' : ''}`}
      role="row"
      // The grid keeps the focus (aria-activedescendant names the row); a row is focusable from script only,
      // which tells assistive tech and checkers that the scrolled body's content is reachable.
      tabIndex={-1}
      aria-selected={selected}
      aria-rowindex={index + 2}
      data-testid="asset-list-row"
      data-index={index}
      style={{ transform: `translateY(${start}px)` }}
      onMouseDown={(e) => {
        if (e.shiftKey) e.preventDefault();
      }}
      onClick={(e) => onPointerSelect(index, e)}
      onDoubleClick={() => onOpen(index)}
    >
      <span role="gridcell" className="cell-name" title={a.name}>
        <Icon name={ASSET_TYPE_ICON[a.type]} className="asset-type-icon" strokeWidth={1.5} />
        <span className="cell-name-text">{a.name}</span>
      </span>
      <span role="gridcell">{TYPE_LABEL[a.type]}</span>
      <span role="gridcell" className="cell-num">{formatDuration(assetDuration(a))}</span>
      <span role="gridcell" className="cell-num">{formatBytes(a.size)}</span>
      <span role="gridcell" className="cell-num">{dimensions(a)}</span>
      <span role="gridcell">{codecOf(a)}</span>
      <span role="gridcell">{DATE.format(new Date(a.createdAt))}</span>
    </div>
  );
});

/**
 * The library as a virtualized list with sortable columns: the same items, selection, keyboard
 * (asset-keys.ts, one column) and detail panel as the grid; only the rows in view are in the DOM.
 * A column header sorts on the host, asc or desc, and says so with aria-sort.
 */
export function AssetList() {
  const items = useAssetsStore(selectItems);
  const selected = useAssetsStore(selectSelected);
  const focus = useAssetsStore(selectFocus);
  const hasMore = useAssetsStore(selectHasMore);
  const loadingMore = useAssetsStore(selectLoadingMore);
  const sort = useAssetsStore(selectFilters).sort;
  const gridRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [field, order] = sort.split('-') as [SortField, 'asc' | 'desc'];
  const rowCount = items.length + (hasMore ? 1 : 0);

  const virtualizer = useVirtualizer({ count: rowCount, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 10 });
  const virtualRows = virtualizer.getVirtualItems();
  const lastRow = virtualRows[virtualRows.length - 1]?.index ?? 0;
  useEffect(() => {
    if (hasMore && lastRow >= rowCount - 20) void useAssetsStore.getState().loadMore();
  }, [lastRow, rowCount, hasMore]);

  const scrollToItem = useCallback((index: number) => virtualizer.scrollToIndex(index, { align: 'auto' }), [virtualizer]);
  const onPointerSelect = useCallback((index: number, e: MouseEvent) => {
    useAssetsStore.getState().select(index, e.shiftKey ? 'range' : isMod(e) ? 'toggle' : 'one');
    gridRef.current?.focus({ preventScroll: true });
  }, []);
  const onOpen = useCallback((index: number) => {
    const s = useAssetsStore.getState();
    const a = s.items[index];
    if (a) s.openDetail(a.id);
  }, []);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / ROW) - 1);
    return onAssetKeys(e, { cols: 1, pageRows, scrollToItem });
  };
  const sortBy = (c: (typeof COLUMNS)[number]) => {
    const next = c.field === field ? (order === 'asc' ? 'desc' : 'asc') : c.first;
    useAssetsStore.getState().setFilters({ sort: `${c.field}-${next}` });
    scrollRef.current?.scrollTo({ top: 0 });
  };

  const focused = items[focus];
  return (
    <div
      ref={gridRef}
      className="asset-list"
      role="grid"
      aria-label="Assets"
      aria-multiselectable="true"
      aria-rowcount={hasMore ? -1 : items.length + 1}
      aria-activedescendant={focused ? `asset-${focused.id}` : undefined}
      tabIndex={0}
      onKeyDown={(e) => void onKeyDown(e)}
      data-testid="asset-list"
    >
      <div className="asset-list-head" role="row" aria-rowindex={1}>
        {COLUMNS.map((c) => {
          const active = c.field === field;
          return (
            <span key={c.field} role="columnheader" aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'} className={c.numeric ? 'cell-num' : undefined}>
              <button type="button" className={`asset-list-sort${active ? ' is-active' : ''}`} onClick={() => sortBy(c)}>
                {c.label}
                {active && (
                  <span className="sort-arrow" aria-hidden="true">
                    {order === 'asc' ? '▲' : '▼'}
                  </span>
                )}
              </button>
            </span>
          );
        })}
      </div>
      <div ref={scrollRef} className="asset-list-body" role="rowgroup">
        <div className="asset-list-inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualRows.map((row) => {
            const a = items[row.index];
            if (!a)
              return (
                <div key={row.key} className="asset-list-row asset-list-loading muted" role="presentation" style={{ transform: `translateY(${row.start}px)` }}>
                  {loadingMore ? 'Loading more…' : ''}
                </div>
              );
            return <AssetListRow key={a.id} asset={a} index={row.index} start={row.start} selected={selected.has(a.id)} focused={focus === row.index} onPointerSelect={onPointerSelect} onOpen={onOpen} />;
          })}
        </div>
      </div>
    </div>
  );
}
