import { useMemo } from 'react';
import type { Project } from '../../../../shared/models';
import { cached, fetchChannel, invalidateChannel, updateCached, useChannel } from '../../lib/query';

/** The one project list every screen reads (the grid, quick search, the assets filters, the bucket). */
export const PROJECTS_INPUT = { sort: 'updated' } as const;

export interface ProjectsRead {
  projects: Project[];
  status: 'loading' | 'ready' | 'error';
  reload(): void;
}

const NONE: Project[] = [];

/** The project list from the cache: fetched once, shared, kept current by library.changed. */
export function useProjects(): ProjectsRead {
  const q = useChannel('projects.list', PROJECTS_INPUT, { toastErrors: true });
  return {
    projects: q.data ?? NONE,
    status: q.isPending ? 'loading' : q.isError && !q.data ? 'error' : 'ready',
    reload: () => void q.refetch(),
  };
}

/** The list as cached (for a store's toast naming a project), or empty before it is loaded. */
export const cachedProjects = (): Project[] => cached('projects.list', PROJECTS_INPUT) ?? NONE;

/** After this window's own write: put the project in the list at once (library.changed confirms it). */
export function putProject(project: Project): void {
  updateCached('projects.list', PROJECTS_INPUT, (list) => [project, ...list.filter((p) => p.id !== project.id)]);
}

export function patchProject(id: string, patch: Partial<Project>): void {
  updateCached('projects.list', PROJECTS_INPUT, (list) => list.map((p) => (p.id === id ? { ...p, ...patch } : p)));
}

export function dropProject(id: string): void {
  updateCached('projects.list', PROJECTS_INPUT, (list) => list.filter((p) => p.id !== id));
}

export const reloadProjects = (): Promise<void> => invalidateChannel('projects.list');
export const loadProjects = (): Promise<Project[]> => fetchChannel('projects.list', PROJECTS_INPUT);

/** The poster of a project's latest render, from its cached renders list: null when none, undefined until known. */
export function usePoster(projectId: string): string | null | undefined {
  const q = useChannel('renders.list', { projectId }, { select: (renders) => renders.find((r) => r.media?.posterGrid)?.media?.posterGrid ?? null });
  return q.data;
}

/** The same cached list in name order (the assets screen's pickers), without a second call. */
export function useProjectsByName(): Project[] {
  const { projects } = useProjects();
  return useMemo(() => [...projects].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true })), [projects]);
}
