import os from 'node:os';
import path from 'node:path';
import { isExecutableFile } from '../media/binaries.js';

/**
 * The programs a render needs from this machine — a Chrome or Chromium, Node and npm — and the
 * folder dependencies are cached in. Each can be named by an environment variable; otherwise the
 * usual places are searched. Nothing is downloaded here: a machine without a browser leaves the
 * choice to Remotion, which fetches its own headless shell where it can reach the internet.
 */

/** Where Chrome and Chromium install themselves, per platform, in the order they are tried. */
const BROWSER_PATHS: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/snap/bin/chromium', '/opt/google/chrome/chrome'],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    path.join(os.homedir(), 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
  ],
  win32: [
    path.join(process.env.PROGRAMFILES ?? 'C:\\Program Files', 'Google\\Chrome\\Application\\chrome.exe'),
    path.join(process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)', 'Google\\Chrome\\Application\\chrome.exe'),
    path.join(process.env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'Google\\Chrome\\Application\\chrome.exe'),
  ],
};

export interface BrowserChoice {
  /** The executable Remotion is given as browserExecutable; null: Remotion's own (downloaded) headless shell. */
  path: string | null;
  source: 'env' | 'found' | 'remotion';
}

/** CHROMIUM_PATH (as the e2e tests use it) or REELVAULT_CHROMIUM, else the first usual install that exists. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, candidates = BROWSER_PATHS[process.platform] ?? []): BrowserChoice {
  for (const name of ['REELVAULT_CHROMIUM', 'CHROMIUM_PATH']) {
    const p = env[name];
    if (p) {
      if (!isExecutableFile(p)) throw new Error(`${name} names ${p}, which is not an executable file`);
      return { path: p, source: 'env' };
    }
  }
  const found = candidates.find((p) => isExecutableFile(p));
  return found ? { path: found, source: 'found' } : { path: null, source: 'remotion' };
}

/**
 * The node that runs a project's Remotion CLI. The CLI and the web host run in Node and use their own;
 * inside Electron, process.execPath is the app (and its RunAsNode fuse is off), so Node comes from PATH.
 */
export function nodeCommand(env: NodeJS.ProcessEnv = process.env): string {
  if (env.REELVAULT_NODE) return env.REELVAULT_NODE;
  return process.versions.electron ? 'node' : process.execPath;
}

/** npm from REELVAULT_NPM or PATH; on Windows it is a .cmd script, which needs a shell to start. */
export function npmCommand(env: NodeJS.ProcessEnv = process.env): { command: string; shell: boolean } {
  if (env.REELVAULT_NPM) return { command: env.REELVAULT_NPM, shell: process.platform === 'win32' };
  return process.platform === 'win32' ? { command: 'npm.cmd', shell: true } : { command: 'npm', shell: false };
}

/**
 * Installed dependencies, shared by every render of the same lockfile: REELVAULT_RENDER_CACHE, else
 * the platform's cache folder. Outside the library on purpose — node_modules are built for this
 * machine (native compositor binaries), hundreds of MB, and nothing a backup should carry.
 */
export function renderCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.REELVAULT_RENDER_CACHE) return path.resolve(env.REELVAULT_RENDER_CACHE);
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Caches', 'Reelvault', 'render-deps');
    case 'win32':
      return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'Reelvault', 'Cache', 'render-deps');
    default:
      return path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'reelvault', 'render-deps');
  }
}
