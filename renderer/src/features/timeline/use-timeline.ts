import type { CheckpointSummary, Render } from '../../../../shared/models';
import { useChannel } from '../../lib/query';
import type { ChangeCounts } from './timeline-store';

const NONE: CheckpointSummary[] = [];

/** A project's checkpoints, oldest first, from the cache (the Renders tab and the header share the call). */
export function useCheckpoints(projectId: string): { checkpoints: CheckpointSummary[]; status: 'loading' | 'ready' | 'error'; error: string | null } {
  const q = useChannel('checkpoints.list', { projectId });
  return { checkpoints: q.data ?? NONE, status: q.data ? 'ready' : q.isError ? 'error' : 'loading', error: q.error?.message ?? null };
}

const fileCount = (entries: { kind: string }[]) => entries.filter((f) => f.kind === 'file').length;

/** Files that differ between the workspace and its base checkpoint (every file when nothing is saved yet); null until known. */
export function useUnsaved(projectId: string, base: CheckpointSummary | null, ready: boolean): number | null {
  const diff = useChannel(
    'checkpoints.diff',
    { projectId, a: { checkpointId: base?.id ?? '' }, b: { workspace: true }, content: false },
    { enabled: ready && !!base, select: (d) => fileCount(d.files), toastErrors: true },
  );
  const files = useChannel('files.list', { projectId, recursive: true }, { enabled: ready && !base, select: fileCount, toastErrors: true });
  return (base ? diff.data : files.data) ?? null;
}

/**
 * Files changed in a checkpoint since the one before it: the first one's file count, else the
 * diff's own counts (so the node says what its diff says). Asked only once the node is in view;
 * two checkpoints never change, so the answer is kept for good.
 */
export function useNeighbourChanges(c: CheckpointSummary, prevId: string | null, inView: boolean): number | ChangeCounts | 'loading' | 'error' | undefined {
  const q = useChannel(
    'checkpoints.diff',
    { projectId: c.projectId, a: { checkpointId: prevId ?? '' }, b: { checkpointId: c.id }, content: false },
    { enabled: inView && prevId !== null, staleTime: Infinity, select: (d) => d.counts },
  );
  if (prevId === null) return c.fileCount;
  if (!inView) return undefined;
  return q.data ?? (q.isError ? 'error' : 'loading');
}

/** The render whose poster a node shows, once in view; a render in the trash just leaves the node without one. */
export function useNodeRender(renderId: string | undefined, inView: boolean): Render | undefined {
  return useChannel('renders.get', { id: renderId ?? '' }, { enabled: inView && !!renderId }).data;
}
