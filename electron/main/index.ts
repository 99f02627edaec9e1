/**
 * The Electron desktop host: lifecycle, the one secure window, the handler table over ipcMain, the
 * reelvault:// media protocol and the menu. It adds no logic: every channel is electron/api's.
 */
import { app, dialog, ipcMain, session, type BrowserWindow, type WebContents } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_EVENT } from '../../shared/contract.js';
import { createApi, type Api } from '../api/index.js';
import { startMediaWorker, type MediaWorker } from '../media/index.js';
import { startRenderWorker, type RenderWorker } from '../render/index.js';
import type { Storage } from '../storage/index.js';
import { openLibraryOrRecover } from './open-library.js';
import { desktopServices } from './desktop-services.js';
import { bindIpc } from './ipc-binding.js';
import { handleMediaProtocol, registerSchemePrivileges } from './media-protocol.js';
import { installMenu } from './menu.js';
import { trustedSender } from './trusted-sender.js';
import { createMainWindow } from './window.js';

const here = path.dirname(fileURLToPath(import.meta.url));

// userData becomes <appData>/Reelvault: the same library folder the CLI uses by default.
app.setName('Reelvault');
// Custom schemes get their privileges only if registered before 'ready'.
registerSchemePrivileges();

let win: BrowserWindow | null = null;
let storage: Storage | null = null;
let api: Api | null = null;
let worker: MediaWorker | null = null;
let renderWorker: RenderWorker | null = null;

function rendererEntry(): { url: string } | { file: string } {
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && dev) return { url: dev };
  return { file: path.join(here, '../renderer/index.html') };
}

function lockDownContents(contents: WebContents): void {
  // Every webContents, not only our window's: no popups, no <webview>, no navigation away.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The Library menu: each item is a contract channel, its outcome told in a native message box. */
function libraryMenu(a: Api) {
  const tell = async (title: string, run: () => Promise<string>): Promise<void> => {
    let message: string;
    try {
      message = await run();
    } catch (err) {
      message = err instanceof Error ? err.message : String(err);
    }
    if (win) await dialog.showMessageBox(win, { type: 'info', title, message });
  };
  const value = async <T>(channel: Parameters<Api['dispatch']>[0], input: unknown): Promise<T> => {
    const r = await a.dispatch(channel, input);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as T;
  };
  return {
    backup: () =>
      void tell('Back Up Library', async () => {
        const dir = await value<string | null>('desktop.chooseFolder', { title: 'Back up the library into…' });
        if (!dir) return 'No folder chosen; nothing was backed up.';
        const r = await value<{ blobsCopied: number; workspaceFilesCopied: number }>('library.backup', { dir });
        return `Backed up to ${dir}: ${r.blobsCopied} new stored files, ${r.workspaceFilesCopied} workspace files.`;
      }),
    verify: () =>
      void tell('Verify Library', async () => {
        const r = await value<{ ok: boolean; checkedBlobs: number; problems: { kind: string; item: string }[] }>('library.verify', {});
        return r.ok ? `No problems: ${r.checkedBlobs} stored files checked.` : `${r.problems.length} problem(s): ${r.problems.slice(0, 5).map((p) => `${p.kind} ${p.item}`).join('; ')}. Use Repair Library.`;
      }),
    repair: () =>
      void tell('Repair Library', async () => {
        const r = await value<{ relinked: number; quarantined: string[]; assetsMissing: number; rendersMissing: number }>('library.repair', {});
        return `Re-linked ${r.relinked}, quarantined ${r.quarantined.length}; content missing for ${r.assetsMissing} assets and ${r.rendersMissing} renders (marked, never deleted).`;
      }),
  };
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  // Like the CLI: REELVAULT_LIBRARY picks another library (tests use a fresh one); userData by default.
  const libraryDir = process.env.REELVAULT_LIBRARY ? path.resolve(process.env.REELVAULT_LIBRARY) : userData;
  storage = await openLibraryOrRecover(libraryDir, libraryDir === userData);
  if (!storage) {
    app.quit();
    return;
  }
  // Posters and probes for the UI; the library works without them, so a failure is only logged.
  worker = storage.ctx.readOnly ? null : await startMediaWorker(storage).catch((err: unknown) => {
    console.error('Reelvault: media work (posters, probes) is off:', err);
    return null;
  });
  // Remotion renders of checkpoints (the project's own CLI, run with Node from PATH).
  renderWorker = storage.ctx.readOnly ? null : startRenderWorker(storage);
  api = createApi({ storage, host: 'desktop', libraryDir, desktop: desktopServices(() => win), jobs: worker ?? undefined, render: renderWorker ?? undefined });
  const a = api;

  // Deny every permission (camera, notifications, geolocation, …) except fullscreen, which the
  // video player needs, and only for our own window.
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => {
    callback(permission === 'fullscreen' && contents === win?.webContents);
  });
  session.defaultSession.setPermissionCheckHandler((contents, permission) => permission === 'fullscreen' && contents === win?.webContents);

  handleMediaProtocol(a);
  const entry = rendererEntry();
  const isAppUrl = (url: string): boolean => {
    try {
      const u = new URL(url);
      if ('url' in entry) return u.origin === new URL(entry.url).origin;
      // Compared as paths, so percent-encoding differences cannot matter.
      return u.protocol === 'file:' && path.resolve(fileURLToPath(u)) === path.resolve(entry.file);
    } catch {
      return false;
    }
  };
  bindIpc(ipcMain, a.handlers, trustedSender(() => win?.webContents ?? null, isAppUrl));
  a.events.on((event, payload) => {
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT, event, payload);
  });

  installMenu(libraryMenu(a));
  win = createMainWindow({ preload: path.join(here, '../preload/index.cjs'), entry, stateFile: path.join(userData, 'window-state.json') });
  win.on('closed', () => {
    win = null;
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another Reelvault has the library open: let it come forward instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!win && api) win = createMainWindow({ preload: path.join(here, '../preload/index.cjs'), entry: rendererEntry(), stateFile: path.join(app.getPath('userData'), 'window-state.json') });
  });
  let quitting = false;
  app.on('will-quit', (event) => {
    if (quitting) return;
    // The media queue stops its ffmpeg children before the library closes under it.
    event.preventDefault();
    quitting = true;
    api?.close();
    void Promise.all([renderWorker?.close(), worker?.close()]).finally(() => {
      storage?.close();
      app.quit();
    });
  });
  void app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      // E.g. a library written by a newer Reelvault: say so rather than die silently.
      dialog.showErrorBox('Reelvault could not start', err instanceof Error ? err.message : String(err));
      app.exit(1);
    });
}
