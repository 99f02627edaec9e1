import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { RecentProject } from './recent-projects.js';

/** What the menus do; the main process supplies it over the same handler table. */
export interface MenuActions {
  backup(): void;
  verify(): void;
  repair(): void;
  rebuildCatalog(): void;
  settings(): void;
  openProject(id: string): void;
  clearRecent(): void;
  about(): void;
  openLogFolder(): void;
  openLibraryFolder(): void;
}

/** The usual native menu, built from roles so each platform gets its own wording and shortcuts. */
export function installMenu(actions: MenuActions, recent: readonly RecentProject[] = []): void {
  const isMac = process.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    { role: 'forceReload' },
    // Developer tools only in development builds: a packaged app has no use for them.
    ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } as MenuItemConstructorOptions]),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const settings: MenuItemConstructorOptions = { label: isMac ? 'Settings…' : 'Settings', accelerator: 'CmdOrCtrl+,', click: () => actions.settings() };
  const openRecent: MenuItemConstructorOptions = {
    label: 'Open Recent',
    submenu: recent.length
      ? [
          ...recent.map((p): MenuItemConstructorOptions => ({ label: p.name.replace(/&/g, '&&'), sublabel: p.workspacePath, click: () => actions.openProject(p.id) })),
          { type: 'separator' },
          { label: 'Clear Menu', click: () => actions.clearRecent() },
        ]
      : [{ label: 'No recent projects', enabled: false }],
  };
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [openRecent, ...(isMac ? [] : [{ type: 'separator' } as MenuItemConstructorOptions, settings]), { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }],
  };
  const appMenu: MenuItemConstructorOptions = {
    label: app.name,
    submenu: [{ role: 'about' }, { type: 'separator' }, settings, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      ...(isMac ? [] : [{ label: 'About Reelvault', click: () => actions.about() } as MenuItemConstructorOptions, { type: 'separator' } as MenuItemConstructorOptions]),
      { label: 'Open Log Folder', click: () => actions.openLogFolder() },
      { label: 'Show Library Folder', click: () => actions.openLibraryFolder() },
    ],
  };
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [appMenu] : []),
    file,
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    {
      label: 'Library',
      submenu: [
        { label: 'Back Up Library…', click: () => actions.backup() },
        { type: 'separator' },
        { label: 'Verify Library', click: () => actions.verify() },
        { label: 'Repair Library…', click: () => actions.repair() },
        { label: 'Rebuild Catalog…', click: () => actions.rebuildCatalog() },
      ],
    },
    { role: 'windowMenu' },
    help,
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Recent projects outside the window: the macOS dock menu and the Windows jump list. */
export function installRecentLists(recent: readonly RecentProject[], openProject: (id: string) => void): void {
  if (process.platform === 'darwin') {
    app.dock?.setMenu(Menu.buildFromTemplate(recent.map((p) => ({ label: p.name, click: () => openProject(p.id) }))));
  } else if (process.platform === 'win32') {
    // Each entry starts Reelvault with --open-project; the single-instance lock hands it to the running app.
    const appArgs = app.isPackaged ? '' : `"${app.getAppPath()}" `;
    app.setJumpList([
      {
        type: 'custom',
        name: 'Recent projects',
        items: recent.map((p) => ({ type: 'task' as const, title: p.name, description: p.workspacePath, program: process.execPath, args: `${appArgs}--open-project=${p.id}`, iconPath: process.execPath, iconIndex: 0 })),
      },
    ]);
  }
}
