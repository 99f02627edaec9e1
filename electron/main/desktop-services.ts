import { dialog, shell, type BrowserWindow } from 'electron';
import type { DesktopServices } from '../api/index.js';

/** Native dialogs and the file manager, for the desktop.* channels. */
export function desktopServices(getWindow: () => BrowserWindow | null): DesktopServices {
  return {
    async chooseFolder({ title }) {
      const win = getWindow();
      const opts = { title: title ?? 'Choose a folder', properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
      const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
      return r.canceled || r.filePaths.length === 0 ? null : (r.filePaths[0] ?? null);
    },
    async chooseSavePath({ title, defaultName }) {
      const win = getWindow();
      const opts = { title: title ?? 'Save a copy', defaultPath: defaultName };
      const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    async openFolder(absPath) {
      // shell.openPath answers an error message, or '' on success.
      const error = await shell.openPath(absPath);
      if (error) throw new Error(error);
    },
  };
}
