import type { ImportProgress } from '../../../shared/models.js';
import type { ApiContext, DomainHandlers } from '../handler-types.js';
import { requirePaths } from './host-capabilities.js';

export function assetHandlers(c: ApiContext): DomainHandlers<'assets'> {
  const s = c.storage;
  return {
    // A count can take a second at 1,000,000 assets: it runs off the host's thread (match-counter.ts).
    'assets.search': (input) => (input.withTotal ? s.assets.searchCounted(c.actor, input) : s.assets.search(c.actor, input)),
    'assets.get': ({ id }) => s.assets.get(c.actor, id),
    'assets.update': ({ id, patch }) => s.assets.update(c.actor, id, patch),
    'assets.bulk': ({ filter, action, except }) => s.assets.bulk(c.actor, filter, action, except),
    'assets.mark': ({ ids, rating, label }) => s.assets.mark(c.actor, ids, { rating, label }),
    'assets.tag': ({ ids, tags }) => s.assets.tag(c.actor, ids, tags),
    'assets.untag': ({ ids, tags }) => s.assets.untag(c.actor, ids, tags),
    'assets.link': ({ ids, projectId }) => s.assets.link(c.actor, ids, projectId),
    'assets.unlink': ({ ids, projectId }) => s.assets.unlink(c.actor, ids, projectId),
    'assets.delete': ({ ids }) => {
      s.assets.delete(c.actor, ids);
      return null;
    },
    'assets.importPaths': async ({ paths, importId, ...opts }, call) => {
      requirePaths(c, 'Importing');
      const run = c.imports.start(importId);
      // The caller's progress (an agent's notifications) counts bytes, which move within a large file too.
      const onProgress = call.onProgress
        ? (p: ImportProgress) => {
            run.progress(p);
            call.onProgress?.({ progress: p.bytesDone, total: p.bytesTotal, message: `Imported ${p.filesDone} of ${p.filesTotal} files${p.current ? ` (${p.current})` : ''}` });
          }
        : run.progress;
      try {
        return await s.assets.importPaths(c.actor, paths, { ...opts, onProgress, signal: run.signal });
      } finally {
        run.finish();
      }
    },
    // Waits for a running import to settle: an upload whose bytes were all in may have been stored.
    'assets.cancelImport': ({ importId }) => c.imports.cancel(importId),
  };
}

export function searchHandlers(c: ApiContext): DomainHandlers<'searches'> {
  const s = c.storage;
  return {
    'searches.list': () => s.searches.list(c.actor),
    'searches.save': ({ name, filter, shared }) => s.searches.save(c.actor, name, filter, { shared: !!shared }),
    'searches.delete': ({ id }) => {
      s.searches.delete(c.actor, id);
      return null;
    },
  };
}
