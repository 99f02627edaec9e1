import { create } from 'zustand';
import type { Render } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { toast } from '../../lib/notify';

export interface RendersState {
  projectId: string | null;
  renders: Render[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  selectedId: string | null;
  /** Names of the project's checkpoints, for "rendered from …". */
  checkpointNames: Record<string, string>;
  load(projectId: string): Promise<void>;
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
  /** Reloads when the library says this project's renders (or the trash) changed. */
  startSync(): () => void;
  /** Two renders in the A/B view (any two, of one checkpoint or two); null when it is closed. */
  comparing: { a: string; b: string } | null;
  compare(a: string, b: string): void;
  closeCompare(): void;
}

/** The upload in flight, if any: not state anyone renders, so kept outside the store. */
let adding: AbortController | null = null;

export const useRendersStore = create<RendersState>()((set, get) => ({
  projectId: null,
  renders: [],
  status: 'idle',
  error: null,
  selectedId: null,
  checkpointNames: {},
  adding: null,
  comparing: null,

  compare(a, b) {
    set({ comparing: { a, b } });
  },

  closeCompare() {
    set({ comparing: null });
  },

  async load(projectId) {
    if (get().projectId !== projectId) set({ projectId, renders: [], status: 'loading', selectedId: null, checkpointNames: {}, comparing: null });
    try {
      const [renders, checkpoints] = await Promise.all([ipc.invoke('renders.list', { projectId }), ipc.invoke('checkpoints.list', { projectId })]);
      if (get().projectId !== projectId) return;
      const selected = get().selectedId;
      set({
        renders,
        checkpointNames: Object.fromEntries(checkpoints.map((c) => [c.id, c.name])),
        status: 'ready',
        error: null,
        selectedId: selected && renders.some((r) => r.id === selected) ? selected : (renders[0]?.id ?? null),
      });
    } catch (err) {
      set({ status: 'error', error: (err as Error).message });
    }
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
      await get().load(projectId);
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
      set((s) => ({ renders: s.renders.map((x) => (x.id === id ? r : x)) }));
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async remove(id) {
    const r = get().renders.find((x) => x.id === id);
    try {
      await ipc.invoke('renders.delete', { id });
      set((s) => ({ renders: s.renders.filter((x) => x.id !== id), selectedId: s.selectedId === id ? (s.renders.find((x) => x.id !== id)?.id ?? null) : s.selectedId }));
      toast.info(`Moved “${r?.name ?? id}” to the trash`, {
        label: 'Undo',
        run: () => {
          ipc
            .invoke('trash.restore', { ids: [id] })
            .then(() => {
              const pid = get().projectId;
              if (pid) void get().load(pid);
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
      // A browser saves through a download; the host names the file.
      const a = document.createElement('a');
      a.href = ipc.mediaUrl(r.sha256, { download: fileName });
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

  startSync() {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reload = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const pid = get().projectId;
        if (pid) void get().load(pid);
      }, 150);
    };
    const offChanged = ipc.on('library.changed', (e) => {
      const pid = get().projectId;
      if (!pid) return;
      if ((e.kind === 'renders' && (!e.id || e.id === pid)) || e.kind === 'trash') reload();
    });
    // Posters and probes arrive from the media queue after a render is stored.
    const offJobs = ipc.on('jobs.progress', (e) => {
      if (e.state === 'done' && get().renders.some((r) => !r.media || r.media.state === 'pending')) reload();
    });
    return () => {
      clearTimeout(timer);
      offChanged();
      offJobs();
    };
  },
}));

export const selectRenders = (s: RendersState) => s.renders;
export const selectRendersStatus = (s: RendersState) => s.status;
export const selectRendersError = (s: RendersState) => s.error;
export const selectCheckpointName = (id: string) => (s: RendersState) => s.checkpointNames[id] ?? null;
export const selectSelectedRender = (s: RendersState) => s.renders.find((r) => r.id === s.selectedId) ?? null;
export const selectAdding = (s: RendersState) => s.adding;
export const selectComparing = (s: RendersState) => s.comparing;
