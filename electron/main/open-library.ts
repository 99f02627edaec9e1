import { dialog } from 'electron';
import { openStorage, rebuildCatalog, type Storage, LibraryFolderError, type CredentialProvider } from '../storage/index.js';

/**
 * Opens the desktop app's library, and where it cannot be opened says why in a dialog instead of a
 * crash: a lost catalog (library.db missing, emptied, unreadable) is offered a rebuild from the
 * library's journal and content (catalog-rebuild.ts); anything else is shown, and the app quits.
 * Returns null when the user chose to quit.
 */
export async function openLibraryOrRecover(dir: string, appOwned: boolean, opts: { rebuildFirst?: boolean; credentials?: CredentialProvider } = {}): Promise<Storage | null> {
  if (opts.rebuildFirst && !(await rebuildWithDialogs(dir))) return null;
  for (;;) {
    try {
      return openStorage({ provider: 'filesystem', dir, appOwned, ...(opts.credentials ? { credentials: opts.credentials } : {}) });
    } catch (err) {
      const lost = err instanceof LibraryFolderError && err.reason === 'catalog-lost';
      const { response } = await dialog.showMessageBox({
        type: lost ? 'warning' : 'error',
        title: lost ? 'The library catalog is missing' : 'The library cannot be opened',
        message: lost ? 'Reelvault’s catalog of this library (library.db) is missing or damaged.' : 'Reelvault cannot open its library.',
        detail: `${(err as Error).message}${lost ? '\n\nRebuild brings back every project, checkpoint, asset and render from the library’s journal and stored content. The old catalog files are kept aside, never deleted.' : ''}`,
        buttons: lost ? ['Rebuild Catalog', 'Quit'] : ['Quit'],
        defaultId: 0,
        cancelId: lost ? 1 : 0,
        noLink: true,
      });
      if (!lost || response !== 0) return null;
      if (!(await rebuildWithDialogs(dir))) return null;
    }
  }
}

/** The command-line flag the Library menu's Rebuild Catalog restarts the app with. */
export const REBUILD_FLAG = '--rebuild-catalog';

/** Rebuilds the catalog and says what came back (or why it could not); false when it failed. */
async function rebuildWithDialogs(dir: string): Promise<boolean> {
  try {
    const r = rebuildCatalog(dir);
    await dialog.showMessageBox({
      type: 'info',
      title: 'Catalog rebuilt',
      message: `Rebuilt: ${r.projects} projects, ${r.assets} assets, ${r.renders} renders, ${r.checkpoints} checkpoints.`,
      detail: [...(r.movedAside ? [`The old catalog files are in ${r.movedAside}.`] : []), ...r.warnings].join('\n') || 'Nothing was lost.',
    });
    return true;
  } catch (err) {
    dialog.showErrorBox('The catalog could not be rebuilt', (err as Error).message);
    return false;
  }
}
