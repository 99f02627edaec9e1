// The job records are shared with the UI (jobs panel) and the storage layer (persistence).
import type { JobRecord } from '../../shared/models.js';
export type { JobCounts, JobEvent, JobRecord, JobState } from '../../shared/models.js';

/** One write of the job store. */
export type JobStoreOp = { save: JobRecord } | { remove: string };

/**
 * Persistence is the storage layer's business; the queue only asks for these three. A store
 * holds queued and running jobs: finished ones are removed (their outcome lives on the item).
 */
export interface JobStore {
  save(job: JobRecord): Promise<void> | void;
  remove(id: string): Promise<void> | void;
  loadPending(): Promise<JobRecord[]> | JobRecord[];
  /** Several writes at once, in order (one transaction where the store has them); without it, save and remove are called one by one. */
  apply?(ops: JobStoreOp[]): Promise<void> | void;
}

export interface JobContext {
  id: string;
  kind: string;
  attempt: number;
  /** Aborted on cancel, timeout or shutdown; pass it to every child process. */
  signal: AbortSignal;
  /** 0..1, and optionally what it is doing in words ("Rendering 12/30"). */
  reportProgress(fraction: number, detail?: string): void;
}

export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<unknown>;

export interface AddJobOptions {
  /** A stable id (e.g. 'poster:<sha256>') makes adding idempotent while the job is pending. */
  id?: string;
  priority?: number;
  timeoutMs?: number;
}
