import { notFound, ReelvaultError } from '../../../shared/errors.js';
import type { CallOptions } from '../dispatch.js';
import type { ApiContext, Handler, RenderJobs } from '../handler-types.js';
import { waitForJob } from '../render-wait.js';

type RenderJobChannels = 'renders.compositions' | 'renders.make' | 'renders.jobs' | 'renders.cancel' | 'renders.log' | 'renders.compare' | 'renders.previous';

function worker(c: ApiContext): RenderJobs {
  if (!c.render) throw notFound('rendering (this host runs no render worker)');
  return c.render;
}

/** A comparison asked to wait: until its job is no longer queued or running, then what it stored. */
async function waitForComparison(c: ApiContext, a: string, b: string, call: CallOptions) {
  const w = worker(c);
  const first = w.compare(c.actor, a, b);
  if (first.state !== 'pending') return first;
  const job = await waitForJob(w, c.actor, w.job(c.actor, `compare:${a}:${b}`), call);
  if (job.state === 'cancelled') throw new ReelvaultError('IO', 'the comparison was cancelled');
  // What it stored, done or failed (asking the worker again would retry a failure).
  return c.storage.renders.comparison(c.actor, a, b) ?? first;
}

/** Rendering with Remotion and comparing renders: the render worker behind the renders.* channels it adds. */
export function renderJobHandlers(c: ApiContext): { [C in RenderJobChannels]: Handler<C> } {
  return {
    'renders.compositions': ({ projectId, checkpointId }) => worker(c).compositions(c.actor, { projectId, checkpointId }),
    'renders.make': async ({ wait, ...input }, call) => {
      const w = worker(c);
      const job = await w.make(c.actor, input);
      return wait ? waitForJob(w, c.actor, job, call) : job;
    },
    'renders.jobs': ({ projectId }) => worker(c).jobs(c.actor, projectId),
    'renders.cancel': ({ jobId }) => worker(c).cancel(c.actor, jobId),
    'renders.log': ({ jobId, maxBytes }) => worker(c).log(c.actor, jobId, maxBytes),
    'renders.compare': ({ a, b, wait }, call) => (wait ? waitForComparison(c, a, b, call) : worker(c).compare(c.actor, a, b)),
    'renders.previous': ({ id }) => c.storage.renders.previous(c.actor, id),
  };
}
