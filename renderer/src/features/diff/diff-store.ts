import { create } from 'zustand';
import type { TextContent } from '../../../../shared/contract';
import type { CheckpointDiff, DiffFile, DiffSide } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { toast } from '../../lib/notify';
import { useChannel } from '../../lib/query';

export type TextView = 'split' | 'inline';
export type DiffTab = 'files' | 'renders';

export interface DiffState {
  /** The comparison on screen (UI state); its answer is in the one server-state cache (useOpenDiff). */
  projectId: string | null;
  a: DiffSide | null;
  b: DiffSide | null;
  selectedPath: string | null;
  textView: TextView;
  tab: DiffTab;
  open(projectId: string, a: DiffSide, b: DiffSide): void;
  select(path: string | null): void;
  setTextView(v: TextView): void;
  setTab(t: DiffTab): void;
}

const keyOf = (projectId: string | null, a: DiffSide | null, b: DiffSide | null) => `${projectId}:${JSON.stringify(a)}:${JSON.stringify(b)}`;

export const useDiffStore = create<DiffState>()((set, get) => ({
  projectId: null,
  a: null,
  b: null,
  selectedPath: null,
  textView: 'split',
  tab: 'files',

  open(projectId, a, b) {
    const s = get();
    if (keyOf(s.projectId, s.a, s.b) !== keyOf(projectId, a, b)) set({ projectId, a, b, selectedPath: null, tab: 'files' });
  },
  select(path) {
    set({ selectedPath: path });
  },
  setTextView(v) {
    set({ textView: v });
  },
  setTab(t) {
    set({ tab: t });
  },
}));

export const selectSelectedPath = (s: DiffState) => s.selectedPath;
export const selectTextView = (s: DiffState) => s.textView;
export const selectTab = (s: DiffState) => s.tab;

const live = (side: DiffSide | null) => !!side && 'workspace' in side;
const NO_SIDE: DiffSide = { workspace: true };

/**
 * The open comparison's answer, from the cache: two checkpoints never change (read once); a side that is
 * the live workspace is refetched when its files change (lib/query.ts AFFECTS), the last answer shown
 * meanwhile. The selected file is the one picked, else the first file, while it is in the answer.
 */
export function useOpenDiff(): { diff: CheckpointDiff | null; status: 'loading' | 'ready' | 'error'; error: string | null; file: DiffFile | null } {
  const projectId = useDiffStore((s) => s.projectId);
  const a = useDiffStore((s) => s.a);
  const b = useDiffStore((s) => s.b);
  const selectedPath = useDiffStore(selectSelectedPath);
  const ready = !!projectId && !!a && !!b;
  const q = useChannel('checkpoints.diff', { projectId: projectId ?? '', a: a ?? NO_SIDE, b: b ?? NO_SIDE, content: true }, {
    enabled: ready,
    ...(live(a) || live(b) ? {} : { staleTime: Infinity }),
  });
  const diff = ready ? (q.data ?? null) : null;
  const file = diff ? (diff.files.find((f) => f.path === selectedPath) ?? diff.files.find((f) => f.kind === 'file') ?? null) : null;
  const status = q.isError ? 'error' : diff ? 'ready' : 'loading';
  return { diff, status, error: q.error ? q.error.message : null, file };
}

/** The text of a file on one side of a diff: a checkpoint's copy, or the live workspace's. */
export async function readSideText(projectId: string, side: DiffSide, path: string, maxBytes?: number): Promise<TextContent | null> {
  try {
    if ('checkpointId' in side) return await ipc.invoke('checkpoints.readText', { id: side.checkpointId, path, maxBytes });
    return await ipc.invoke('files.readText', { projectId, path, maxBytes });
  } catch (err) {
    toast.error(err);
    return null;
  }
}

/** A media URL for a file on one side: checkpointed content is in the blob store already. */
export async function sideMediaUrl(projectId: string, side: DiffSide, path: string, sha: string | null): Promise<string | null> {
  try {
    if ('checkpointId' in side) return sha ? ipc.mediaUrl(sha) : null;
    const ref = await ipc.invoke('files.mediaRef', { projectId, path });
    return ipc.mediaUrl(ref.sha256);
  } catch (err) {
    toast.error(err);
    return null;
  }
}
