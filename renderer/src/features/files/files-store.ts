import { create } from 'zustand';
import type { TextContent } from '../../../../shared/contract';
import type { FileEntry } from '../../../../shared/models';
import { ipc, IpcError } from '../../lib/ipc';
import { toast } from '../../lib/notify';
import { parentOf, viewKindOf, type ViewKind } from './file-kinds';

/** What the viewer shows for the selected entry. */
export type Viewed =
  | { kind: 'none' }
  | { kind: 'loading'; path: string }
  | { kind: 'dir'; path: string }
  | { kind: 'text'; path: string; content: TextContent }
  | { kind: 'media'; path: string; view: Exclude<ViewKind, 'text'>; url: string; mime: string; size: number }
  | { kind: 'error'; path: string; message: string };

/** An open edit of a text file: what was read (its hash is checked at save) and what the user typed. */
export interface Draft {
  base: TextContent & { sha256: string };
  text: string;
  saving: boolean;
  /** The disk moved on under the draft: changed by something else, or deleted. */
  conflict: null | 'changed' | 'deleted';
}

export const isDirty = (d: Draft | undefined): boolean => !!d && d.text !== d.base.text;

interface FilesState {
  projectId: string | null;
  /** Children of each folder that has been listed ('' is the root); folders load when first opened. */
  children: Record<string, FileEntry[]>;
  expanded: Record<string, boolean>;
  loadingDirs: Record<string, boolean>;
  rootStatus: 'idle' | 'loading' | 'ready' | 'error';
  selected: string | null;
  viewed: Viewed;
  /** Edits by path; kept when another file is opened, so switching files loses nothing. */
  drafts: Record<string, Draft>;
  /** Starts editing the open text file (a whole read: one with a hash). */
  edit(): void;
  setDraft(path: string, text: string): void;
  /** Saves a draft if the disk still holds what was read; force saves over whatever is there. */
  save(path: string, opts?: { force?: boolean }): Promise<boolean>;
  /** Stops editing, dropping unsaved changes. */
  discard(path: string): void;
  /** Drops the edits and takes the file as it is on disk now. */
  reloadDraft(path: string): Promise<void>;
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
  drafts: {},

  edit() {
    const v = get().viewed;
    if (v.kind !== 'text' || v.content.binary || v.content.truncated || !v.content.sha256) return;
    if (get().drafts[v.path]) return;
    const base = v.content as Draft['base'];
    set((s) => ({ drafts: { ...s.drafts, [v.path]: { base, text: base.text, saving: false, conflict: null } } }));
  },

  setDraft(path, text) {
    set((s) => {
      const d = s.drafts[path];
      return d ? { drafts: { ...s.drafts, [path]: { ...d, text } } } : {};
    });
  },

  async save(path, opts = {}) {
    const projectId = get().projectId;
    const d = get().drafts[path];
    if (!projectId || !d || d.saving) return false;
    const patch = (p: Partial<Draft>) => set((s) => (s.drafts[path] ? { drafts: { ...s.drafts, [path]: { ...(s.drafts[path] as Draft), ...p } } } : {}));
    patch({ saving: true });
    const text = d.text;
    try {
      await ipc.invoke('files.writeText', { projectId, path, text, ...(opts.force ? {} : { expectSha256: d.base.sha256 }) });
      // The new base is what is on disk now (its hash for the next save).
      const content = await ipc.invoke('files.readText', { projectId, path });
      const cur = get().drafts[path];
      if (cur && content.sha256) patch({ base: content as Draft['base'], saving: false, conflict: null, text: cur.text === text ? content.text : cur.text });
      if (get().selected === path) set({ viewed: { kind: 'text', path, content } });
      toast.success(`Saved ${path}`);
      return true;
    } catch (err) {
      if (err instanceof IpcError && err.code === 'CONFLICT') patch({ saving: false, conflict: /deleted|no longer a file/.test(err.message) ? 'deleted' : 'changed' });
      else {
        patch({ saving: false });
        toast.error(err);
      }
      return false;
    }
  },

  discard(path) {
    set((s) => {
      const drafts = { ...s.drafts };
      delete drafts[path];
      return { drafts };
    });
  },

  async reloadDraft(path) {
    const projectId = get().projectId;
    if (!projectId) return;
    try {
      const content = await ipc.invoke('files.readText', { projectId, path });
      set((s) => {
        const drafts = { ...s.drafts };
        if (content.sha256 && !content.truncated && !content.binary) drafts[path] = { base: content as Draft['base'], text: content.text, saving: false, conflict: null };
        else delete drafts[path];
        return { drafts, ...(s.selected === path ? { viewed: { kind: 'text' as const, path, content } } : {}) };
      });
    } catch (err) {
      toast.error(err);
    }
  },

  async open(projectId) {
    if (get().projectId !== projectId) {
      set({ projectId, children: {}, expanded: {}, loadingDirs: {}, rootStatus: 'loading', selected: null, viewed: { kind: 'none' }, drafts: {} });
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
    const draft = get().drafts[selected];
    if (draft && isDirty(draft)) {
      // Unsaved edits are never replaced: say the disk moved on, and let the user choose at save.
      if (!now && get().children[parentOf(selected)]) set((s) => ({ drafts: { ...s.drafts, [selected]: { ...draft, conflict: 'deleted' } } }));
      else if (now) {
        const disk = await ipc.invoke('files.readText', { projectId, path: selected }).catch(() => null);
        const d = get().drafts[selected];
        if (disk && d && disk.sha256 !== d.base.sha256) set((s) => ({ drafts: { ...s.drafts, [selected]: { ...d, conflict: 'changed' } } }));
      }
      return;
    }
    if (!now) {
      if (get().children[parentOf(selected)]) {
        if (draft) get().discard(selected);
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
        // An editor with no unsaved edits follows the disk too.
        const d = get().drafts[selected];
        if (d && !isDirty(d) && content.sha256 && d.base.sha256 !== content.sha256) set((s) => ({ drafts: { ...s.drafts, [selected]: { base: content as Draft['base'], text: content.text, saving: false, conflict: null } } }));
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
export const selectDrafts = (s: FilesState) => s.drafts;
export const selectDraft = (path: string | null) => (s: FilesState) => (path ? s.drafts[path] : undefined);
