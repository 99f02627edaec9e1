import { create } from 'zustand';
import type { CheckpointSummary, Render } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { cached, invalidateChannel, updateCached, useChannel } from '../../lib/query';
import { toast } from '../../lib/notify';

/** The Renders tab's UI state; the renders and checkpoint names come from the cache (hooks below). */
export interface RendersState {
  projectId: string | null;
  /** The picked render; the first one shows while none is (or the picked one went away). */
  selectedId: string | null;
  /** Starts over for another project. */
  open(projectId: string): void;
  select(id: string | null): void;
  rename(id: string, name: string): Promise<boolean>;
  remove(id: string): Promise<void>;
  exportRender(r: Render): Promise<void>;
  /** A render being added from a file: its name and bytes sent (null when none is). */
  adding: { name: string; sent: number; total: number } | null;
  /** Stores a video file as one of the project's renders (by path on the desktop, uploaded in a browser). */
  addRender(file: File): Promise<void>;
  /** Stops an upload in progress. */
  cancelAdd(): void;
  /** Two renders in the A/B view (any two, of one checkpoint or two); null when it is closed. */
  comparing: { a: string; b: string } | null;
  compare(a: string, b: string): void;
  closeCompare(): void;
}

/** The upload in flight, if any: not state anyone renders, so kept outside the store. */
let adding: AbortController | null = null;

export const useRendersStore = create<RendersState>()((set, get) => ({
  projectId: null,
  selectedId: null,
  adding: null,
  comparing: null,

  compare(a, b) {
    set({ comparing: { a, b } });
  },

  closeCompare() {
    set({ comparing: null });
  },

  open(projectId) {
    if (get().projectId !== projectId) set({ projectId, selectedId: null, comparing: null });
  },

  select(id) {
    set({ selectedId: id });
  },

  async addRender(file) {
    const projectId = get().projectId;
    if (!projectId || get().adding) return;
    set({ adding: { name: file.name, sent: 0, total: file.size } });
    adding = new AbortController();
    try {
      const path = ipc.pathForFile(file);
      const r = path
        ? await ipc.invoke('renders.add', { projectId, path })
        : await ipc.uploadRender(file, { projectId }, { signal: adding.signal, onProgress: (sent, total) => set({ adding: { name: file.name, sent, total } }) });
      updateCached('renders.list', { projectId }, (list) => [r, ...list.filter((x) => x.id !== r.id)]);
      void invalidateChannel('renders.list', { projectId });
      set({ selectedId: r.id });
      toast.success(`Added the render “${r.name}”`);
    } catch (err) {
      if (!adding?.signal.aborted) toast.error(err);
    } finally {
      adding = null;
      set({ adding: null });
    }
  },

  cancelAdd() {
    adding?.abort();
  },

  async rename(id, name) {
    try {
      const r = await ipc.invoke('renders.update', { id, meta: { name } });
      updateCached('renders.list', { projectId: r.projectId }, (list) => list.map((x) => (x.id === id ? r : x)));
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async remove(id) {
    const pid = get().projectId;
    const r = pid ? cached('renders.list', { projectId: pid })?.find((x) => x.id === id) : undefined;
    try {
      await ipc.invoke('renders.delete', { id });
      if (pid) updateCached('renders.list', { projectId: pid }, (list) => list.filter((x) => x.id !== id));
      set((s) => ({ selectedId: s.selectedId === id ? null : s.selectedId }));
      toast.info(`Moved “${r?.name ?? id}” to the trash`, {
        label: 'Undo',
        run: () => {
          ipc
            .invoke('trash.restore', { ids: [id] })
            .then(() => {
              if (pid) void invalidateChannel('renders.list', { projectId: pid });
            })
            .catch((e: unknown) => toast.error(e));
        },
      });
    } catch (err) {
      toast.error(err);
    }
  },

  async exportRender(r) {
    const fileName = `${r.name.replace(/\.[a-z0-9]{1,10}$/i, '')}.${r.format || 'mp4'}`;
    if (ipc.host === 'web') {
      // A browser saves through a download; the host names the file. A render only in an unreachable
      // bucket would end as a failed download in the browser's list: said here instead.
      const url = ipc.mediaUrl(r.sha256, { download: fileName });
      if ((await ipc.mediaProblem(url)) === 'offline') {
        toast.error('Not available offline: this render is only in the library’s bucket, which cannot be reached now.');
        return;
      }
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      return;
    }
    try {
      const dest = await ipc.invoke('desktop.chooseSavePath', { title: 'Export render', defaultName: fileName });
      if (!dest) return;
      const out = await ipc.invoke('renders.export', { id: r.id, dest, overwrite: true });
      toast.success(`Saved ${out.path}`);
    } catch (err) {
      toast.error(err);
    }
  },

}));

export const selectSelectedId = (s: RendersState) => s.selectedId;
export const selectAdding = (s: RendersState) => s.adding;
export const selectComparing = (s: RendersState) => s.comparing;

const NO_RENDERS: Render[] = [];
const namesOf = (list: CheckpointSummary[]): Record<string, string> => Object.fromEntries(list.map((c) => [c.id, c.name]));
const NO_NAMES: Record<string, string> = {};

/** A project's renders from the cache; posters and probes arriving from the media queue refetch it (lib/query.ts). */
export function useProjectRenders(projectId: string): { renders: Render[]; status: 'loading' | 'ready' | 'error'; error: string | null } {
  const q = useChannel('renders.list', { projectId });
  return { renders: q.data ?? NO_RENDERS, status: q.data ? 'ready' : q.isError ? 'error' : 'loading', error: q.error?.message ?? null };
}

/** Names of the project's checkpoints, for "rendered from …": the same cached list the timeline reads. */
export function useCheckpointNames(projectId: string): Record<string, string> {
  return useChannel('checkpoints.list', { projectId }, { select: namesOf }).data ?? NO_NAMES;
}

/** The picked render, else the first (as the list was before anything was picked). */
export function useSelectedRender(projectId: string): Render | null {
  const { renders } = useProjectRenders(projectId);
  const id = useRendersStore(selectSelectedId);
  return renders.find((r) => r.id === id) ?? renders[0] ?? null;
}
