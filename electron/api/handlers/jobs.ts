import { UPLOAD_JOB_ID, type JobsState } from '../../../shared/contract.js';
import { notFound } from '../../../shared/errors.js';
import type { ApiContext, DomainHandlers, MediaJobs } from '../handler-types.js';
import { describeVisibleBlob } from '../../storage/index.js';
import { uploadJob } from './remote.js';

/** Per group (queued, failed) what the panel is sent; the counts cover everything. The panel shows 100 a group. */
export const LISTED_PER_GROUP = 100;

/** With no media worker (a host started without one), the panel is simply empty. */
function mediaState(jobs: MediaJobs | undefined): Omit<JobsState, 'upload'> {
  if (!jobs) return { jobs: [], counts: { running: 0, queued: 0, failed: 0 }, paused: false };
  return { jobs: jobs.queue.list(LISTED_PER_GROUP), counts: jobs.queue.counts(), paused: jobs.queue.paused };
}

function worker(c: ApiContext): MediaJobs {
  if (!c.jobs) throw notFound('media jobs (this host runs no media worker)');
  return c.jobs;
}

export function jobHandlers(c: ApiContext): DomainHandlers<'jobs'> {
  const state = (): JobsState => ({ ...mediaState(c.jobs), upload: uploadJob(c) });
  /** The upload to a library's bucket is one of the jobs: pausing everything pauses it too. */
  const uploads = () => !!c.remoteSync && !!c.storage.ctx.remote;
  const noUpload = () => notFound('the upload job (this library has no bucket)');
  return {
    'jobs.list': () => state(),
    'jobs.pause': ({ only }) => {
      if (only === 'upload' && !uploads()) throw noUpload();
      if (only !== 'media' && uploads()) c.remoteSync?.pause();
      if (only === 'media' || (only === undefined && (c.jobs || !uploads()))) worker(c).queue.pause();
      return state();
    },
    'jobs.resume': ({ only }) => {
      if (only === 'upload' && !uploads()) throw noUpload();
      if (only !== 'media' && uploads()) c.remoteSync?.resume();
      if (only === 'media' || (only === undefined && (c.jobs || !uploads()))) worker(c).queue.resume();
      return state();
    },
    'jobs.cancel': ({ id }) => {
      if (!worker(c).queue.cancel(id)) throw notFound(`job ${id}`);
      return state();
    },
    'jobs.retry': ({ id }) => {
      if (id === UPLOAD_JOB_ID) {
        if (!uploads()) throw noUpload();
        c.remoteSync?.retryNow();
      } else if (!worker(c).queue.retry(id)) throw notFound(`failed job ${id}`);
      return state();
    },
    'jobs.dismiss': ({ id }) => {
      const q = worker(c).queue;
      // One failed job, or every failed one ("Clear failed").
      const ids = id ? [id] : q.list().filter((j) => j.state === 'failed').map((j) => j.id);
      const gone = ids.filter((x) => q.dismiss?.(x));
      if (id && gone.length === 0) throw notFound(`failed job ${id}`);
      return state();
    },
  };
}

export function mediaHandlers(c: ApiContext): DomainHandlers<'media'> {
  return {
    'media.redo': ({ sha256 }) => {
      // Only content the actor can see, by the same rule the /media route uses.
      if (!describeVisibleBlob(c.storage.ctx, c.actor, sha256)) throw notFound(`content ${sha256}`);
      worker(c).redo(sha256);
      return { ...mediaState(c.jobs), upload: uploadJob(c) };
    },
  };
}
