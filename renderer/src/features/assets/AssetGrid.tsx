import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Asset } from '../../../../shared/models';
import { AssetTile } from './AssetTile';
import { isMod, onAssetKeys } from './asset-keys';
import { selectFocus, selectHasMore, selectItems, selectLoadingMore, selectSelected, selectTileSize, useAssetsStore } from './assets-store';
import type { TileSize } from './view-prefs';

/** The narrowest a tile may be, per tile size: the grid fits as many columns as that allows. */
const MIN_TILE: Record<TileSize, number> = { small: 128, medium: 176, large: 280 };
const GAP = 14;
const PAD = 16;
/**
 * The caption under each picture, per tile size (assets.css sizes its text to match): small tiles show the
 * name alone on one smaller line (tags are in its tooltip), so a screenful of them is pictures, not blank
 * caption; medium and large show the name and the tags.
 */
const CAPTION: Record<TileSize, number> = { small: 24, medium: 50, large: 52 };

/** Columns and row height for a width: tiles at least MIN_TILE wide, 16:9 pictures plus a caption. */
function layoutFor(width: number, size: TileSize) {
  const inner = Math.max(0, width - PAD * 2);
  const cols = Math.max(1, Math.floor((inner + GAP) / (MIN_TILE[size] + GAP)));
  const tile = cols > 0 ? (inner - GAP * (cols - 1)) / cols : inner;
  return { cols, rowHeight: Math.round((tile * 9) / 16 + CAPTION[size] + GAP) };
}

/**
 * The library as a virtualized grid of rows: only the rows in view (plus a few) are in the DOM,
 * whatever the size of the library; pages are fetched by keyset cursor as the end comes near.
 * Keyboard as in asset-keys.ts (shared with the list). Tiles come small, medium or large.
 */
export function AssetGrid() {
  const items = useAssetsStore(selectItems);
  const selected = useAssetsStore(selectSelected);
  const focus = useAssetsStore(selectFocus);
  const hasMore = useAssetsStore(selectHasMore);
  const loadingMore = useAssetsStore(selectLoadingMore);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(1000);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const tileSize = useAssetsStore(selectTileSize);
  const { cols, rowHeight } = layoutFor(width, tileSize);
  const rowCount = Math.ceil(items.length / cols) + (hasMore ? 1 : 0);

  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 3,
    paddingStart: PAD,
    paddingEnd: PAD,
  });
  useEffect(() => {
    virtualizer.measure();
  }, [rowHeight, virtualizer]);

  const virtualRows = virtualizer.getVirtualItems();
  const lastRow = virtualRows[virtualRows.length - 1]?.index ?? 0;
  useEffect(() => {
    // Fetch the next page while a few rows are still ahead, so scrolling never hits a wall.
    if (hasMore && lastRow >= rowCount - 4) void useAssetsStore.getState().loadMore();
  }, [lastRow, rowCount, hasMore]);

  const scrollToItem = useCallback(
    (index: number) => virtualizer.scrollToIndex(Math.floor(index / cols), { align: 'auto' }),
    [virtualizer, cols],
  );

  const onPointerSelect = useCallback((index: number, e: MouseEvent) => {
    const s = useAssetsStore.getState();
    s.select(index, e.shiftKey ? 'range' : isMod(e) ? 'toggle' : 'one');
    scrollRef.current?.focus({ preventScroll: true });
  }, []);
  const onOpen = useCallback((index: number) => {
    const s = useAssetsStore.getState();
    const a = s.items[index];
    if (a) s.openDetail(a.id);
  }, []);
  const onRetry = useCallback((a: Asset) => void useAssetsStore.getState().redoMedia(a), []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / rowHeight));
    return onAssetKeys(e, { cols, pageRows, scrollToItem });
  };

  const focused = items[focus];
  return (
    <div
      ref={scrollRef}
      className={`asset-grid tiles-${tileSize}`}
      role="listbox"
      aria-label="Assets"
      aria-multiselectable="true"
      aria-activedescendant={focused ? `asset-${focused.id}` : undefined}
      tabIndex={0}
      onKeyDown={(e) => void onKeyDown(e)}
      data-testid="asset-grid"
    >
      <div className="asset-grid-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualRows.map((row) => {
          const start = row.index * cols;
          const rowItems = items.slice(start, start + cols);
          return (
            <div
              key={row.key}
              className="asset-row"
              role="presentation"
              style={{ transform: `translateY(${row.start}px)`, height: rowHeight - GAP, gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}
            >
              {rowItems.length === 0 ? (
                <div className="asset-row-loading muted">{loadingMore ? 'Loading more…' : ''}</div>
              ) : (
                rowItems.map((a, i) => (
                  <AssetTile
                    key={a.id}
                    asset={a}
                    index={start + i}
                    selected={selected.has(a.id)}
                    focused={focus === start + i}
                    onPointerSelect={onPointerSelect}
                    onOpen={onOpen}
                    onRetry={onRetry}
                  />
                ))
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
