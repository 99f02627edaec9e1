import type { KeyboardEvent } from 'react';
import type { Asset } from '../../../../shared/models';
import { actionFor } from '../../lib/actions';
import { useAssetsStore } from './assets-store';

export { isMod } from '../../lib/hotkeys';

/** The grid's and the list's actions, from the action table (the list is a grid of one column, so ←/→ do nothing there). */
const ASSET_KEYS = ['assets.move', 'assets.extend', 'assets.page', 'assets.ends', 'assets.select-all', 'assets.preview', 'assets.details', 'assets.trash', 'assets.clear'] as const;

/**
 * The keyboard of the grid and the list, one handler for both: arrows move (shift extends; the list
 * is a grid of one column), Home/End, Page Up/Down, Ctrl/Cmd+A, Space previews, Enter opens the
 * detail panel, Delete trashes, Escape clears.
 */
export async function onAssetKeys(e: KeyboardEvent<HTMLElement>, layout: { cols: number; pageRows: number; scrollToItem(index: number): void }): Promise<void> {
  if (e.target !== e.currentTarget) return;
  const act = actionFor(e, ASSET_KEYS);
  if (!act) return;
  const { cols, pageRows, scrollToItem } = layout;
  const s = useAssetsStore.getState();
  const n = s.items.length;
  if (n === 0) return;
  const move = (to: number) => {
    e.preventDefault();
    const i = Math.max(0, Math.min(n - 1, to));
    s.setFocus(i, e.shiftKey);
    scrollToItem(i);
  };
  switch (act) {
    case 'assets.select-all':
      e.preventDefault();
      s.selectAll();
      return;
    case 'assets.preview': {
      e.preventDefault();
      const a = s.items[s.focus];
      s.setPreview(s.previewId ? null : a?.id ?? null);
      return;
    }
    case 'assets.details': {
      e.preventDefault();
      const a = s.items[s.focus];
      if (a) s.openDetail(a.id);
      return;
    }
    case 'assets.trash': {
      e.preventDefault();
      if (s.allMatching) {
        void s.bulk({ op: 'delete' });
        return;
      }
      const ids = s.selected.size ? [...s.selected] : s.items[s.focus] ? [(s.items[s.focus] as Asset).id] : [];
      void s.trash(ids);
      return;
    }
    case 'assets.clear':
      if (s.previewId) s.setPreview(null);
      else s.clearSelection();
      return;
  }
  // Moves: assets.move, assets.extend (the same with Shift), assets.page, assets.ends.
  switch (e.key) {
    case 'ArrowRight':
      if (cols > 1) move(s.focus + 1);
      return;
    case 'ArrowLeft':
      if (cols > 1) move(s.focus - 1);
      return;
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
  }
}
