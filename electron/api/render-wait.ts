import type { Actor } from '../../shared/models.js';
import type { RenderJob } from '../../shared/render-models.js';
import type { CallOptions } from './dispatch.js';
import type { RenderJobs } from './handler-types.js';

/** A render job's bar as a call's progress: percent of the whole job (its stages share the bar), and the frame it is on. */
export function jobProgress(job: RenderJob): { progress: number; total: number; message: string } {
  const frames = job.frames && (job.stage === 'rendering' || job.stage === 'encoding') ? ` (frame ${job.frames.done} of ${job.frames.total})` : '';
  return { progress: Math.round((job.progress ?? 0) * 1000) / 10, total: 100, message: `${job.detail ?? job.stage}${frames}` };
}

/**
 * Waits for a render or comparison job to end, telling the call how far it has come on every change
 * of its record (each frame Remotion reports). A caller that stops waiting (its signal) gets the job
 * as it is then; the job itself goes on — it is the library's work, listed in renders.jobs.
 */
export async function waitForJob(w: RenderJobs, actor: Actor, job: RenderJob, call: CallOptions): Promise<RenderJob> {
  const { onProgress, signal } = call;
  const off = onProgress
    ? w.onUpdate((j) => {
        if (j.id === job.id && (j.state === 'queued' || j.state === 'running')) onProgress(jobProgress(j));
      })
    : () => undefined;
  onProgress?.(jobProgress(job));
  const stop = new AbortController();
  const stopped = new Promise<RenderJob>((resolve) => {
    if (!signal) return;
    const answer = () => resolve(w.job(actor, job.id));
    if (signal.aborted) answer();
    else signal.addEventListener('abort', answer, { once: true, signal: stop.signal });
  });
  try {
    return await Promise.race([w.wait(job.id), stopped]);
  } finally {
    off();
    stop.abort();
  }
}
