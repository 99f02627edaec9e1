import { create } from 'zustand';
import type { CheckpointDiff } from '../../../../shared/models';

export type ChangeCounts = CheckpointDiff['counts'];
import type { RestoreResult } from '../../../../shared/contract';
import type { CheckpointSummary, DiffSide } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { cached, invalidateChannel, updateCached } from '../../lib/query';
import { toast } from '../../lib/notify';
import { whileBusy } from '../../lib/busy';
import type { DiffPair } from '../diff/diff-pair';

/** A node of the timeline: a checkpoint id, or the live workspace. */
export const WORKSPACE = 'workspace';
export type NodeId = string;


/**
 * The timeline's UI state: picks, zoom, the compare pair, the restore result, and which checkpoint
 * the workspace was restored to. The checkpoints, neighbour diffs, unsaved count and posters are
 * server data: they come from the cache (use-timeline.ts), shared with the Renders tab and the header.
 */
export interface TimelineState {
  projectId: string | null;
  /**
   * The checkpoint the workspace was last restored to, while it is not the newest one: the
   * workspace is compared with it rather than with the safety checkpoint the restore just made.
   * Session memory only; the host does not record a workspace's base (see the report).
   */
  baseId: string | null;
  /** The picked nodes: the first click, then a shift/ctrl-click second. */
  picked: NodeId[];
  zoom: number;
  compare: DiffPair | null;
  restoreResult: RestoreResult | null;
  busy: boolean;

  /** Starts over for another project. */
  open(projectId: string): void;
  /** Drops picks and the base that are no longer in the (refetched) list. */
  prune(checkpoints: CheckpointSummary[]): void;
  pick(id: NodeId, additive: boolean): void;
  setZoom(z: number): void;
  openCompare(x: NodeId, y: NodeId): void;
  closeCompare(): void;
  restore(id: string): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  dismissRestoreResult(): void;
}

export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 2;

const sideOf = (id: NodeId): DiffSide => (id === WORKSPACE ? { workspace: true } : { checkpointId: id });
const listOf = (projectId: string | null): CheckpointSummary[] => (projectId ? (cached('checkpoints.list', { projectId }) ?? []) : []);

/** After a write of this window's own: the list and what depends on it refetch (library.changed confirms). */
function refetchProject(projectId: string): void {
  void invalidateChannel('checkpoints.list', { projectId });
  void invalidateChannel('projects.get', { id: projectId });
  void invalidateChannel('checkpoints.diff');
  void invalidateChannel('files.list', { projectId, recursive: true });
}

export const useTimelineStore = create<TimelineState>()((set, get) => ({
  projectId: null,
  baseId: null,
  picked: [],
  zoom: 1,
  compare: null,
  restoreResult: null,
  busy: false,

  open(projectId) {
    if (get().projectId !== projectId) set({ projectId, baseId: null, picked: [], compare: null, restoreResult: null });
  },

  prune(checkpoints) {
    const ids = new Set(checkpoints.map((c) => c.id));
    const s = get();
    const picked = s.picked.filter((p) => p === WORKSPACE || ids.has(p));
    const baseId = s.baseId && ids.has(s.baseId) ? s.baseId : null;
    if (picked.length !== s.picked.length || baseId !== s.baseId) set({ picked, baseId });
  },

  pick(id, additive) {
    const { picked } = get();
    if (!additive) {
      set({ picked: [id] });
      return;
    }
    const first = picked[0];
    if (!first || first === id) {
      set({ picked: [id] });
      return;
    }
    set({ picked: [first, id] });
    get().openCompare(first, id);
  },

  setZoom(z) {
    set({ zoom: Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.round(z * 100) / 100)) });
  },

  openCompare(x, y) {
    const checkpoints = listOf(get().projectId);
    const order = (id: NodeId) => (id === WORKSPACE ? Infinity : checkpoints.findIndex((c) => c.id === id));
    // Older on the left (a), newer on the right (b), whichever was clicked first.
    const [a, b] = order(x) <= order(y) ? [x, y] : [y, x];
    const info = (id: NodeId) => {
      const c = checkpoints.find((k) => k.id === id);
      return { label: c ? c.name : 'Workspace (now)', renderIds: c ? c.renderIds : [] };
    };
    const ia = info(a);
    const ib = info(b);
    set({ compare: { a: sideOf(a), b: sideOf(b), aLabel: ia.label, bLabel: ib.label, aRenderIds: ia.renderIds, bRenderIds: ib.renderIds }, picked: [a, b] });
  },

  closeCompare() {
    set({ compare: null });
  },

  restore(id) {
    const { projectId } = get();
    return whileBusy(set, async () => {
      const result = await ipc.invoke('checkpoints.restore', { id });
      set({ restoreResult: result, baseId: result.checkpoint.id });
      if (projectId) refetchProject(projectId);
    });
  },

  remove(id) {
    const { projectId } = get();
    return whileBusy(set, async () => {
      const c = listOf(projectId).find((x) => x.id === id);
      await ipc.invoke('checkpoints.delete', { id });
      if (projectId) updateCached('checkpoints.list', { projectId }, (list) => list.filter((x) => x.id !== id));
      set((s) => ({ picked: s.picked.filter((p) => p !== id) }));
      toast.info(`Deleted checkpoint “${c?.name ?? id}”`);
      if (projectId) refetchProject(projectId);
    });
  },

  dismissRestoreResult() {
    set({ restoreResult: null });
  },
}));

export const selectTimelineProjectId = (s: TimelineState) => s.projectId;
export const selectBaseId = (s: TimelineState) => s.baseId;
export const selectPicked = (s: TimelineState) => s.picked;
export const selectZoom = (s: TimelineState) => s.zoom;
export const selectCompare = (s: TimelineState) => s.compare;
export const selectRestoreResult = (s: TimelineState) => s.restoreResult;
export const selectBusy = (s: TimelineState) => s.busy;
/** The checkpoint the workspace is compared with: the restored one, else the newest. */
export const baseOf = (checkpoints: CheckpointSummary[], baseId: string | null): CheckpointSummary | null =>
  checkpoints.find((c) => c.id === baseId) ?? checkpoints[checkpoints.length - 1] ?? null;
