/** Media jobs as the queue keeps them and the UI is told of them. */

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
  /** What it is doing, in words ("Rendering 12/30"), when the job says. */
  detail?: string;
}

/** The id jobs.retry takes for the upload to the library's bucket ("retry now", backoff or not). */
export const UPLOAD_JOB_ID = 'remote-upload';

export interface JobCounts {
  running: number;
  queued: number;
  failed: number;
}
