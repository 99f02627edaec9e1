import { APP_VERSION } from '../../../shared/version.js';
import type { ApiContext, DomainHandlers } from '../handler-types.js';
import type { RemoteInfo } from '../../../shared/contract.js';
import { requirePaths } from './host-capabilities.js';

export function trashHandlers(c: ApiContext): DomainHandlers<'trash'> {
  const s = c.storage;
  return {
    'trash.list': () => s.trash.list(c.actor),
    'trash.restore': ({ ids }) => {
      s.trash.restore(c.actor, ids);
      return null;
    },
    'trash.empty': ({ ids }) => s.trash.empty(c.actor, ids),
  };
}

export function libraryHandlers(c: ApiContext): DomainHandlers<'library'> {
  const s = c.storage;
  return {
    'library.verify': ({ full }) => s.verify({ full: !!full }),
    'library.gc': () => s.gc(),
    'library.info': async () => ({ libraryDir: c.libraryDir, actor: { ...c.actor }, host: c.host, version: APP_VERSION, media: c.jobs?.tools ? await c.jobs.tools() : null, remote: remoteInfo(c) }),
    'library.repair': ({ full }) => s.repair({ full: !!full }),
    'library.backup': ({ dir }) => {
      requirePaths(c, 'Backing up');
      return s.backup(dir);
    },
  };
}

/** The bucket, outbox, cache and background upload, for the status bar; null without a bucket. */
function remoteInfo(c: ApiContext): RemoteInfo | null {
  const s = c.storage.remote.status();
  if (!s) return null;
  const sync = c.remoteSync?.status();
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
  };
}

