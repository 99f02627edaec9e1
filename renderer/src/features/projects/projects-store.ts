import { create } from 'zustand';
import type { Project } from '../../../../shared/models';
import type { ProjectPreset } from '../../../../shared/presets';
import { ipc } from '../../lib/ipc';

export interface ProjectsState {
  projects: Project[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  creating: boolean;
  load(): Promise<void>;
  create(input: { name: string; preset: ProjectPreset }): Promise<Project | null>;
  /** Reloads whenever the library says projects changed (from this window, another, or the CLI's host). */
  startSync(): () => void;
}

export const useProjectsStore = create<ProjectsState>()((set, get) => ({
  projects: [],
  status: 'idle',
  error: null,
  creating: false,

  async load() {
    if (get().status === 'idle') set({ status: 'loading' });
    try {
      const projects = await ipc.invoke('projects.list', { sort: 'updated' });
      set({ projects, status: 'ready', error: null });
    } catch (err) {
      set({ status: 'error', error: (err as Error).message });
    }
  },

  async create({ name, preset }) {
    set({ creating: true, error: null });
    try {
      const project = await ipc.invoke('projects.create', { name, preset });
      // library.changed will reload too; showing it now keeps the UI immediate.
      set((s) => ({ projects: [project, ...s.projects.filter((p) => p.id !== project.id)] }));
      return project;
    } catch (err) {
      set({ error: (err as Error).message });
      return null;
    } finally {
      set({ creating: false });
    }
  },

  startSync() {
    return ipc.on('library.changed', (e) => {
      if (e.kind === 'projects' || e.kind === 'trash') void get().load();
    });
  },
}));

// Narrow selectors, so a component re-renders only when what it shows changes.
export const selectProjects = (s: ProjectsState) => s.projects;
export const selectStatus = (s: ProjectsState) => s.status;
export const selectError = (s: ProjectsState) => s.error;
export const selectCreating = (s: ProjectsState) => s.creating;
