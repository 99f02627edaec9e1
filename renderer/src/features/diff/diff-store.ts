import { create } from 'zustand';
import type { TextContent } from '../../../../shared/contract';
import type { CheckpointDiff, DiffFile, DiffSide } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { toast } from '../../lib/notify';

export type TextView = 'split' | 'inline';
export type DiffTab = 'files' | 'renders';

export interface DiffState {
  key: string | null;
  projectId: string | null;
  a: DiffSide | null;
  b: DiffSide | null;
  diff: CheckpointDiff | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  selectedPath: string | null;
  textView: TextView;
  tab: DiffTab;
  open(projectId: string, a: DiffSide, b: DiffSide): Promise<void>;
  select(path: string | null): void;
  setTextView(v: TextView): void;
  setTab(t: DiffTab): void;
}

const keyOf = (projectId: string, a: DiffSide, b: DiffSide) => `${projectId}:${JSON.stringify(a)}:${JSON.stringify(b)}`;

export const useDiffStore = create<DiffState>()((set, get) => ({
  key: null,
  projectId: null,
  a: null,
  b: null,
  diff: null,
  status: 'idle',
  error: null,
  selectedPath: null,
  textView: 'split',
  tab: 'files',

  async open(projectId, a, b) {
    const key = keyOf(projectId, a, b);
    if (get().key !== key) set({ key, projectId, a, b, diff: null, status: 'loading', error: null, selectedPath: null, tab: 'files' });
    try {
      const diff = await ipc.invoke('checkpoints.diff', { projectId, a, b, content: true });
      if (get().key !== key) return;
      const sel = get().selectedPath;
      const first = diff.files.find((f) => f.kind === 'file');
      set({ diff, status: 'ready', selectedPath: sel && diff.files.some((f) => f.path === sel) ? sel : (first?.path ?? null) });
    } catch (err) {
      if (get().key === key) set({ status: 'error', error: (err as Error).message });
    }
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

export const selectDiff = (s: DiffState) => s.diff;
export const selectDiffStatus = (s: DiffState) => s.status;
export const selectDiffError = (s: DiffState) => s.error;
export const selectSelectedPath = (s: DiffState) => s.selectedPath;
export const selectTextView = (s: DiffState) => s.textView;
export const selectTab = (s: DiffState) => s.tab;
export const selectSelectedFile = (s: DiffState): DiffFile | null => s.diff?.files.find((f) => f.path === s.selectedPath) ?? null;

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
