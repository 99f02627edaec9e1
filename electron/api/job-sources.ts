import { notFound } from '../../shared/errors.js';
import type { MediaJobs, RenderJobs } from './handler-types.js';

/**
 * The jobs panel over both queues: media work (probes, thumbnails) and renders (Remotion, frame
 * comparisons). Listing, counts, cancel, retry, pause and progress events cover both, so a render
 * shows up, moves and can be stopped where every other background job does.
 */
export function withRenderJobs(media: MediaJobs | undefined, render: RenderJobs | undefined): MediaJobs | undefined {
  if (!render) return media;
  const queues = media ? [media.queue, render.queue] : [render.queue];
  return {
    queue: {
      list: (limit?: number) => queues.flatMap((q) => q.list(limit)),
      counts: () => queues.map((q) => q.counts()).reduce((a, b) => ({ running: a.running + b.running, queued: a.queued + b.queued, failed: a.failed + b.failed })),
      get paused() {
        return queues[0]?.paused ?? false;
      },
      pause: () => queues.forEach((q) => q.pause()),
      resume: () => queues.forEach((q) => q.resume()),
      cancel: (id) => queues.some((q) => q.cancel(id)),
      retry: (id) => queues.some((q) => q.retry(id)),
      dismiss: (id) => queues.some((q) => q.dismiss?.(id) ?? false),
      // Jobs at once is the media queue's setting (the settings screen); renders stay one at a time.
      get limit() {
        return media?.queue.limit;
      },
      ...(media?.queue.setConcurrency ? { setConcurrency: (n: number) => media.queue.setConcurrency?.(n) } : {}),
    },
    redo(sha256) {
      if (!media) throw notFound('media jobs (this host runs no media worker)');
      media.redo(sha256);
    },
    onEvent(listener) {
      const offs = [media?.onEvent(listener), render.onEvent(listener)];
      return () => offs.forEach((off) => off?.());
    },
    ...(media?.tools ? { tools: () => (media.tools as () => ReturnType<NonNullable<MediaJobs['tools']>>)() } : {}),
  };
}
