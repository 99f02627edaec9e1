import type { Actor, JobEvent } from '../../shared/models.js';
import type { CompositionInfo, FrameComparison, RenderCodec, RenderJob } from '../../shared/render-models.js';

/** What renders.make asks for, after validation. */
export interface MakeRenderInput {
  projectId: string;
  checkpointId?: string | undefined;
  composition?: string | undefined;
  codec?: RenderCodec | undefined;
  crf?: number | undefined;
  frames?: { from: number; to: number } | undefined;
  name?: string | undefined;
}

/** The end of a render job's log, as renders.log answers it. */
export interface RenderLogTail {
  text: string;
  truncated: boolean;
  path: string | null;
}

/**
 * The render worker's calls, typed once: the API's view of it (electron/api's RenderJobs, whose
 * queue is the jobs panel's controls) and the worker itself (RenderWorker, with its own JobQueue)
 * are both this shape.
 */
export interface RenderJobCalls<Queue> {
  queue: Queue;
  make(actor: Actor, input: MakeRenderInput): Promise<RenderJob>;
  compositions(actor: Actor, input: { projectId: string; checkpointId?: string | undefined }, signal?: AbortSignal): Promise<CompositionInfo[]>;
  /** The stored comparison of a pair, or a pending one after queueing it. */
  compare(actor: Actor, a: string, b: string): FrameComparison;
  jobs(actor: Actor, projectId?: string): RenderJob[];
  job(actor: Actor, id: string): RenderJob;
  cancel(actor: Actor, id: string): RenderJob;
  /** Resolves with the job once it is done, failed or cancelled. */
  wait(id: string): Promise<RenderJob>;
  log(actor: Actor, id: string, maxBytes?: number): Promise<RenderLogTail>;
  onEvent(listener: (e: JobEvent) => void): () => void;
  /** Every change of a render job's record (stage, frames, the render it made). */
  onUpdate(listener: (job: RenderJob) => void): () => void;
}
