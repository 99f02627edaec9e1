/**
 * The Electron desktop host: lifecycle, the one secure window, the handler table over ipcMain, the
 * reelvault:// media protocol, the menus, the log, notifications and recovery from a crashed page.
 * It adds no library logic: every channel is electron/api's.
 */
import { app, clipboard, dialog, ipcMain, nativeTheme, Notification, safeStorage, session, shell, type BrowserWindow, type WebContents } from 'electron';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_EVENT, type EventName, type EventPayload } from '../../shared/contract.js';
import { chooseLibraryDir, createApi, hostActor, jsonSettingsStore, sessionsFilePath, type Api } from '../api/index.js';
import { startMediaWorker, type MediaWorker } from '../media/index.js';
import { startRenderWorker, type RenderWorker } from '../render/index.js';
import type { Storage } from '../storage/index.js';
import { aboutDetail } from './about.js';
import { openLibraryOrRecover, REBUILD_FLAG } from './open-library.js';
import { desktopServices } from './desktop-services.js';
import { clearDragOut } from './drag-out.js';
import { openCredentialStore } from './credential-store.js';
import { bindIpc } from './ipc-binding.js';
import { captureProcessLogs, openLogFile } from './log-file.js';
import { LongWorkNotifier } from './long-work-notifier.js';
import { handleMediaProtocol, registerSchemePrivileges } from './media-protocol.js';
import { installMenu, installRecentLists, type MenuActions } from './menu.js';
import { projectFromArgv, RecentProjects } from './recent-projects.js';
import { watchRenderer } from './renderer-watch.js';
import { trustedSender } from './trusted-sender.js';
import { createMainWindow, type WindowOptions } from './window.js';

const here = path.dirname(fileURLToPath(import.meta.url));

// userData becomes <appData>/Reelvault: the same library folder the CLI uses by default.
app.setName('Reelvault');
// Custom schemes get their privileges only if registered before 'ready'.
registerSchemePrivileges();

const userData = app.getPath('userData');
const log = openLogFile({ dir: path.join(userData, 'logs') });
captureProcessLogs(log);
/** Drag-out links (named hard links to stored files) live in the library's tmp/, on the blobs' filesystem. */
let dragDir = '';
const iconPath = path.join(here, '../renderer/icon.png');
const recent = new RecentProjects(path.join(userData, 'recent-projects.json'));

let win: BrowserWindow | null = null;
let storage: Storage | null = null;
let api: Api | null = null;
let worker: MediaWorker | null = null;
let renderWorker: RenderWorker | null = null;
let libraryDir = userData;
/** A route asked for before the window could take it (--open-project at launch). */
let pendingRoute: string | null = null;

function rendererEntry(): { url: string } | { file: string } {
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && dev) return { url: dev };
  return { file: path.join(here, '../renderer/index.html') };
}

