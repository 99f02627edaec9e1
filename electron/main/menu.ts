import { app, Menu, type MenuItemConstructorOptions } from 'electron';

/** What the Library menu does; the main process supplies it over the same handler table. */
export interface LibraryMenuActions {
  backup(): void;
  verify(): void;
  repair(): void;
}

/** The usual native menu, built from roles so each platform gets its own wording and shortcuts. */
export function installMenu(library: LibraryMenuActions): void {
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
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    {
      label: 'Library',
      submenu: [
        { label: 'Back Up Library…', click: () => library.backup() },
        { type: 'separator' },
        { label: 'Verify Library', click: () => library.verify() },
        { label: 'Repair Library…', click: () => library.repair() },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
