import { APP_VERSION } from '../../../shared/version.js';
import type { ApiContext, DomainHandlers } from '../handler-types.js';
import { remoteInfo } from './remote.js';
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
    'library.info': async () => ({ libraryDir: c.libraryDir, actor: { ...c.actor }, host: c.host, version: APP_VERSION, media: c.jobs?.tools ? await c.jobs.tools() : null, remote: remoteInfo(c), s3Keys: s3Keys(c) }),
    'library.repair': ({ full }) => s.repair({ full: !!full }),
    'library.backup': ({ dir }) => {
      requirePaths(c, 'Backing up');
      return s.backup(dir);
    },
  };
}

/** Whether this host can keep S3 keys typed into the settings (the desktop app with a keychain). */
function s3Keys(c: ApiContext): { canKeep: boolean; why: string | null } {
  const why = c.storage.ctx.credentials.whyCannotSave();
  return { canKeep: why === null, why };
}
