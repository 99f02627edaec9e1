import { APP_VERSION } from '../../../shared/version.js';
import type { ApiContext, DomainHandlers } from '../handler-types.js';
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
    'library.info': async () => ({ libraryDir: c.libraryDir, actor: { ...c.actor }, host: c.host, version: APP_VERSION, media: c.jobs?.tools ? await c.jobs.tools() : null }),
    'library.repair': ({ full }) => s.repair({ full: !!full }),
    'library.backup': ({ dir }) => {
      requirePaths(c, 'Backing up');
      return s.backup(dir);
    },
  };
}
