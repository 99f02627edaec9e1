import type { Theme } from '../../../shared/settings.js';
import type { DesktopServices } from '../handler-types.js';

/** A stand-in for the main process's native services (Electron cannot run here): it records each call. */
export function fakeDesktop(opts: { logDir?: string; cacheBytes?: number } = {}) {
  const calls: { revealed: string[]; dragged: { path: string; name: string }[]; recent: { id: string; name: string; workspacePath: string }[]; themes: Theme[]; relaunched: number; opened: string[] } = {
    revealed: [],
    dragged: [],
    recent: [],
    themes: [],
    relaunched: 0,
    opened: [],
  };
  let cache = opts.cacheBytes ?? 4096;
  const services: DesktopServices = {
    chooseFolder: () => Promise.resolve(null),
    chooseSavePath: () => Promise.resolve(null),
    openFolder: (p) => {
      calls.opened.push(p);
      return Promise.resolve();
    },
    revealFile: (p) => void calls.revealed.push(p),
    startDrag: (f) => {
      calls.dragged.push(f);
      return Promise.resolve();
    },
    noteRecent: (p) => void calls.recent.push(p),
    cacheBytes: () => Promise.resolve(cache),
    clearCache: () => {
      const freed = cache;
      cache = 0;
      return Promise.resolve(freed);
    },
    applyTheme: (t) => void calls.themes.push(t),
    relaunch: () => void calls.relaunched++,
    logDir: opts.logDir ?? '/var/log/reelvault-test',
  };
  return { services, calls };
}
