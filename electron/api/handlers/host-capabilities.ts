import { forbidden } from '../../../shared/errors.js';
import type { ApiContext, DesktopServices } from '../handler-types.js';

/**
 * Channels that take a path on this machine (adopt a folder, import by path, export to a path) are
 * the desktop app's: a browser has no paths to give, and refusing them in the web host means a
 * leaked token cannot be used to read or write files outside the library.
 */
export function requirePaths(c: ApiContext, what: string): void {
  if (c.pathsAllowed) return;
  if (c.host === 'mcp') throw forbidden(`${what} by path is off for agents; start the server with \`reelvault mcp --allow-paths\` to allow it`);
  throw forbidden(`${what} by path is available in the desktop app; in the browser, upload or download instead`);
}

export function requireDesktop(c: ApiContext, what: string): DesktopServices {
  if (c.host !== 'desktop' || !c.desktop) throw forbidden(`${what} is available in the desktop app only`);
  return c.desktop;
}
