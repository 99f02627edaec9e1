import type { ApiContext, DomainHandlers } from '../handler-types.js';
import { requireDesktop } from './host-capabilities.js';

export function desktopHandlers(c: ApiContext): DomainHandlers<'desktop'> {
  return {
    'desktop.chooseFolder': ({ title }) => requireDesktop(c, 'Choosing a folder').chooseFolder({ title }),
    'desktop.chooseSavePath': ({ title, defaultName }) => requireDesktop(c, 'Choosing where to save').chooseSavePath({ title, defaultName }),
    'desktop.openWorkspace': async ({ projectId }) => {
      const services = requireDesktop(c, 'Opening a folder');
      await services.openFolder(c.storage.projects.get(c.actor, projectId).namespace.workspacePath);
      return null;
    },
  };
}
