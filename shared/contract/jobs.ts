/** The jobs.* channels (and media.redo): the media queue and the upload to the bucket. */
import { z } from 'zod';
import type { JobCounts, JobRecord } from '../models.js';
import { jobId, noInput, returns } from './pieces.js';

/** The media jobs panel: what is running, queued and failed, and whether the queue is paused. */
export interface JobsState {
  /** Every running job, the next 100 queued (in the order they run) and the latest 100 failed; `counts` has the totals. */
  jobs: JobRecord[];
  counts: JobCounts;
  paused: boolean;
  /** The upload to the library's bucket (null: the library has no bucket). */
  upload?: UploadJob | null;
}

/** The background upload to a library's bucket, as the status bar and the jobs panel show it. */
export interface UploadJob {
  /** paused: by the user; offline: the bucket cannot be reached, the outbox waits and retries. */
  state: 'idle' | 'uploading' | 'paused' | 'offline';
  /** s3://bucket/prefix */
  url: string;
  /** What is not in the bucket yet. */
  outboxBlobs: number;
  outboxBytes: number;
  /** What is left to send: the outbox less what this run already sent of the files in flight. */
  leftBytes: number;
  /** This run's files and bytes, while uploading. */
  progress: { filesDone: number; filesTotal: number; bytesDone: number; bytesTotal: number } | null;
  /** Over the last few seconds; 0 when not uploading. */
  bytesPerSecond: number;
  lastError: string | null;
  /** When the outbox is next tried (its backoff), epoch ms; null when nothing waits or it runs. */
  nextTryMs: number | null;
  /** Whole files coming back from the bucket for a restore, an export or a comparison; null when none. */
  fetching: { files: number; bytesDone: number; bytesTotal: number } | null;
  /**
   * When the host said this (its clock, ms with a fraction; rises within a host). A reply (jobs.list,
   * Retry now) and a jobs.upload event come on separate channels and may arrive in either order: the
   * page keeps the later said, or an older reply would stand as the last word ("Uploading · 24 B
   * left" after everything was in the bucket).
   */
  at: number;
}

export const jobChannels = {
  /** The media jobs (probes, posters, filmstrips, waveforms) running, queued and failed, and the upload to the bucket. */
  'jobs.list': { input: noInput, output: returns<JobsState>() },
  /** Stops starting new media jobs (running ones finish) and pauses the upload; `only` picks one of the two. */
  'jobs.pause': { input: z.strictObject({ only: z.enum(['media', 'upload']).optional() }), output: returns<JobsState>() },
  /** Starts media jobs and the upload again after a pause; `only` picks one of the two. */
  'jobs.resume': { input: z.strictObject({ only: z.enum(['media', 'upload']).optional() }), output: returns<JobsState>() },
  /** Cancels a queued or running job (its child process is killed). */
  'jobs.cancel': { input: z.strictObject({ id: jobId }), output: returns<JobsState>() },
  /** Runs a failed job again; the upload job's id (UPLOAD_JOB_ID) tries the whole outbox now, backoff or not. */
  'jobs.retry': { input: z.strictObject({ id: jobId }), output: returns<JobsState>() },
  /** Dismisses a failed job (or, without id, every failed one): it leaves the panel; the item keeps its failure reason. */
  'jobs.dismiss': { input: z.strictObject({ id: jobId.optional() }), output: returns<JobsState>() },
  /** Forgets what media work found for an asset's or render's content and does it again. */
  'media.redo': { input: z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256') }), output: returns<JobsState>() },
} as const;
