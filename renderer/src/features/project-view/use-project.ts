import type { ProjectDetail } from '../../../../shared/models';
import { IpcError } from '../../lib/ipc';
import { useChannel } from '../../lib/query';
import { selectOpenProjectId, useProjectViewStore } from './project-view-store';

export type ProjectViewStatus = 'loading' | 'ready' | 'missing' | 'error';

/** A project that went away (deleted elsewhere, expired) is a screen state, not a toast. */
const gone = (err: unknown) => err instanceof IpcError && (err.code === 'NOT_FOUND' || err.code === 'INVALID_INPUT');

/** One project with its checkpoints, from the cache (shared by the header, the drop layer, the file viewer). */
export function useProjectDetail(projectId: string | null | undefined): { project: ProjectDetail | null; status: ProjectViewStatus } {
  const q = useChannel('projects.get', { id: projectId ?? '' }, { enabled: !!projectId, toastErrors: (err) => !gone(err) });
  if (q.isError && gone(q.error)) return { project: null, status: 'missing' };
  if (q.data) return { project: q.data, status: 'ready' };
  return { project: null, status: q.isError ? 'error' : 'loading' };
}

/** The project open in the project view. */
export function useOpenProject(): ProjectDetail | null {
  return useProjectDetail(useProjectViewStore(selectOpenProjectId)).project;
}
