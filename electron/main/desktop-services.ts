import { app, dialog, nativeImage, nativeTheme, session, shell, type BrowserWindow } from 'electron';
import type { DesktopServices } from '../api/index.js';
import { clearDragOut, dragOutFile } from './drag-out.js';

export interface DesktopServicesOptions {
  getWindow(): BrowserWindow | null;
  logDir: string;
  /** Where drag-out links are made (the app's cache folder). */
  dragDir: string;
  /** The icon shown under the pointer while a file is dragged out (macOS requires one). */
  dragIcon: string;
  /** A project was opened: the host updates the recent lists (menu, jump list, dock). */
  onRecent(project: { id: string; name: string; workspacePath: string }): void;
}

/** Native dialogs, the file manager, drag-out, caches and theme, for the desktop.* channels. */
export function desktopServices(opts: DesktopServicesOptions): DesktopServices {
  const { getWindow } = opts;
  return {
    async chooseFolder({ title }) {
      const win = getWindow();
      const o = { title: title ?? 'Choose a folder', properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
      const r = win ? await dialog.showOpenDialog(win, o) : await dialog.showOpenDialog(o);
      return r.canceled || r.filePaths.length === 0 ? null : (r.filePaths[0] ?? null);
    },
    async chooseSavePath({ title, defaultName }) {
      const win = getWindow();
      const o = { title: title ?? 'Save a copy', defaultPath: defaultName };
      const r = win ? await dialog.showSaveDialog(win, o) : await dialog.showSaveDialog(o);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    async openFolder(absPath) {
      // shell.openPath answers an error message, or '' on success.
      const error = await shell.openPath(absPath);
      if (error) throw new Error(error);
    },
    revealFile(absPath) {
      shell.showItemInFolder(absPath);
    },
    async startDrag(file) {
      const win = getWindow();
      if (!win || win.isDestroyed()) return;
      const icon = nativeImage.createFromPath(opts.dragIcon).resize({ width: 64, height: 64 });
      win.webContents.startDrag({ file: dragOutFile(opts.dragDir, file.path, file.name), icon });
    },
    noteRecent(project) {
      opts.onRecent(project);
    },
    cacheBytes: () => session.defaultSession.getCacheSize(),
    async clearCache() {
      const before = await session.defaultSession.getCacheSize();
      await session.defaultSession.clearCache();
      await session.defaultSession.clearCodeCaches({});
      clearDragOut(opts.dragDir);
      return Math.max(0, before - (await session.defaultSession.getCacheSize()));
    },
    applyTheme(theme) {
      nativeTheme.themeSource = theme;
    },
    relaunch() {
      app.relaunch();
      app.quit();
    },
    logDir: opts.logDir,
  };
}
