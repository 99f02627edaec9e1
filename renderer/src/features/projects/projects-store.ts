import { create } from 'zustand';
import type { Project, Scope, Template } from '../../../../shared/models';
import type { ProjectPreset } from '../../../../shared/presets';
import { ipc } from '../../lib/ipc';
import { toast } from '../../lib/notify';
import { cachedProjects, dropProject, patchProject, putProject, reloadProjects } from './use-projects';

export type ProjectSort = 'updated' | 'name' | 'created';

export interface CreateProjectInput {
  name: string;
  preset: ProjectPreset;
  template: Template;
  scope: Scope;
  ttlHours?: number;
}

/** UI state of the projects screen; the list itself lives in the server-state cache (use-projects.ts). */
export interface ProjectsState {
  creating: boolean;
  query: string;
  sort: ProjectSort;
  create(input: CreateProjectInput): Promise<Project | null>;
  adopt(path: string): Promise<Project | null>;
  rename(id: string, name: string): Promise<boolean>;
  /** Moves to the trash and offers Undo in a toast. */
  remove(id: string): Promise<boolean>;
  setQuery(query: string): void;
  setSort(sort: ProjectSort): void;
}

export const useProjectsStore = create<ProjectsState>()((set) => ({
  creating: false,
  query: '',
  sort: 'updated',

  async create(input) {
    set({ creating: true });
    try {
      const project = await ipc.invoke('projects.create', input);
      // library.changed will reload too; showing it now keeps the UI immediate.
      putProject(project);
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
      putProject(project);
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
      patchProject(id, { name: updated.name, updatedAt: updated.updatedAt });
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async remove(id) {
    const project = cachedProjects().find((p) => p.id === id);
    try {
      await ipc.invoke('projects.delete', { id });
      dropProject(id);
      toast.info(`Moved “${project?.name ?? 'project'}” to the trash`, {
        label: 'Undo',
        run: () => {
          ipc.invoke('trash.restore', { ids: [id] }).then(
            () => {
              toast.success(`Restored “${project?.name ?? 'project'}”`);
              void reloadProjects();
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

  setQuery(query) {
    set({ query });
  },
  setSort(sort) {
    set({ sort });
  },
}));

// Narrow selectors, so a component re-renders only when what it shows changes.
export const selectCreating = (s: ProjectsState) => s.creating;
export const selectQuery = (s: ProjectsState) => s.query;
export const selectSort = (s: ProjectsState) => s.sort;

/** Filters and orders a list for display; pure, so callers memoize it. */
export function visibleProjects(projects: Project[], query: string, sort: ProjectSort): Project[] {
  const q = query.trim().toLowerCase();
  const list = q ? projects.filter((p) => p.name.toLowerCase().includes(q)) : [...projects];
  if (sort === 'name') list.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }));
  else if (sort === 'created') list.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  else list.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return list;
}
