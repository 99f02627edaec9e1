import { promises as fsp } from 'node:fs';
import { notFound } from '../../shared/errors.js';
import type { Actor, JobEvent } from '../../shared/models.js';
import type { RenderJob, RenderStage } from '../../shared/render-models.js';

/** Finished jobs stay listed for a while (renders.jobs shows what became of them), the newest this many. */
const KEEP_FINISHED = 50;

/**
 * The render jobs' records, as renders.jobs shows them: kept in step with the queue's events,
 * visible to whoever may see the job's project, with waiters for the end of a job and listeners for
 * every change of a record.
 */
export interface RenderRecords {
  /** The record itself (not a copy): for the worker's own bookkeeping. */
  get(id: string): RenderJob | undefined;
  set(rec: RenderJob): void;
  /** Merges a patch into a record, stamps updatedAt and tells the update listeners. */
  update(id: string, patch: Partial<RenderJob>): void;
  /** A copy of a job's record, when the actor may see its project; NOT_FOUND otherwise. */
  visible(actor: Actor, id: string): RenderJob;
  /** Copies of the jobs the actor may see (of one project when given), newest first. */
  list(actor: Actor, projectId?: string): RenderJob[];
  wait(id: string): Promise<RenderJob>;
  onUpdate(listener: (job: RenderJob) => void): () => void;
  /** Follows one of the queue's events: state, progress, what to tell the waiters. */
  follow(e: JobEvent): void;
  /** Answers every waiter with its job cancelled (the worker closes). */
  close(): void;
}

/** Where records are kept beyond this process (the catalog's render_jobs), and what an earlier one left. */
export interface RecordStore {
  save(job: RenderJob): void;
  delete(ids: string[]): void;
  /** The records taken over at start (interrupted ones already marked). */
  initial: RenderJob[];
}

/** What a record is kept for across a restart: the bar moving a frame is not worth a write; a stage, a state, a log or a result is. */
const KEPT_FIELDS = ['state', 'stage', 'error', 'logFile', 'renderId', 'warning', 'composition'] as const;

/** canSee: whether an actor may see a project (scopes decide, as everywhere). */
export function renderRecords(canSee: (actor: Actor, projectId: string) => boolean, store?: RecordStore): RenderRecords {
  const records = new Map<string, RenderJob>((store?.initial ?? []).map((r) => [r.id, r]));
  // Keeping is housekeeping: a catalog that cannot be written (disk full) must not fail the render itself.
  const keep = (rec: RenderJob): void => {
    try { store?.save({ ...rec }); } catch { /* the record in memory still answers */ }
  };
  const waiters = new Map<string, ((j: RenderJob) => void)[]>();
  const updateListeners = new Set<(job: RenderJob) => void>();

  const update = (id: string, patch: Partial<RenderJob>): void => {
    const rec = records.get(id);
    if (!rec) return;
    const before = KEPT_FIELDS.map((k) => rec[k]);
    Object.assign(rec, patch, { updatedAt: new Date().toISOString() });
    if (KEPT_FIELDS.some((k, i) => rec[k] !== before[i])) keep(rec);
    for (const l of updateListeners) {
      try { l({ ...rec }); } catch { /* a listener's failure is its own */ }
    }
  };

  function pruneFinished(): void {
    const finished = [...records.values()].filter((r) => r.state !== 'queued' && r.state !== 'running').sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    const gone = finished.slice(KEEP_FINISHED).map((r) => r.id);
    for (const id of gone) records.delete(id);
    if (gone.length) {
      try { store?.delete(gone); } catch { /* pruned again next time */ }
    }
  }

  return {
    get: (id) => records.get(id),
    set: (rec) => {
      records.set(rec.id, rec);
      keep(rec);
    },
    update,

    visible(actor, id) {
      const rec = records.get(id);
      // Whoever may see the project may see its renders being made (scopes decide, as everywhere).
      if (!rec || !canSee(actor, rec.projectId)) throw notFound(`render job ${id}`);
      return { ...rec };
    },

    list(actor, projectId) {
      return [...records.values()]
        .filter((r) => (projectId === undefined || r.projectId === projectId) && canSee(actor, r.projectId))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map((r) => ({ ...r }));
    },

    wait(id) {
      const rec = records.get(id);
      if (!rec) return Promise.reject(notFound(`render job ${id}`));
      if (rec.state !== 'queued' && rec.state !== 'running') return Promise.resolve({ ...rec });
      return new Promise((resolve) => waiters.set(id, [...(waiters.get(id) ?? []), resolve]));
    },

    onUpdate(l) {
      updateListeners.add(l);
      return () => updateListeners.delete(l);
    },

    follow(e) {
      const rec = records.get(e.id);
      if (!rec) return;
      const terminal = e.state === 'done' || e.state === 'failed' || e.state === 'cancelled';
      update(e.id, {
        state: e.state,
        progress: terminal ? (e.state === 'done' ? 1 : rec.progress) : (e.progress ?? rec.progress),
        detail: e.state === 'cancelled' ? 'Cancelled' : e.state === 'queued' ? 'Queued' : (e.detail ?? rec.detail),
        error: e.error ?? (e.state === 'queued' || e.state === 'running' ? null : rec.error),
        ...(e.state === 'queued' ? { stage: 'queued' as RenderStage, progress: null } : {}),
        ...(e.state === 'running' && rec.stage === 'queued' ? { stage: (rec.kind === 'compare' ? 'comparing' : 'preparing') as RenderStage, detail: 'Starting' } : {}),
      });
      if (!terminal) return;
      if (e.state === 'cancelled' && rec.logFile) {
        // A cancel is the user's choice, not a failure to look into: its log goes.
        void fsp.rm(rec.logFile, { force: true });
        update(e.id, { logFile: null });
      }
      for (const w of waiters.get(e.id) ?? []) w({ ...(records.get(e.id) as RenderJob) });
      waiters.delete(e.id);
      pruneFinished();
    },

    close() {
      for (const [id, ws] of waiters) for (const w of ws) w({ ...(records.get(id) as RenderJob), state: 'cancelled' });
      waiters.clear();
    },
  };
}
