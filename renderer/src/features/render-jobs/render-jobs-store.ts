import { create } from 'zustand';
import type { CompositionInfo, RenderCodec, RenderJob } from '../../../../shared/render-models';
import { ipc, IpcError } from '../../lib/ipc';
import { toast } from '../../lib/notify';

/** What the Render dialog sends: a checkpoint (null: the workspace, checkpointed first) and how to render it. */
export interface RenderRequest {
  checkpointId: string | null;
  composition: string | null;
  codec: RenderCodec;
  crf: number | null;
  frames: { from: number; to: number } | null;
}

export type CompositionList = { status: 'loading' } | { status: 'ready'; list: CompositionInfo[] } | { status: 'error'; error: string };

export interface RenderJobsState {
  projectId: string | null;
  jobs: RenderJob[];
  /** The Render dialog, when open: which checkpoint it renders (null: the workspace). */
  dialog: { checkpointId: string | null; label: string } | null;
  /** Compositions per checkpoint id ('workspace' for the live one), read by the project's Remotion. */
  compositions: Record<string, CompositionList>;
  /** Failed jobs the user put away in this session (the host keeps them for retry). */
  dismissed: string[];
  log: { jobId: string; text: string; truncated: boolean; path: string | null } | null;
  load(projectId: string): Promise<void>;
  openDialog(checkpointId: string | null, label: string): void;
  closeDialog(): void;
  loadCompositions(checkpointId: string | null): Promise<void>;
  make(req: RenderRequest): Promise<boolean>;
  cancel(jobId: string): Promise<void>;
  retry(jobId: string): Promise<void>;
  dismiss(jobId: string): void;
  showLog(jobId: string): Promise<void>;
  closeLog(): void;
  /** Follows render and comparison jobs as they move (jobs.progress), reloading at most a few times a second. */
  startSync(): () => void;
}

const keyOf = (checkpointId: string | null) => checkpointId ?? 'workspace';

export const useRenderJobsStore = create<RenderJobsState>()((set, get) => ({
  projectId: null,
  jobs: [],
  dialog: null,
  compositions: {},
  dismissed: [],
  log: null,

  async load(projectId) {
    if (get().projectId !== projectId) set({ projectId, jobs: [], compositions: {}, dialog: null });
    try {
      const jobs = await ipc.invoke('renders.jobs', { projectId });
      if (get().projectId !== projectId) return;
      // Said once, when a render this screen saw running is stored (with Remotion's warning, if it gave one).
      const before = new Map(get().jobs.map((j) => [j.id, j.state]));
      for (const j of jobs) {
        const was = before.get(j.id);
        if (j.kind !== 'render' || j.state !== 'done' || !was || was === 'done') continue;
        if (j.warning) toast.info(`Rendered ${j.composition ?? ''}, with a warning: ${j.warning}`);
        else toast.success(`Rendered ${j.composition ?? 'the composition'}`);
      }
      set({ jobs });
    } catch {
      // A host without a render worker: no jobs, and the Render action says why when used.
      if (get().projectId === projectId) set({ jobs: [] });
    }
  },

  openDialog(checkpointId, label) {
    set({ dialog: { checkpointId, label } });
    const known = get().compositions[keyOf(checkpointId)];
    if (!known || known.status === 'error') void get().loadCompositions(checkpointId);
  },

  closeDialog() {
    set({ dialog: null });
  },

  async loadCompositions(checkpointId) {
    const projectId = get().projectId;
    if (!projectId) return;
    const key = keyOf(checkpointId);
    set((s) => ({ compositions: { ...s.compositions, [key]: { status: 'loading' } } }));
    try {
      const list = await ipc.invoke('renders.compositions', checkpointId ? { projectId, checkpointId } : { projectId });
      set((s) => ({ compositions: { ...s.compositions, [key]: { status: 'ready', list } } }));
    } catch (err) {
      set((s) => ({ compositions: { ...s.compositions, [key]: { status: 'error', error: (err as Error).message } } }));
    }
  },

  async make(req) {
    const projectId = get().projectId;
    if (!projectId) return false;
    try {
      const job = await ipc.invoke('renders.make', {
        projectId,
        ...(req.checkpointId ? { checkpointId: req.checkpointId } : {}),
        ...(req.composition ? { composition: req.composition } : {}),
        codec: req.codec,
        ...(req.crf !== null ? { crf: req.crf } : {}),
        ...(req.frames ? { frames: req.frames } : {}),
      });
      set((s) => ({ jobs: [job, ...s.jobs.filter((j) => j.id !== job.id)], dialog: null }));
      toast.info('Render queued: it shows its progress under Renders');
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async cancel(jobId) {
    try {
      const job = await ipc.invoke('renders.cancel', { jobId });
      set((s) => ({ jobs: s.jobs.map((j) => (j.id === jobId ? job : j)) }));
    } catch (err) {
      toast.error(err);
    }
  },

  async retry(jobId) {
    const job = get().jobs.find((j) => j.id === jobId);
    try {
      await ipc.invoke('jobs.retry', { id: jobId });
      const pid = get().projectId;
      if (pid) await get().load(pid);
    } catch (err) {
      // A render from before a restart (interrupted, or failed then) is no longer in the host's queue:
      // retrying it is rendering the same checkpoint and composition again.
      if (job?.kind === 'render' && err instanceof IpcError && err.code === 'NOT_FOUND') {
        await get().make({ checkpointId: job.checkpointId, composition: job.composition, codec: job.codec ?? 'h264', crf: null, frames: null });
        return;
      }
      toast.error(err);
    }
  },

  dismiss(jobId) {
    set((s) => ({ dismissed: [...s.dismissed, jobId] }));
  },

  async showLog(jobId) {
    try {
      const log = await ipc.invoke('renders.log', { jobId });
      set({ log: { jobId, ...log } });
    } catch (err) {
      toast.error(err);
    }
  },

  closeLog() {
    set({ log: null });
  },

  startSync() {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = ipc.on('jobs.progress', (e) => {
      if (e.kind !== 'render' && e.kind !== 'compare') return;
      const pid = get().projectId;
      if (!pid) return;
      // Progress of a running job is patched in place; anything else reloads the list.
      const known = get().jobs.find((j) => j.id === e.id);
      if (known && e.state === 'running' && known.state === 'running') {
        set((s) => ({ jobs: s.jobs.map((j) => (j.id === e.id ? { ...j, progress: e.progress ?? j.progress, detail: e.detail ?? j.detail } : j)) }));
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(() => void get().load(pid), 150);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  },
}));

export const selectRenderJobs = (s: RenderJobsState) => s.jobs;
export const selectDismissed = (s: RenderJobsState) => s.dismissed;
/** What the Renders tab lists (not a selector: it makes a new array; callers memoise it over jobs and dismissed). */
export function visibleJobs(jobs: RenderJob[], dismissed: string[]): RenderJob[] {
  return jobs.filter((j) => j.kind === 'render' && (j.state === 'queued' || j.state === 'running' || (j.state === 'failed' && !dismissed.includes(j.id))));
}
export const selectDialog = (s: RenderJobsState) => s.dialog;
export const selectCompositions = (checkpointId: string | null) => (s: RenderJobsState) => s.compositions[keyOf(checkpointId)] ?? null;
export const selectLog = (s: RenderJobsState) => s.log;
