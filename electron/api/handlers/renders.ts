import type { ApiContext, DomainHandlers } from '../handler-types.js';
import { requirePaths } from './host-capabilities.js';
import { renderJobHandlers } from './render-jobs.js';

export function renderHandlers(c: ApiContext): DomainHandlers<'renders'> {
  const s = c.storage;
  return {
    'renders.list': ({ projectId }) => s.renders.list(c.actor, projectId),
    'renders.get': ({ id }) => s.renders.get(c.actor, id),
    'renders.update': ({ id, meta }) => s.renders.update(c.actor, id, meta),
    'renders.add': async ({ projectId, path, name, checkpointId }) => {
      requirePaths(c, 'Adding a render');
      return s.renders.store(c.actor, projectId, { path }, { name, checkpointId });
    },
    'renders.export': async ({ id, dest, overwrite }) => {
      requirePaths(c, 'Exporting');
      return { path: await s.renders.export(c.actor, id, dest, { overwrite: !!overwrite }) };
    },
    'renders.delete': ({ id }) => {
      s.renders.delete(c.actor, id);
      return null;
    },
    ...renderJobHandlers(c),
  };
}
