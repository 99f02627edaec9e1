import os from 'node:os';
import path from 'node:path';

/**
 * The platform's app-data folder for Reelvault — the same one Electron's app.getPath('userData')
 * gives the desktop app (productName "Reelvault"), so the CLI and the app share a library.
 * REELVAULT_LIBRARY overrides it.
 */
export function defaultLibraryDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.REELVAULT_LIBRARY) return path.resolve(env.REELVAULT_LIBRARY);
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
