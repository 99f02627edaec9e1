import { BrowserWindow, screen } from 'electron';
import path from 'node:path';
import { loadWindowBounds, saveWindowBounds } from './window-state.js';

export interface WindowOptions {
  preload: string;
  /** The renderer: the dev server's URL, or the built index.html. */
  entry: { url: string } | { file: string };
  stateFile: string;
  /** The window's icon (Linux and Windows title bars and taskbars; packaged apps also get it from the build). */
  icon?: string;
  /** The route to open at (the part after '#'), e.g. '/projects/<id>' from --open-project. */
  hash?: string;
}

/**
 * The one app window. Its renderer gets no Node and no Electron: an isolated, sandboxed page that
 * talks to the main process only through the preload bridge. Navigation away and new windows are
 * refused here, and globally for any webContents in main/index.ts.
 */
export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const bounds = loadWindowBounds(opts.stateFile, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    x: bounds.x,
    y: bounds.y,
    width: bounds.width,
    height: bounds.height,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Reelvault',
    ...(opts.icon ? { icon: opts.icon } : {}),
    backgroundColor: '#111418',
    webPreferences: {
      // Reviewed (electronegativity asks every preload to be): electron/preload/index.ts exposes one
      // contextBridge object with invoke/on/pathForFile, allow-listed against the contract.
      preload: opts.preload, // eng-disable PRELOAD_JS_CHECK -- reviewed: one allow-listed contextBridge API, see above

      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click (auxclick) would otherwise try to open links in new windows; none are wanted.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (bounds.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const appUrl = 'url' in opts.entry ? opts.entry.url : null;
  win.webContents.on('will-navigate', (event, url) => {
    // The app is one page: any navigation is a link or a drop that would replace it.
    if (url !== appUrl) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));

  const save = () => {
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    try {
      saveWindowBounds(opts.stateFile, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
    } catch {
      // Remembering the size is a nicety; failing to write it must not stop the app.
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const saveSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('close', save);

  if ('url' in opts.entry) void win.loadURL(opts.hash ? `${opts.entry.url}#${opts.hash}` : opts.entry.url);
  else void win.loadFile(path.resolve(opts.entry.file), opts.hash ? { hash: opts.hash } : {});
  return win;
}
