import type { ApiContext, DomainHandlers } from '../handler-types.js';

/** Review notes (issue 14): plain storage calls; visibility is the render's, checkpoint's or project's. */
export function noteHandlers(c: ApiContext): DomainHandlers<'notes'> {
  const s = c.storage;
  return {
    'notes.list': (scope) => s.notes.list(c.actor, scope),
    'notes.add': (input) =>
      'checkpointId' in input
        ? s.notes.add(c.actor, { checkpointId: input.checkpointId }, { body: input.body })
        : s.notes.add(c.actor, { renderId: input.renderId }, { body: input.body, frameFrom: input.frameFrom, frameTo: input.frameTo }),
    'notes.update': ({ id, body }) => s.notes.update(c.actor, id, body),
    'notes.delete': ({ id }) => {
      s.notes.delete(c.actor, id);
      return null;
    },
    'notes.export': ({ format, ...scope }) => s.notes.export(c.actor, scope as Parameters<typeof s.notes.export>[1], format),
  };
}
