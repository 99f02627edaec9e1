import type { RemoteInfo, UploadJob } from '../../../shared/contract.js';
import { forbidden } from '../../../shared/errors.js';
import type { ApiContext, DomainHandlers } from '../handler-types.js';

/** A change to the library's bucket settings: refused at once on a read-only library. */
function writable(c: ApiContext): void {
  const ctx = c.storage.ctx;
  if (ctx.readOnly) throw forbidden(`the library ${ctx.dirs.root} is open read-only (${ctx.readOnlyReason ?? 'as asked'}); nothing was changed`);
}

export function remoteHandlers(c: ApiContext): DomainHandlers<'remote'> {
  const r = c.storage.remote;
  return {
    'remote.connect': async ({ accessKeyId, secretAccessKey, ...input }) => {
      writable(c);
      await r.connect({ ...input, ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}) });
      // The upload job starts on what connecting queued now, not at its next tick.
      void c.remoteSync?.tick();
      return remoteInfo(c) as RemoteInfo;
    },
    'remote.setCacheBudget': async ({ bytes }) => {
      writable(c);
      r.setCacheBudget(bytes);
      await r.evict();
      return remoteInfo(c) as RemoteInfo;
    },
    'remote.keepOffline': ({ projectId, keep }) => {
      writable(c);
      r.keepOffline(c.actor, projectId, keep);
      return remoteInfo(c);
    },
  };
}

/** The bucket, outbox, cache and background upload, for the status bar and settings; null without a bucket. */
export function remoteInfo(c: ApiContext): RemoteInfo | null {
  const s = c.storage.remote.status();
  if (!s) return null;
  const sync = c.remoteSync?.status();
  // Only projects this caller may see are named.
  const visible = new Set(s.keepOffline.length ? c.storage.projects.list(c.actor).map((p) => p.id) : []);
  return {
    url: s.url,
    endpoint: s.endpoint,
    region: s.region,
    pathStyle: s.pathStyle,
    sync: sync?.state ?? 'idle',
    outboxBlobs: s.outboxBlobs,
    outboxBytes: s.outboxBytes,
    bytesPerSecond: sync?.bytesPerSecond ?? 0,
    lastError: s.lastError,
    confirmedBlobs: s.confirmedBlobs,
    remoteOnlyBlobs: s.remoteOnlyBlobs,
    localBytes: s.localBytes,
    budgetBytes: s.budgetBytes,
    budgetIsDefault: s.budgetIsDefault,
    remoteOnlyBytes: s.remoteOnlyBytes,
    credentials: s.credentials,
    keepOffline: s.keepOffline.filter((id) => visible.has(id)),
  };
}

/** The upload job as the jobs panel shows it; null without a bucket. */
export function uploadJob(c: ApiContext): UploadJob | null {
  return c.remoteSync?.status() ?? null;
}
