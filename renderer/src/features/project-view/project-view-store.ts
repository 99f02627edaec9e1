import { create } from 'zustand';
import type { CheckpointSummary } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { cached, fetchChannel, invalidateChannel, updateCached } from '../../lib/query';
import { skippedNote } from '../../../../shared/checkpoint-notes';
import { toast } from '../../lib/notify';

interface ProjectViewState {
  projectId: string | null;
  checkpointOpen: boolean;
  savingCheckpoint: boolean;
  /** Whether the host follows this workspace's disk edits (files.watch); null until it answered. */
  watching: boolean | null;
  /** Opens a project: its detail comes from the cache (use-project.ts); this follows its workspace. */
  open(projectId: string): Promise<void>;
  setCheckpointOpen(open: boolean): void;
  createCheckpoint(name: string, description: string): Promise<CheckpointSummary | null>;
  openFolder(): Promise<void>;
  rename(name: string): Promise<boolean>;
  startSync(): () => void;
}

/** The open project's UI state: which one, and the checkpoint dialog that Ctrl/Cmd+S opens from any tab. */
export const useProjectViewStore = create<ProjectViewState>()((set, get) => ({
  projectId: null,
  checkpointOpen: false,
  savingCheckpoint: false,
  watching: null,

  async open(projectId) {
    if (get().projectId !== projectId) set({ projectId, checkpointOpen: false, watching: null });
    try {
      // The same cached read the header shows: one call between them.
      await fetchChannel('projects.get', { id: projectId });
    } catch {
      return; // The screen shows a missing project, or the error.
    }
    if (get().projectId !== projectId) return;
    void watchWorkspace(projectId);
    // The desktop app lists it in the OS's recent projects (File › Open Recent, jump list, dock).
    if (ipc.host === 'desktop') ipc.invoke('desktop.noteRecent', { projectId }).catch(() => undefined);
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
      void invalidateChannel('projects.get', { id });
      void invalidateChannel('checkpoints.list', { projectId: id });
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
      updateCached('projects.get', { id }, () => project);
      void invalidateChannel('projects.list');
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
    // Changes to the project arrive through the cache (lib/query.ts). The host follows the few
    // workspaces opened last (another tab may have pushed this one out, or the host restarted):
    // coming back to the page asks again.
    const onVisible = () => {
      const id = get().projectId;
      if (document.visibilityState === 'visible' && id && cached('projects.get', { id })) void watchWorkspace(id);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
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

export const selectOpenProjectId = (s: ProjectViewState) => s.projectId;
export const selectCheckpointOpen = (s: ProjectViewState) => s.checkpointOpen;
export const selectSavingCheckpoint = (s: ProjectViewState) => s.savingCheckpoint;
export const selectWatching = (s: ProjectViewState) => s.watching;
