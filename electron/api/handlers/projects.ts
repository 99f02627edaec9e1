import { PROJECT_PRESETS } from '../../../shared/presets.js';
import type { ApiContext, DomainHandlers } from '../handler-types.js';
import { requirePaths } from './host-capabilities.js';

export function projectHandlers(c: ApiContext): DomainHandlers<'projects'> {
  const s = c.storage;
  return {
    'projects.create': ({ preset, ...input }) => {
      // Explicit fps and size win over the preset's.
      const p = preset ? PROJECT_PRESETS[preset] : undefined;
      return s.projects.create(c.actor, { ...input, fps: input.fps ?? p?.fps, width: input.width ?? p?.width, height: input.height ?? p?.height });
    },
    'projects.adopt': (input) => {
      requirePaths(c, 'Adding an existing folder');
      return s.projects.adopt(c.actor, input);
    },
    'projects.get': ({ id }) => s.projects.get(c.actor, id),
    'projects.update': ({ id, patch }) => s.projects.update(c.actor, id, patch),
    'projects.list': (input) => s.projects.list(c.actor, input),
    'projects.delete': ({ id }) => {
      s.projects.delete(c.actor, id);
      return null;
    },
  };
}
