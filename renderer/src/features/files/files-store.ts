import { create } from 'zustand';
import type { TextContent } from '../../../../shared/contract';
import type { FileEntry } from '../../../../shared/models';
import { ipc, IpcError } from '../../lib/ipc';
import { toast } from '../toasts/toasts-store';
import { parentOf, viewKindOf, type ViewKind } from './file-kinds';

/** What the viewer shows for the selected entry. */
export type Viewed =
  | { kind: 'none' }
  | { kind: 'loading'; path: string }
  | { kind: 'dir'; path: string }
  | { kind: 'text'; path: string; content: TextContent }
  | { kind: 'media'; path: string; view: Exclude<ViewKind, 'text'>; url: string; mime: string; size: number }
  | { kind: 'error'; path: string; message: string };

interface FilesState {
  projectId: string | null;
  /** Children of each folder that has been listed ('' is the root); folders load when first opened. */
  children: Record<string, FileEntry[]>;
  expanded: Record<string, boolean>;
  loadingDirs: Record<string, boolean>;
  rootStatus: 'idle' | 'loading' | 'ready' | 'error';
  selected: string | null;
  viewed: Viewed;
  open(projectId: string): Promise<void>;
  loadDir(dir: string): Promise<void>;
  toggle(dir: string, expand?: boolean): void;
  /** Opens every folder above a path so its row is visible. */
  reveal(path: string): void;
  select(path: string | null): Promise<void>;
  createFile(path: string): Promise<boolean>;
  createFolder(path: string): Promise<boolean>;
  move(from: string, to: string): Promise<boolean>;
  remove(path: string): Promise<boolean>;
  /** Re-lists what is shown and re-reads the open file after a change from anywhere (only around `paths` when given). */
  refresh(paths?: string[]): Promise<void>;
  startSync(): () => void;
}

/** Folders first, then names as a person sorts them (file2 before file10). */
function sortEntries(entries: FileEntry[]): FileEntry[] {
  return [...entries].sort((a, b) => {
    const da = a.kind === 'dir' ? 0 : 1;
    const db = b.kind === 'dir' ? 0 : 1;
    return da - db || a.path.localeCompare(b.path, undefined, { numeric: true, sensitivity: 'base' });
  });
}

function findEntry(children: Record<string, FileEntry[]>, path: string): FileEntry | undefined {
  return children[parentOf(path)]?.find((e) => e.path === path);
}

