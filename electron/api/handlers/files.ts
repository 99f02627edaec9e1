import { invalid } from '../../../shared/errors.js';
import { storeWorkspaceMedia } from '../../storage/index.js';
import type { ApiContext, DomainHandlers } from '../handler-types.js';
import { readTextCapped } from '../text-read.js';
import { checkUnchanged } from '../text-save.js';

export function fileHandlers(c: ApiContext): DomainHandlers<'files'> {
  const s = c.storage;
  return {
    'files.list': ({ projectId, dir, recursive }) => s.files.list(c.actor, projectId, dir ?? '', { recursive: !!recursive }),
    'files.stat': ({ projectId, path }) => s.files.stat(c.actor, projectId, path),
    'files.readText': async ({ projectId, path, maxBytes }) => {
      const st = await s.files.stat(c.actor, projectId, path);
      if (st.kind !== 'file') throw invalid(`not a file: ${st.path}`);
      return readTextCapped(await s.files.read(c.actor, projectId, path), st.path, st.size, maxBytes);
    },
    'files.writeText': async ({ projectId, path, text, expectSha256 }) => {
      // A save of the version the editor read replaces bytes the user has in front of them; a blind
      // write keeps what it overwrites when no checkpoint holds it (storage's keep-before-change.ts).
      if (expectSha256) await checkUnchanged(s, c.actor, projectId, path, expectSha256);
      return s.files.write(c.actor, projectId, path, text, { replacesWhatWasRead: !!expectSha256 });
    },
    'files.mkdir': ({ projectId, path }) => s.files.mkdir(c.actor, projectId, path),
    'files.move': ({ projectId, from, to, overwrite }) => s.files.move(c.actor, projectId, from, to, { overwrite: !!overwrite }),
    'files.delete': async ({ projectId, path }) => {
      await s.files.delete(c.actor, projectId, path);
      return null;
    },
    'files.mediaRef': async ({ projectId, path }) => {
      const ref = await storeWorkspaceMedia(s.ctx, c.actor, projectId, path);
      c.viewable.add(ref.sha256, path);
      return ref;
    },
    'files.watch': async ({ projectId }) => {
      if (!c.watches) return { watching: false, path: s.projects.get(c.actor, projectId).namespace.workspacePath };
      return c.watches.watch(projectId);
    },
  };
}
