import { create } from 'zustand';
import type { CheckpointDiff } from '../../../../shared/models';

export type ChangeCounts = CheckpointDiff['counts'];
import type { RestoreResult } from '../../../../shared/contract';
import type { CheckpointSummary, DiffSide, Render } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import type { DiffPair } from '../diff/diff-pair';
import { toast } from '../toasts/toasts-store';

/** A node of the timeline: a checkpoint id, or the live workspace. */
export const WORKSPACE = 'workspace';
export type NodeId = string;


export interface TimelineState {
  projectId: string | null;
  checkpoints: CheckpointSummary[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  /** Files changed since the previous node, keyed `${prevId}>${id}` (checkpoints never change, so it caches). */
  /** Per pair of neighbouring checkpoints: the first one's file count, else the diff's own counts (so the node says what its diff says). */
  changes: Record<string, number | ChangeCounts | 'loading' | 'error'>;
  /** Files that differ between the workspace and its base checkpoint; null until known. */
  unsaved: number | null;
  /**
   * The checkpoint the workspace was last restored to, while it is not the newest one: the
   * workspace is compared with it rather than with the safety checkpoint the restore just made.
   * Session memory only; the host does not record a workspace's base (see the report).
   */
  baseId: string | null;
  renders: Record<string, Render | null>;
  /** The picked nodes: the first click, then a shift/ctrl-click second. */
  picked: NodeId[];
  zoom: number;
  compare: DiffPair | null;
  restoreResult: RestoreResult | null;
  busy: boolean;

  load(projectId: string): Promise<void>;
  refreshUnsaved(): Promise<void>;
  ensureChanges(id: NodeId): void;
  ensureRender(renderId: string): void;
  pick(id: NodeId, additive: boolean): void;
  setZoom(z: number): void;
  openCompare(x: NodeId, y: NodeId): void;
  closeCompare(): void;
  restore(id: string): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  dismissRestoreResult(): void;
  startSync(): () => void;
}

export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 2;

const sideOf = (id: NodeId): DiffSide => (id === WORKSPACE ? { workspace: true } : { checkpointId: id });

export const useTimelineStore = create<TimelineState>()((set, get) => {
  const inflightRenders = new Set<string>();
  return {
    projectId: null,
    checkpoints: [],
    status: 'idle',
    error: null,
    changes: {},
    unsaved: null,
    baseId: null,
    renders: {},
    picked: [],
    zoom: 1,
    compare: null,
    restoreResult: null,
    busy: false,

    async load(projectId) {
      if (get().projectId !== projectId)
        set({ projectId, checkpoints: [], status: 'loading', changes: {}, unsaved: null, baseId: null, renders: {}, picked: [], compare: null, restoreResult: null });
      try {
        const checkpoints = await ipc.invoke('checkpoints.list', { projectId });
        if (get().projectId !== projectId) return;
        const ids = new Set(checkpoints.map((c) => c.id));
        set((s) => ({
          checkpoints,
          status: 'ready',
          error: null,
          picked: s.picked.filter((p) => p === WORKSPACE || ids.has(p)),
          baseId: s.baseId && ids.has(s.baseId) ? s.baseId : null,
        }));
        void get().refreshUnsaved();
      } catch (err) {
        set({ status: 'error', error: (err as Error).message });
      }
    },

    async refreshUnsaved() {
      const { projectId, checkpoints, baseId } = get();
      if (!projectId) return;
      const last = checkpoints.find((c) => c.id === baseId) ?? checkpoints[checkpoints.length - 1];
      try {
        if (!last) {
          // Nothing saved yet: every file in the workspace is unsaved.
          const files = await ipc.invoke('files.list', { projectId, recursive: true });
          set({ unsaved: files.filter((f) => f.kind === 'file').length });
          return;
        }
        const d = await ipc.invoke('checkpoints.diff', { projectId, a: { checkpointId: last.id }, b: { workspace: true }, content: false });
        if (get().projectId === projectId) set({ unsaved: d.files.filter((f) => f.kind === 'file').length });
      } catch (err) {
        toast.error(err);
      }
    },

    ensureChanges(id) {
      const { projectId, checkpoints, changes } = get();
      if (!projectId || id === WORKSPACE) return;
      const i = checkpoints.findIndex((c) => c.id === id);
      if (i < 0) return;
      const prev = checkpoints[i - 1];
      const key = `${prev?.id ?? ''}>${id}`;
      if (changes[key] !== undefined) return;
      if (!prev) {
        // The first checkpoint: everything in it is new.
        set((s) => ({ changes: { ...s.changes, [key]: checkpoints[i]?.fileCount ?? 0 } }));
        return;
      }
      set((s) => ({ changes: { ...s.changes, [key]: 'loading' } }));
      ipc
        .invoke('checkpoints.diff', { projectId, a: { checkpointId: prev.id }, b: { checkpointId: id }, content: false })
        .then((d) => set((s) => ({ changes: { ...s.changes, [key]: d.counts } })))
        .catch(() => set((s) => ({ changes: { ...s.changes, [key]: 'error' } })));
    },

    ensureRender(renderId) {
      if (renderId in get().renders || inflightRenders.has(renderId)) return;
      inflightRenders.add(renderId);
      ipc
        .invoke('renders.get', { id: renderId })
        .then((r) => set((s) => ({ renders: { ...s.renders, [renderId]: r } })))
        // A render in the trash still points at its checkpoint; show the node without its poster.
        .catch(() => set((s) => ({ renders: { ...s.renders, [renderId]: null } })))
        .finally(() => inflightRenders.delete(renderId));
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
      const { checkpoints } = get();
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

    async restore(id) {
      const { projectId } = get();
      set({ busy: true });
      try {
        const result = await ipc.invoke('checkpoints.restore', { id });
        set({ restoreResult: result, baseId: result.checkpoint.id });
        if (projectId) await get().load(projectId);
        return true;
      } catch (err) {
        toast.error(err);
        return false;
      } finally {
        set({ busy: false });
      }
    },

    async remove(id) {
      const { projectId } = get();
      set({ busy: true });
      try {
        const c = get().checkpoints.find((x) => x.id === id);
        await ipc.invoke('checkpoints.delete', { id });
        set((s) => ({ checkpoints: s.checkpoints.filter((x) => x.id !== id), picked: s.picked.filter((p) => p !== id) }));
        toast.info(`Deleted checkpoint “${c?.name ?? id}”`);
        if (projectId) void get().load(projectId);
        return true;
      } catch (err) {
        toast.error(err);
        return false;
      } finally {
        set({ busy: false });
      }
    },

    dismissRestoreResult() {
      set({ restoreResult: null });
    },

    startSync() {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let reloadList = false;
      const schedule = (list: boolean) => {
        reloadList ||= list;
        clearTimeout(timer);
        timer = setTimeout(() => {
          const pid = get().projectId;
          if (!pid) return;
          if (reloadList) void get().load(pid);
          else void get().refreshUnsaved();
          reloadList = false;
        }, 200);
      };
      const off = ipc.on('library.changed', (e) => {
        const pid = get().projectId;
        if (!pid || (e.id && e.id !== pid && e.kind !== 'trash')) return;
        if (e.kind === 'checkpoints' || e.kind === 'renders' || e.kind === 'trash') schedule(true);
        else if (e.kind === 'files') schedule(false);
      });
      // A render stored a moment ago gets its poster from the media queue; fetch it again then.
      const offJobs = ipc.on('jobs.progress', (e) => {
        if (e.state !== 'done') return;
        const waiting = Object.entries(get().renders).filter(([, r]) => r && (!r.media || r.media.state === 'pending'));
        if (waiting.length === 0) return;
        set((s) => {
          const renders = { ...s.renders };
          for (const [id] of waiting) delete renders[id];
          return { renders };
        });
        for (const [id] of waiting) get().ensureRender(id);
      });
      return () => {
        clearTimeout(timer);
        off();
        offJobs();
      };
    },
  };
});

export const selectCheckpoints = (s: TimelineState) => s.checkpoints;
export const selectTimelineStatus = (s: TimelineState) => s.status;
export const selectTimelineError = (s: TimelineState) => s.error;
export const selectUnsaved = (s: TimelineState) => s.unsaved;
/** The checkpoint the workspace is compared with: the restored one, else the newest. */
export const selectBase = (s: TimelineState) => s.checkpoints.find((c) => c.id === s.baseId) ?? s.checkpoints[s.checkpoints.length - 1] ?? null;
export const selectPicked = (s: TimelineState) => s.picked;
export const selectZoom = (s: TimelineState) => s.zoom;
export const selectCompare = (s: TimelineState) => s.compare;
export const selectRestoreResult = (s: TimelineState) => s.restoreResult;
export const selectBusy = (s: TimelineState) => s.busy;
/** Files changed in a checkpoint since the one before it. */
export const selectChangesFor = (id: NodeId) => (s: TimelineState) => {
  const i = s.checkpoints.findIndex((c) => c.id === id);
  if (i < 0) return undefined;
  return s.changes[`${s.checkpoints[i - 1]?.id ?? ''}>${id}`];
};
export const selectRender = (id: string | undefined) => (s: TimelineState) => (id ? s.renders[id] : undefined);
