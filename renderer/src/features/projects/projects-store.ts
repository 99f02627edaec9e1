import { create } from 'zustand';
import type { Project, Scope, Template } from '../../../../shared/models';
import type { ProjectPreset } from '../../../../shared/presets';
import { ipc } from '../../lib/ipc';
import { toast } from '../../lib/notify';

export type ProjectSort = 'updated' | 'name' | 'created';

export interface CreateProjectInput {
  name: string;
  preset: ProjectPreset;
  template: Template;
  scope: Scope;
  ttlHours?: number;
}

export interface ProjectsState {
  projects: Project[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  creating: boolean;
  query: string;
  sort: ProjectSort;
  /** sha256 of the poster of each project's latest render: null when it has none, absent until asked. */
  posters: Record<string, string | null>;
  load(): Promise<void>;
  create(input: CreateProjectInput): Promise<Project | null>;
  adopt(path: string): Promise<Project | null>;
  rename(id: string, name: string): Promise<boolean>;
  /** Moves to the trash and offers Undo in a toast. */
  remove(id: string): Promise<boolean>;
  loadPoster(id: string, force?: boolean): Promise<void>;
  setQuery(query: string): void;
  setSort(sort: ProjectSort): void;
  /** Reloads whenever the library says projects changed (from this window, another, or the CLI's host). */
  startSync(): () => void;
}

export const useProjectsStore = create<ProjectsState>()((set, get) => ({
  projects: [],
  status: 'idle',
  error: null,
  creating: false,
  query: '',
  sort: 'updated',
  posters: {},

  async load() {
    if (get().status === 'idle') set({ status: 'loading' });
    try {
      const projects = await ipc.invoke('projects.list', { sort: 'updated' });
      set({ projects, status: 'ready', error: null });
    } catch (err) {
      set({ status: 'error', error: (err as Error).message });
      toast.error(err);
    }
  },

  async create(input) {
    set({ creating: true });
    try {
      const project = await ipc.invoke('projects.create', input);
      // library.changed will reload too; showing it now keeps the UI immediate.
      set((s) => ({ projects: [project, ...s.projects.filter((p) => p.id !== project.id)], posters: { ...s.posters, [project.id]: null } }));
      toast.success(`Created “${project.name}”`);
      return project;
    } catch (err) {
      toast.error(err);
      return null;
    } finally {
      set({ creating: false });
    }
  },

  async adopt(path) {
    try {
      const project = await ipc.invoke('projects.adopt', { path });
      set((s) => ({ projects: [project, ...s.projects.filter((p) => p.id !== project.id)] }));
      toast.success(`Added “${project.name}” from its folder`);
      return project;
    } catch (err) {
      toast.error(err);
      return null;
    }
  },

  async rename(id, name) {
    try {
      const updated = await ipc.invoke('projects.update', { id, patch: { name } });
      set((s) => ({ projects: s.projects.map((p) => (p.id === id ? { ...p, name: updated.name, updatedAt: updated.updatedAt } : p)) }));
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async remove(id) {
    const project = get().projects.find((p) => p.id === id);
    try {
      await ipc.invoke('projects.delete', { id });
      set((s) => ({ projects: s.projects.filter((p) => p.id !== id) }));
      toast.info(`Moved “${project?.name ?? 'project'}” to the trash`, {
        label: 'Undo',
        run: () => {
          ipc.invoke('trash.restore', { ids: [id] }).then(
            () => {
              toast.success(`Restored “${project?.name ?? 'project'}”`);
              void get().load();
            },
            (err: unknown) => toast.error(err),
          );
        },
      });
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async loadPoster(id, force = false) {
    if (!force && id in get().posters) return;
    // Mark as asked first so a grid of cards does not ask twice.
    set((s) => ({ posters: { ...s.posters, [id]: s.posters[id] ?? null } }));
    try {
      const renders = await ipc.invoke('renders.list', { projectId: id });
      const poster = renders.find((r) => r.media?.posterGrid)?.media?.posterGrid ?? null;
      set((s) => ({ posters: { ...s.posters, [id]: poster } }));
    } catch {
      // A card without a poster still works; the placeholder stays. Not worth a toast per card.
    }
  },

  setQuery(query) {
    set({ query });
  },
  setSort(sort) {
    set({ sort });
  },

  startSync() {
    let posterTimer: ReturnType<typeof setTimeout> | undefined;
    const stop = ipc.on('library.changed', (e) => {
      if (e.kind === 'projects' || e.kind === 'trash') void get().load();
      if (e.kind !== 'renders') return;
      if (e.id) {
        if (e.id in get().posters) void get().loadPoster(e.id, true);
        return;
      }
      // Media work finishing (a poster made) names no project: look again at the cards still without one.
      clearTimeout(posterTimer);
      posterTimer = setTimeout(() => {
        for (const [id, sha] of Object.entries(get().posters)) if (sha === null) void get().loadPoster(id, true);
      }, 300);
    });
    return () => {
      clearTimeout(posterTimer);
      stop();
    };
  },
}));

// Narrow selectors, so a component re-renders only when what it shows changes.
export const selectProjects = (s: ProjectsState) => s.projects;
export const selectStatus = (s: ProjectsState) => s.status;
export const selectError = (s: ProjectsState) => s.error;
export const selectCreating = (s: ProjectsState) => s.creating;
export const selectQuery = (s: ProjectsState) => s.query;
export const selectSort = (s: ProjectsState) => s.sort;
export const selectPoster = (id: string) => (s: ProjectsState) => s.posters[id];

/** Filters and orders a list for display; pure, so callers memoize it. */
export function visibleProjects(projects: Project[], query: string, sort: ProjectSort): Project[] {
  const q = query.trim().toLowerCase();
  const list = q ? projects.filter((p) => p.name.toLowerCase().includes(q)) : [...projects];
  if (sort === 'name') list.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }));
  else if (sort === 'created') list.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  else list.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return list;
}
