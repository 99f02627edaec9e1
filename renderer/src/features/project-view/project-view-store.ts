import { create } from 'zustand';
import type { CheckpointSummary, ProjectDetail } from '../../../../shared/models';
import { ipc, IpcError } from '../../lib/ipc';
import { skippedNote } from '../../../../shared/checkpoint-notes';
import { toast } from '../../lib/notify';

interface ProjectViewState {
  projectId: string | null;
  project: ProjectDetail | null;
  status: 'idle' | 'loading' | 'ready' | 'missing' | 'error';
  checkpointOpen: boolean;
  savingCheckpoint: boolean;
  /** Whether the host follows this workspace's disk edits (files.watch); null until it answered. */
  watching: boolean | null;
  open(projectId: string): Promise<void>;
  reload(): Promise<void>;
  setCheckpointOpen(open: boolean): void;
  createCheckpoint(name: string, description: string): Promise<CheckpointSummary | null>;
  openFolder(): Promise<void>;
  rename(name: string): Promise<boolean>;
  startSync(): () => void;
}

/** The open project: its header, and the checkpoint dialog that Ctrl/Cmd+S opens from any tab. */
export const useProjectViewStore = create<ProjectViewState>()((set, get) => ({
  projectId: null,
  project: null,
  status: 'idle',
  checkpointOpen: false,
  savingCheckpoint: false,
  watching: null,

  async open(projectId) {
    if (get().projectId !== projectId) set({ projectId, project: null, status: 'loading', checkpointOpen: false, watching: null });
    await get().reload();
    if (get().status === 'ready') void watchWorkspace(projectId);
    // The desktop app lists it in the OS's recent projects (File › Open Recent, jump list, dock).
    if (ipc.host === 'desktop' && get().status === 'ready' && get().projectId === projectId) {
      ipc.invoke('desktop.noteRecent', { projectId }).catch(() => undefined);
    }
  },

  async reload() {
    const id = get().projectId;
    if (!id) return;
    try {
      const project = await ipc.invoke('projects.get', { id });
      if (get().projectId === id) set({ project, status: 'ready' });
    } catch (err) {
      if (get().projectId !== id) return;
      // A project that went away (deleted elsewhere, expired) is a screen state, not only a toast.
      if (err instanceof IpcError && (err.code === 'NOT_FOUND' || err.code === 'INVALID_INPUT')) set({ project: null, status: 'missing' });
      else {
        set({ status: 'error' });
        toast.error(err);
      }
    }
  },

  setCheckpointOpen(open) {
    set({ checkpointOpen: open });
  },

  async createCheckpoint(name, description) {
    const id = get().projectId;
    if (!id) return null;
    set({ savingCheckpoint: true });
    try {
      const cp = await ipc.invoke('checkpoints.create', { projectId: id, name, ...(description.trim() ? { description: description.trim() } : {}) });
      toast.success(`Checkpoint “${cp.name}” saved · ${cp.fileCount} file${cp.fileCount === 1 ? '' : 's'}`);
      if (cp.skipped?.length) toast.info(skippedNote(cp.skipped));
      set({ checkpointOpen: false });
      void get().reload();
      return cp;
    } catch (err) {
      toast.error(err);
      return null;
    } finally {
      set({ savingCheckpoint: false });
    }
  },

  async rename(name) {
    const id = get().projectId;
    if (!id) return false;
    try {
      const project = await ipc.invoke('projects.update', { id, patch: { name } });
      if (get().projectId === id) set({ project });
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async openFolder() {
    const id = get().projectId;
    if (!id) return;
    try {
      await ipc.invoke('desktop.openWorkspace', { projectId: id });
    } catch (err) {
      toast.error(err);
    }
  },

  startSync() {
    const off = ipc.on('library.changed', (e) => {
      const id = get().projectId;
      if (!id) return;
      if (e.kind === 'trash' || ((e.kind === 'projects' || e.kind === 'checkpoints' || e.kind === 'renders') && (!e.id || e.id === id))) void get().reload();
    });
    // The host follows the few workspaces opened last (another tab may have pushed this one out,
    // or the host restarted): coming back to the page asks again.
    const onVisible = () => {
      const id = get().projectId;
      if (document.visibilityState === 'visible' && id && get().status === 'ready') void watchWorkspace(id);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      off();
      document.removeEventListener('visibilitychange', onVisible);
    };
  },
}));

/** Asks the host to follow the workspace on disk, so the Files tab and the timeline update on their own. */
async function watchWorkspace(projectId: string): Promise<void> {
  try {
    const w = await ipc.invoke('files.watch', { projectId });
    if (useProjectViewStore.getState().projectId === projectId) useProjectViewStore.setState({ watching: w.watching });
  } catch {
    // Not followed: the tabs still update on the app's own changes and on reload.
    if (useProjectViewStore.getState().projectId === projectId) useProjectViewStore.setState({ watching: false });
  }
}

export const selectProject = (s: ProjectViewState) => s.project;
export const selectViewStatus = (s: ProjectViewState) => s.status;
export const selectCheckpointOpen = (s: ProjectViewState) => s.checkpointOpen;
export const selectSavingCheckpoint = (s: ProjectViewState) => s.savingCheckpoint;
export const selectWatching = (s: ProjectViewState) => s.watching;
