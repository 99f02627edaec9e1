import { create } from 'zustand';
import type { LibraryInfo } from '../../../shared/contract';
import { ipc } from '../lib/ipc';
import { toast } from '../lib/notify';

interface ShellState {
  info: LibraryInfo | null;
  searchOpen: boolean;
  /** The keyboard shortcuts help sheet (`?`). */
  shortcutsOpen: boolean;
  loadInfo(): Promise<void>;
  setSearchOpen(open: boolean): void;
  setShortcutsOpen(open: boolean): void;
}

/** The app frame's own state: where the library is, and whether quick search or the shortcuts sheet is open. */
export const useShellStore = create<ShellState>()((set) => ({
  info: null,
  searchOpen: false,
  shortcutsOpen: false,
  async loadInfo() {
    try {
      set({ info: await ipc.invoke('library.info', {}) });
    } catch (err) {
      toast.error(err);
    }
  },
  setSearchOpen(open) {
    set({ searchOpen: open });
  },
  setShortcutsOpen(open) {
    set({ shortcutsOpen: open });
  },
}));

export const selectInfo = (s: ShellState) => s.info;
export const selectSearchOpen = (s: ShellState) => s.searchOpen;
export const selectShortcutsOpen = (s: ShellState) => s.shortcutsOpen;
