import { existsSync } from 'node:fs';
import path from 'node:path';
import { invalid, notFound } from '../../../shared/errors.js';
import type { ApiContext, DomainHandlers } from '../handler-types.js';
import { requireDesktop } from './host-capabilities.js';

/** The stored file of a render or an asset the actor may see, and the name the user knows it by. */
function storedFile(c: ApiContext, item: { renderId: string } | { assetId: string }): { path: string; name: string } {
  const { sha256, name } = 'renderId' in item ? c.storage.renders.get(c.actor, item.renderId) : c.storage.assets.get(c.actor, item.assetId);
  const file = c.storage.ctx.blobs.pathOf(sha256);
  if (!existsSync(file)) throw notFound(`the stored file of "${name}" (run Verify Library)`);
  return { path: file, name };
}

export function desktopHandlers(c: ApiContext): DomainHandlers<'desktop'> {
  return {
    'desktop.chooseFolder': ({ title }) => requireDesktop(c, 'Choosing a folder').chooseFolder({ title }),
    'desktop.chooseSavePath': ({ title, defaultName }) => requireDesktop(c, 'Choosing where to save').chooseSavePath({ title, defaultName }),
    'desktop.openWorkspace': async ({ projectId }) => {
      const services = requireDesktop(c, 'Opening a folder');
      await services.openFolder(c.storage.projects.get(c.actor, projectId).namespace.workspacePath);
      return null;
    },
    'desktop.openInEditor': async ({ projectId, path: rel }) => {
      const services = requireDesktop(c, 'Opening a file in its app');
      // stat keeps the path inside the workspace (and says NOT_FOUND for one that is gone).
      const st = await c.storage.files.stat(c.actor, projectId, rel);
      if (st.kind !== 'file') throw invalid(`not a file: ${st.path}`);
      await services.openFolder(path.join(c.storage.projects.get(c.actor, projectId).namespace.workspacePath, ...st.path.split('/')));
      return null;
    },
    'desktop.reveal': (item) => {
      const services = requireDesktop(c, 'Showing a file in the file manager');
      services.revealFile(storedFile(c, item).path);
      return null;
    },
    'desktop.startDrag': async (item) => {
      const services = requireDesktop(c, 'Dragging a file out of the window');
      await services.startDrag(storedFile(c, item));
      return null;
    },
    'desktop.noteRecent': ({ projectId }) => {
      const services = requireDesktop(c, 'The recent projects list');
      const p = c.storage.projects.get(c.actor, projectId);
      services.noteRecent({ id: p.id, name: p.name, workspacePath: p.namespace.workspacePath });
      return null;
    },
    'desktop.clearCache': async () => ({ freedBytes: await requireDesktop(c, 'Clearing the cache').clearCache() }),
    'desktop.relaunch': () => {
      requireDesktop(c, 'Restarting').relaunch();
      return null;
    },
  };
}
