export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** A job as the queue and its store keep it; the payload must be JSON so it can survive a restart. */
export interface JobRecord<P = unknown> {
  id: string;
  kind: string;
  payload: P;
  state: JobState;
  /** Starts so far, counted when a run begins so a run that crashes the host still counts. */
  attempts: number;
  /** Higher runs first (a visible tile before the rest of an import). */
  priority: number;
  timeoutMs?: number;
  error?: string;
  createdAt: string;
  updatedAt: string;
}

/** Pushed to the UI as `jobs.progress`. */
export interface JobEvent {
  id: string;
  kind: string;
  state: JobState;
  attempts: number;
  error?: string;
  /** 0..1 while running, when the job reports it. */
  progress?: number;
}

export interface JobCounts {
  running: number;
  queued: number;
  failed: number;
}

/**
 * Persistence is the storage layer's business; the queue only asks for these three. A store
 * holds queued and running jobs: finished ones are removed (their outcome lives on the item).
 */
export interface JobStore {
  save(job: JobRecord): Promise<void> | void;
  remove(id: string): Promise<void> | void;
  loadPending(): Promise<JobRecord[]> | JobRecord[];
}

export interface JobContext {
  id: string;
  kind: string;
  attempt: number;
  /** Aborted on cancel, timeout or shutdown; pass it to every child process. */
  signal: AbortSignal;
  reportProgress(fraction: number): void;
}

export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<unknown>;

export interface AddJobOptions {
  /** A stable id (e.g. 'poster:<sha256>') makes adding idempotent while the job is pending. */
  id?: string;
  priority?: number;
  timeoutMs?: number;
}
