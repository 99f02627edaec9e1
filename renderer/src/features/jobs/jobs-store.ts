import { create } from 'zustand';
import type { JobsState as HostJobsState, UploadJob } from '../../../../shared/contract';
import { UPLOAD_JOB_ID, type JobCounts, type JobEvent, type JobRecord } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { toast } from '../../lib/notify';

/** What a media job is about, from its payload (the queue's analyze jobs carry the content's name). */
export interface JobView extends JobRecord {
  progress?: number;
}

interface JobsState {
  jobs: JobView[];
  counts: JobCounts;
  paused: boolean;
  /** The upload to the library's bucket (null: no bucket). */
  upload: UploadJob | null;
  loaded: boolean;
  panelOpen: boolean;
  load(): Promise<void>;
  startSync(): () => void;
  setPanelOpen(open: boolean): void;
  pause(): Promise<void>;
  resume(): Promise<void>;
  cancel(id: string): Promise<void>;
  retry(id: string): Promise<void>;
  retryAllFailed(): Promise<void>;
  /** Forgets a failed job, or every failed one without an id. */
  dismiss(id?: string): Promise<void>;
  pauseUpload(): Promise<void>;
  resumeUpload(): Promise<void>;
  /** Tries the outbox now, whatever its backoff (after being offline). */
  retryUpload(): Promise<void>;
}

/**
 * The counts after one job event. The host lists only part of a big queue (the next 100 queued, the
 * latest 100 failed) and counts the whole, so the counts move by the event — from the state the job
 * had in the list, or, for one not listed, the state it comes from on its way (queued → running →
 * failed) — rather than being recounted from the list. The reload after a burst sets them exactly.
 */
function countsAfter(counts: JobCounts, before: JobView['state'] | undefined, after: JobView['state']): JobCounts {
  const next = { ...counts };
  const bump = (st: JobView['state'] | undefined, d: number) => {
    if (st === 'running' || st === 'queued' || st === 'failed') next[st] = Math.max(0, next[st] + d);
  };
  const from = before ?? (after === 'running' ? 'queued' : after === 'failed' || after === 'done' || after === 'cancelled' ? 'running' : undefined);
  if (from === after) return counts;
  bump(from, -1);
  bump(after, 1);
  return next;
}

/**
 * The upload's state as the host last said it: a reply and an event come on separate channels, so the
 * one said earlier (UploadJob.at) may arrive last and must not replace the later. No bucket (null)
 * always applies.
 */
export function laterUpload(current: UploadJob | null, incoming: UploadJob | null): UploadJob | null {
  if (current && incoming && incoming.at < current.at) return current;
  return incoming;
}

export const useJobsStore = create<JobsState>()((set, get) => {
  const apply = (s: HostJobsState) => {
    // Keep live progress the list does not carry.
    const progress = new Map(get().jobs.map((j) => [j.id, j.progress]));
    set({ jobs: s.jobs.map((j) => ({ ...j, ...(progress.get(j.id) !== undefined && j.state === 'running' ? { progress: progress.get(j.id) } : {}) })), counts: s.counts, paused: s.paused, upload: laterUpload(get().upload, s.upload ?? null), loaded: true });
  };
  const act = async (p: Promise<HostJobsState>) => {
    try {
      apply(await p);
    } catch (err) {
      toast.error(err);
    }
  };
  return {
    jobs: [],
    counts: { running: 0, queued: 0, failed: 0 },
    paused: false,
    upload: null,
    loaded: false,
    panelOpen: false,

    async load() {
      try {
        apply(await ipc.invoke('jobs.list', {}));
      } catch (err) {
        // The indicator is in every screen: say it once, not per poll.
        if (!get().loaded) toast.error(err);
      }
    },

    startSync() {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const off = ipc.on('jobs.progress', (e: JobEvent) => {
        const jobs = get().jobs;
        const i = jobs.findIndex((j) => j.id === e.id);
        let next: JobView[];
        if (e.state === 'done' || e.state === 'cancelled') next = jobs.filter((j) => j.id !== e.id);
        else if (i >= 0) {
          next = jobs.slice();
          const cur = jobs[i] as JobView;
          next[i] = { ...cur, state: e.state, attempts: e.attempts, ...(e.error !== undefined ? { error: e.error } : {}), ...(e.progress !== undefined ? { progress: e.progress } : {}) };
        } else {
          const now = new Date().toISOString();
          next = [...jobs, { id: e.id, kind: e.kind, payload: null, state: e.state, attempts: e.attempts, priority: 0, createdAt: now, updatedAt: now, ...(e.error ? { error: e.error } : {}), ...(e.progress !== undefined ? { progress: e.progress } : {}) }];
        }
        set({ jobs: next, counts: countsAfter(get().counts, i >= 0 ? (jobs[i] as JobView).state : undefined, e.state) });
        // Events carry no payload (what the job is about): re-read the list soon after a burst.
        if (!timer) {
          timer = setTimeout(() => {
            timer = null;
            void get().load();
          }, 400);
        }
      });
      // The upload job says what changed itself (state, outbox, progress about twice a second).
      const offUpload = ipc.on('jobs.upload', (u: UploadJob) => set({ upload: laterUpload(get().upload, u) }));
      return () => {
        off();
        offUpload();
        if (timer) clearTimeout(timer);
      };
    },

    setPanelOpen(open) {
      set({ panelOpen: open });
      if (open) void get().load();
    },

    pause: () => act(ipc.invoke('jobs.pause', {})),
    resume: () => act(ipc.invoke('jobs.resume', {})),
    cancel: (id) => act(ipc.invoke('jobs.cancel', { id })),
    retry: (id) => act(ipc.invoke('jobs.retry', { id })),
    dismiss: (id) => act(ipc.invoke('jobs.dismiss', id ? { id } : {})),
    async retryAllFailed() {
      // The host lists the latest 100 failures a time (counts has them all): retry those, read the
      // list again, until none is left or a round retried nothing new.
      const tried = new Set<string>();
      for (;;) {
        const batch = get().jobs.filter((x) => x.state === 'failed' && !tried.has(x.id));
        if (batch.length === 0) break;
        for (const j of batch) {
          tried.add(j.id);
          await act(ipc.invoke('jobs.retry', { id: j.id }));
        }
        await get().load();
      }
    },
    pauseUpload: () => act(ipc.invoke('jobs.pause', { only: 'upload' })),
    resumeUpload: () => act(ipc.invoke('jobs.resume', { only: 'upload' })),
    retryUpload: () => act(ipc.invoke('jobs.retry', { id: UPLOAD_JOB_ID })),
  };
});

/** The name of what a job works on, from its payload when it says. */
export function jobSubject(j: JobRecord): string {
  const p = j.payload as { name?: unknown } | null;
  return p && typeof p.name === 'string' ? p.name : j.id;
}

export const selectJobs = (s: JobsState) => s.jobs;
export const selectCounts = (s: JobsState) => s.counts;
export const selectPaused = (s: JobsState) => s.paused;
export const selectPanelOpen = (s: JobsState) => s.panelOpen;
export const selectUpload = (s: JobsState) => s.upload;
