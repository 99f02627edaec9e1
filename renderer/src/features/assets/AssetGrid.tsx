import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Asset } from '../../../../shared/models';
import { AssetTile } from './AssetTile';
import { selectFocus, selectHasMore, selectItems, selectLoadingMore, selectSelected, useAssetsStore } from './assets-store';

const MIN_TILE = 176;
const GAP = 14;
const PAD = 16;
const CAPTION = 50;

const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform);
const isMod = (e: { ctrlKey: boolean; metaKey: boolean }) => (IS_MAC ? e.metaKey : e.ctrlKey);

/** Columns and row height for a width: tiles at least MIN_TILE wide, 16:9 pictures plus a caption. */
function layoutFor(width: number) {
  const inner = Math.max(0, width - PAD * 2);
  const cols = Math.max(1, Math.floor((inner + GAP) / (MIN_TILE + GAP)));
  const tile = cols > 0 ? (inner - GAP * (cols - 1)) / cols : inner;
  return { cols, rowHeight: Math.round((tile * 9) / 16 + CAPTION + GAP) };
}

/**
 * The library as a virtualized grid of rows: only the rows in view (plus a few) are in the DOM,
 * whatever the size of the library; pages are fetched by keyset cursor as the end comes near.
 * Keyboard: arrows move (shift extends), Home/End, Page Up/Down, Ctrl/Cmd+A, Space previews,
 * Enter opens the detail panel, Delete trashes, Escape clears.
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

  const { cols, rowHeight } = layoutFor(width);
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

  const onKeyDown = async (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const s = useAssetsStore.getState();
    const n = s.items.length;
    if (n === 0) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / rowHeight));
    const move = (to: number) => {
      e.preventDefault();
      const i = Math.max(0, Math.min(n - 1, to));
      s.setFocus(i, e.shiftKey);
      scrollToItem(i);
    };
    switch (e.key) {
      case 'ArrowRight':
        return move(s.focus + 1);
      case 'ArrowLeft':
        return move(s.focus - 1);
      case 'ArrowDown':
        return move(s.focus + cols);
      case 'ArrowUp':
        return move(s.focus - cols);
      case 'PageDown':
        return move(s.focus + cols * pageRows);
      case 'PageUp':
        return move(s.focus - cols * pageRows);
      case 'Home':
        return move(0);
      case 'End': {
        e.preventDefault();
        const shift = e.shiftKey;
        if (s.nextCursor) await s.loadAll();
        const last = useAssetsStore.getState().items.length - 1;
        useAssetsStore.getState().setFocus(last, shift);
        // The rows just grew: let the virtualizer see the new count before scrolling.
        requestAnimationFrame(() => scrollToItem(last));
        return;
      }
      case ' ': {
        e.preventDefault();
        const a = s.items[s.focus];
        s.setPreview(s.previewId ? null : a?.id ?? null);
        return;
      }
      case 'Enter': {
        e.preventDefault();
        const a = s.items[s.focus];
        if (a) s.openDetail(a.id);
        return;
      }
      case 'Delete':
      case 'Backspace': {
        e.preventDefault();
        if (s.allMatching) {
          void s.bulk({ op: 'delete' });
          return;
        }
        const ids = s.selected.size ? [...s.selected] : s.items[s.focus] ? [(s.items[s.focus] as Asset).id] : [];
        void s.trash(ids);
        return;
      }
      case 'Escape':
        if (s.previewId) s.setPreview(null);
        else s.clearSelection();
        return;
      default:
        if (isMod(e) && e.key.toLowerCase() === 'a') {
          e.preventDefault();
          s.selectAll();
        }
    }
  };

  const focused = items[focus];
  return (
    <div
      ref={scrollRef}
      className="asset-grid"
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
