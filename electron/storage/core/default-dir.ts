import os from 'node:os';
import path from 'node:path';

/**
 * The platform's app-data folder for Reelvault — the same one Electron's app.getPath('userData')
 * gives the desktop app (productName "Reelvault"), so the CLI and the app share a library.
 * REELVAULT_LIBRARY overrides it.
 */
export function defaultLibraryDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.REELVAULT_LIBRARY) return path.resolve(env.REELVAULT_LIBRARY);
  return appDataDir(env);
}

/**
 * The app's own data folder, whatever REELVAULT_LIBRARY says. Electron fills it with files of its own
 * (preferences, caches), so it is the one non-empty folder where a new library may be made.
 */
export function isAppDataDir(dir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return path.resolve(dir) === appDataDir(env);
}

function appDataDir(env: NodeJS.ProcessEnv): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Reelvault');
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Reelvault');
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Reelvault');
  }
}