export const useFilesStore = create<FilesState>()((set, get) => ({
  projectId: null,
  children: {},
  expanded: {},
  loadingDirs: {},
  rootStatus: 'idle',
  selected: null,
  viewed: { kind: 'none' },

  async open(projectId) {
    if (get().projectId !== projectId) {
      set({ projectId, children: {}, expanded: {}, loadingDirs: {}, rootStatus: 'loading', selected: null, viewed: { kind: 'none' } });
    }
    await get().loadDir('');
  },

  async loadDir(dir) {
    const projectId = get().projectId;
    if (!projectId) return;
    set((s) => ({ loadingDirs: { ...s.loadingDirs, [dir]: true } }));
    try {
      const entries = await ipc.invoke('files.list', { projectId, dir });
      if (get().projectId !== projectId) return;
      set((s) => ({ children: { ...s.children, [dir]: sortEntries(entries) }, ...(dir === '' ? { rootStatus: 'ready' as const } : {}) }));
    } catch (err) {
      if (get().projectId !== projectId) return;
      if (dir === '') set({ rootStatus: 'error' });
      // A folder removed elsewhere just disappears from the tree; anything else is worth saying.
      if (err instanceof IpcError && err.code === 'NOT_FOUND' && dir !== '') {
        set((s) => {
          const children = { ...s.children };
          delete children[dir];
          return { children, expanded: { ...s.expanded, [dir]: false } };
        });
      } else toast.error(err);
    } finally {
      set((s) => ({ loadingDirs: { ...s.loadingDirs, [dir]: false } }));
    }
  },

  toggle(dir, expand) {
    const next = expand ?? !get().expanded[dir];
    set((s) => ({ expanded: { ...s.expanded, [dir]: next } }));
    if (next && !get().children[dir]) void get().loadDir(dir);
  },

  reveal(path) {
    for (let dir = parentOf(path); dir !== ''; dir = parentOf(dir)) get().toggle(dir, true);
  },

  async select(path) {
    const projectId = get().projectId;
    set({ selected: path });
    if (!projectId || path === null) return set({ viewed: { kind: 'none' } });
    let entry = findEntry(get().children, path);
    if (!entry) {
      // Not listed yet (moved into a closed folder, say): show where it is and ask the host what it is.
      get().reveal(path);
      entry = await ipc.invoke('files.stat', { projectId, path }).catch(() => undefined);
    }
    if (entry?.kind === 'dir') {
      if (!get().children[path]) void get().loadDir(path);
      return set({ viewed: { kind: 'dir', path } });
    }
    set({ viewed: { kind: 'loading', path } });
    const view = viewKindOf(path);
    try {
      let viewed: Viewed;
      if (view === 'text') {
        viewed = { kind: 'text', path, content: await ipc.invoke('files.readText', { projectId, path }) };
      } else {
        const ref = await ipc.invoke('files.mediaRef', { projectId, path });
        viewed = { kind: 'media', path, view, url: ipc.mediaUrl(ref.sha256), mime: ref.mime, size: ref.size };
      }
      // Only if the user has not moved on to another file meanwhile.
      if (get().selected === path && get().projectId === projectId) set({ viewed });
    } catch (err) {
      if (get().selected === path) set({ viewed: { kind: 'error', path, message: (err as Error).message } });
      toast.error(err);
    }
  },

  async createFile(path) {
    const projectId = get().projectId;
    if (!projectId) return false;
    try {
      await ipc.invoke('files.writeText', { projectId, path, text: '' });
      await afterChange(parentOf(path));
      await get().select(path);
      toast.success(`Created ${path}`);
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async createFolder(path) {
    const projectId = get().projectId;
    if (!projectId) return false;
    try {
      await ipc.invoke('files.mkdir', { projectId, path });
      await afterChange(parentOf(path));
      get().toggle(path, true);
      await get().select(path);
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async move(from, to) {
    const projectId = get().projectId;
    if (!projectId) return false;
    try {
      await ipc.invoke('files.move', { projectId, from, to });
      await afterChange(parentOf(from), parentOf(to));
      await get().select(to);
      toast.success(`Moved to ${to}`);
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async remove(path) {
    const projectId = get().projectId;
    if (!projectId) return false;
    try {
      await ipc.invoke('files.delete', { projectId, path });
      if (get().selected === path || get().selected?.startsWith(`${path}/`)) set({ selected: null, viewed: { kind: 'none' } });
      await afterChange(parentOf(path));
      toast.success(`Deleted ${path}`);
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async refresh(paths) {
    const before = get().children;
    // Only the folders holding what changed, when the watcher named it; else every folder shown.
    const dirs = paths ? [...new Set(paths.flatMap((p) => [parentOf(p), p]))].filter((d) => before[d]) : Object.keys(before);
    await Promise.all(dirs.map((d) => get().loadDir(d)));
    const { selected, viewed, projectId } = get();
    if (!selected || !projectId || (viewed.kind !== 'text' && viewed.kind !== 'media')) return;
    if (paths && !paths.some((p) => p === selected || selected.startsWith(`${p}/`))) return;
    const now = findEntry(get().children, selected);
    if (!now) {
      if (get().children[parentOf(selected)]) {
        set({ selected: null, viewed: { kind: 'none' } });
        toast.info(`${selected} was deleted or moved on disk`);
      }
      return;
    }
    const was = findEntry(before, selected);
    if (was && was.size === now.size && was.mtime === now.mtime) return;
    // Re-read in place, without the loading state: the file follows an editor saving it, no flicker.
    if (viewed.kind === 'text') {
      try {
        const content = await ipc.invoke('files.readText', { projectId, path: selected });
        const v = get().viewed;
        if (get().selected === selected && v.kind === 'text' && v.content.text !== content.text) set({ viewed: { kind: 'text', path: selected, content } });
      } catch {
        /* gone between the listing and the read: the next change event re-lists */
      }
    } else await get().select(selected);
  },

  startSync() {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Paths the workspace watcher named since the last refresh; null: something changed unnamed.
    let pending: Set<string> | null = new Set();
    const stop = ipc.on('library.changed', (e) => {
      const id = get().projectId;
      // A checkpoint restore rewrites files too; both arrive for the open project.
      if (!id || (e.kind !== 'files' && e.kind !== 'checkpoints') || (e.id && e.id !== id)) return;
      if (e.kind === 'files' && e.paths && pending) for (const p of e.paths) pending.add(p);
      else pending = null;
      // Bursts of changes (a restore, an editor saving) become one refresh.
      clearTimeout(timer);
      timer = setTimeout(() => {
        const paths = pending ? [...pending] : undefined;
        pending = new Set();
        void get().refresh(paths);
      }, 150);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  },
}));

/** Re-lists the folders a change touched (only those already shown). */
async function afterChange(...dirs: string[]): Promise<void> {
  const s = useFilesStore.getState();
  await Promise.all([...new Set(dirs)].filter((d) => d === '' || s.children[d]).map((d) => s.loadDir(d)));
}

export const selectChildren = (s: FilesState) => s.children;
export const selectExpanded = (s: FilesState) => s.expanded;
export const selectLoadingDirs = (s: FilesState) => s.loadingDirs;
export const selectRootStatus = (s: FilesState) => s.rootStatus;
export const selectSelected = (s: FilesState) => s.selected;
export const selectViewed = (s: FilesState) => s.viewed;