/** The built renderer's icon.png (rendered from build/icon.svg) doubles as the window icon. */
function windowOptions(): WindowOptions {
  const route = pendingRoute;
  pendingRoute = null;
  return {
    preload: path.join(here, '../preload/index.cjs'),
    entry: rendererEntry(),
    stateFile: path.join(userData, 'window-state.json'),
    icon: iconPath,
    ...(route ? { hash: route.replace(/^#/, '') } : {}),
  };
}

function lockDownContents(contents: WebContents): void {
  // Every webContents, not only our window's: no popups, no <webview>, no navigation away.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function send<E extends EventName>(event: E, payload: EventPayload<E>): void {
  if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT, event, payload);
}

function showWindow(): void {
  if (!win) {
    if (api) openWindow();
    return;
  }
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/** Shows a screen: in the open window through app.navigate, or as the first screen of a new one. */
function navigate(route: string): void {
  if (win && !win.isDestroyed()) {
    send('app.navigate', { route });
    showWindow();
  } else {
    pendingRoute = route;
    showWindow();
  }
}

const isHidden = () => !win || win.isDestroyed() || !win.isVisible() || win.isMinimized();

function notify(n: { title: string; body: string }): void {
  if (!Notification.isSupported()) return;
  const note = new Notification({ title: n.title, body: n.body, icon: iconPath });
  note.on('click', showWindow);
  note.show();
  log.info(`notified: ${n.title} — ${n.body}`);
}

function refreshRecent(): void {
  const list = recent.list();
  installMenu(menuActions(), list);
  installRecentLists(list, openProject);
}

function openProject(id: string): void {
  navigate(`#/projects/${id}`);
}

/** Menu items: each is a contract channel or a native action, its outcome told in a message box. */
function menuActions(): MenuActions {
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
    if (!api) throw new Error('the library is not open');
    const r = await api.dispatch(channel, input);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as T;
  };
  return {
    backup: () =>
      void tell('Back Up Library', async () => {
        const dir = await value<string | null>('desktop.chooseFolder', { title: 'Back up the library into…' });
        if (!dir) return 'No folder chosen; nothing was backed up.';
        const since = Date.now();
        const r = await value<{ blobsCopied: number; workspaceFilesCopied: number }>('library.backup', { dir });
        const message = `Backed up to ${dir}: ${r.blobsCopied} new stored files, ${r.workspaceFilesCopied} workspace files.`;
        notifier.onTask(since, 'Backup finished', message);
        return message;
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
    // The catalog cannot be rebuilt under this process's own open connection: the app restarts into it.
    rebuildCatalog: () =>
      void (async () => {
        const { response } = await dialog.showMessageBox({
          type: 'question',
          title: 'Rebuild Catalog',
          message: 'Rebuild the library’s catalog from its journal and stored content?',
          detail: 'Reelvault restarts to do it. The current catalog is kept aside, never deleted. Close other Reelvault windows and `reelvault serve` on this library first.',
          buttons: ['Restart and Rebuild', 'Cancel'],
          defaultId: 0,
          cancelId: 1,
        });
        if (response !== 0) return;
        app.relaunch({ args: [...process.argv.slice(1).filter((a) => a !== REBUILD_FLAG), REBUILD_FLAG] });
        app.quit();
      })(),
    settings: () => navigate('#/settings'),
    openProject,
    clearRecent: () => {
      for (const p of recent.list()) recent.remove(p.id);
      app.clearRecentDocuments();
      refreshRecent();
    },
    about: () => {
      const detail = aboutDetail({ appVersion: app.getVersion(), versions: process.versions, platform: process.platform, arch: process.arch, osRelease: os.release(), libraryDir, logDir: log.dir });
      const o = { type: 'info' as const, title: 'About Reelvault', message: 'Reelvault', detail, buttons: ['OK', 'Copy'], icon: iconPath };
      void (win ? dialog.showMessageBox(win, o) : dialog.showMessageBox(o)).then((r) => {
        if (r.response === 1) clipboard.writeText(detail);
      });
    },
    openLogFolder: () => void shell.openPath(log.dir),
    openLibraryFolder: () => void shell.openPath(libraryDir),
  };
}

const notifier = new LongWorkNotifier({ isHidden, notify, mediaCounts: () => worker?.queue.counts() ?? { running: 0, queued: 0, failed: 0 } });

function openWindow(): void {
  win = createMainWindow(windowOptions());
  const w = win;
  watchRenderer(w.webContents, {
    ask: async (o) => (await dialog.showMessageBox(w, { ...o, defaultId: 0, cancelId: o.buttons.length > 2 ? 1 : 0, noLink: true })).response,
    reload: () => {
      if (!w.isDestroyed()) w.webContents.reload();
    },
    quit: () => app.quit(),
    openLogFolder: () => void shell.openPath(log.dir),
    log,
  });
  w.on('closed', () => {
    if (win === w) win = null;
  });
}

async function start(): Promise<void> {
  const settingsFile = process.env.REELVAULT_SETTINGS ? path.resolve(process.env.REELVAULT_SETTINGS) : path.join(userData, 'settings.json');
  const settingsStore = jsonSettingsStore(settingsFile);
  const settings = settingsStore.read();
  nativeTheme.themeSource = settings.theme;
  // Like the CLI: REELVAULT_LIBRARY picks another library (tests use a fresh one), then the settings, then userData.
  const choice = chooseLibraryDir({ settings: settingsStore, fallback: userData });
  libraryDir = choice.dir;
  log.info(`Reelvault ${app.getVersion()} (Electron ${process.versions.electron}) starting; library ${libraryDir}${choice.override ? ` (from ${choice.override})` : ''}`);
  // The app's own data folder may become a library; any other folder must be one, be empty or be new.
  // S3 keys the user entered in Settings, encrypted with the OS keychain (safeStorage); the environment's
  // (AWS_ACCESS_KEY_ID…, AWS_PROFILE) serve buckets it holds none for. Counts only in the log, never keys.
  const credentials = await openCredentialStore(path.join(userData, 's3-keys.json'), safeStorage);
  log.info(`S3 keys: ${credentials.size} bucket(s) kept${credentials.unreadable ? `, ${credentials.unreadable} unreadable here` : ''}${credentials.whyCannotSave() ? '; keys cannot be kept on this system (no keychain)' : ''}`);
  storage = await openLibraryOrRecover(libraryDir, libraryDir === userData, { rebuildFirst: process.argv.includes(REBUILD_FLAG), credentials });
  if (!storage) {
    app.quit();
    return;
  }
  // Posters and probes for the UI; the library works without them, so a failure is only logged.
  // A read-only library is browsed as it is: media work would have to write.
  worker = storage.ctx.readOnly
    ? null
    : await startMediaWorker(storage, {
        concurrency: settings.media.concurrency ?? undefined,
        timeoutMs: settings.media.timeoutSeconds * 1000,
        paused: settings.media.startPaused,
      }).catch((err: unknown) => {
        console.error('Reelvault: media work (posters, probes) is off:', err);
        return null;
      });
  // This process's own temp folder in the library (swept once the process is gone), on the blobs' filesystem.
  dragDir = path.join(storage.ctx.dirs.tmp, 'drag-out');
  const desktop = desktopServices({
    getWindow: () => win,
    logDir: log.dir,
    dragDir,
    dragIcon: iconPath,
    onRecent: (p) => {
      recent.note(p);
      app.addRecentDocument(p.workspacePath);
      refreshRecent();
    },
  });
  // Remotion renders of checkpoints (the project's own CLI, run with Node from PATH).
  renderWorker = storage.ctx.readOnly ? null : startRenderWorker(storage);
  // The installation's scratch session for this user (shared with `reelvault serve`), kept beside the settings.
  const actor = hostActor('desktop', process.env, { sessionsFile: sessionsFilePath(settingsFile) });
  api = createApi({ storage, host: 'desktop', libraryDir, actor, desktop, jobs: worker ?? undefined, render: renderWorker ?? undefined, settings: settingsStore, libraryOverride: choice.override, defaultLibraryDir: userData });
  const a = api;

  // Deny every permission (camera, notifications, geolocation, …) except fullscreen, which the
  // video player needs, and only for our own window. (Notifications come from the main process.)
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => {
    callback(permission === 'fullscreen' && contents === win?.webContents);
  });
  session.defaultSession.setPermissionCheckHandler((contents, permission) => permission === 'fullscreen' && contents === win?.webContents);

  handleMediaProtocol(a);
  const isAppUrl = (url: string): boolean => {
    const entry = rendererEntry();
    try {
      const u = new URL(url);
      if ('url' in entry) return u.origin === new URL(entry.url).origin;
      // Compared as paths, so percent-encoding differences (and the route in the hash) cannot matter.
      return u.protocol === 'file:' && path.resolve(fileURLToPath(u)) === path.resolve(entry.file);
    } catch {
      return false;
    }
  };
  bindIpc(ipcMain, a.handlers, trustedSender(() => win?.webContents ?? null, isAppUrl));
  a.events.on((event, payload) => {
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT, event, payload);
    if (event === 'import.progress') notifier.onImport(payload as EventPayload<'import.progress'>);
    else if (event === 'jobs.progress') notifier.onJob(payload as EventPayload<'jobs.progress'>);
  });

  refreshRecent();
  const fromArgv = projectFromArgv(process.argv);
  if (fromArgv) pendingRoute = `#/projects/${fromArgv}`;
  openWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another Reelvault has the library open: let it come forward instead.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    const id = projectFromArgv(argv);
    if (id) openProject(id);
    else showWindow();
  });
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!win && api) openWindow();
  });
  let quitting = false;
  app.on('will-quit', (event) => {
    if (quitting) return;
    // The media queue stops its ffmpeg children before the library closes under it.
    event.preventDefault();
    quitting = true;
    api?.close();
    if (dragDir) clearDragOut(dragDir);
    log.info('quitting');
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
      log.error('could not start:', err);
      dialog.showErrorBox('Reelvault could not start', `${err instanceof Error ? err.message : String(err)}\n\nThe log is in ${log.dir}.`);
      app.exit(1);
    });
}
