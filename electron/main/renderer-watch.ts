/**
 * When the window's page crashes, is killed, or stops answering, the user gets a way back instead of
 * a white window: a message saying what happened with Reload (a fresh renderer process; the library
 * is in the main process and lost nothing), Quit, and the log folder. A page that hangs and recovers
 * by itself closes its own message. Plain Node: Electron's webContents and dialog are passed in.
 */
import type { LogFile } from './log-file.js';

export interface GoneDetails {
  reason: string;
  exitCode: number;
}

/** The part of webContents this watches. */
export interface WatchedContents {
  on(event: 'render-process-gone', listener: (event: unknown, details: GoneDetails) => void): unknown;
  on(event: 'unresponsive' | 'responsive', listener: () => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
}

export interface WatchDeps {
  /** A native message box; answers the index of the button chosen (closed by the signal: -1). */
  ask(opts: { type: 'error' | 'warning'; title: string; message: string; detail: string; buttons: string[]; signal?: AbortSignal }): Promise<number>;
  reload(): void;
  quit(): void;
  openLogFolder(): void;
  log: Pick<LogFile, 'info' | 'warn' | 'error'>;
  now?: () => number;
}

const REASONS: Record<string, string> = {
  crashed: 'crashed',
  oom: 'ran out of memory',
  killed: 'was stopped by another program or the system',
  'launch-failed': 'could not start',
  'integrity-failure': 'failed a code integrity check',
  'abnormal-exit': 'ended unexpectedly',
  'memory-eviction': 'was evicted to free memory',
};

/** Starts watching; answers the function that stops. */
export function watchRenderer(contents: WatchedContents, deps: WatchDeps): () => void {
  const now = deps.now ?? Date.now;
  const crashes: number[] = [];
  let hang: AbortController | null = null;
  let asking = false;

  const onGone = (_event: unknown, details: GoneDetails) => {
    if (details.reason === 'clean-exit') return;
    deps.log.error(`renderer process gone: ${details.reason} (exit code ${details.exitCode})`);
    hang?.abort();
    const t = now();
    crashes.push(t);
    while (crashes.length && t - (crashes[0] as number) > 120_000) crashes.shift();
    if (asking) return;
    asking = true;
    const repeated = crashes.length >= 3;
    void deps
      .ask({
        type: 'error',
        title: 'Reelvault',
        message: `The window ${REASONS[details.reason] ?? `stopped (${details.reason})`}.`,
        detail: `${repeated ? `It has stopped ${crashes.length} times in two minutes. ` : ''}Your library is safe: it is kept by the app, not the window. Reload opens the window again; the log folder has the details for a bug report.`,
        buttons: ['Reload', 'Quit', 'Open Log Folder'],
      })
      .then((choice) => {
        asking = false;
        if (choice === 1) deps.quit();
        else {
          if (choice === 2) deps.openLogFolder();
          deps.reload();
        }
      });
  };

  const onUnresponsive = () => {
    deps.log.warn('renderer unresponsive');
    if (hang) return;
    const controller = new AbortController();
    hang = controller;
    void deps
      .ask({
        type: 'warning',
        title: 'Reelvault',
        message: 'The window is not responding.',
        detail: 'It may be busy with a large folder or file. Wait for it, or reload the window (the library keeps everything saved).',
        buttons: ['Wait', 'Reload'],
        signal: controller.signal,
      })
      .then((choice) => {
        if (hang === controller) hang = null;
        if (choice === 1 && !controller.signal.aborted) deps.reload();
      });
  };

  const onResponsive = () => {
    if (!hang) return;
    deps.log.info('renderer responsive again');
    hang.abort();
    hang = null;
  };

  contents.on('render-process-gone', onGone);
  contents.on('unresponsive', onUnresponsive);
  contents.on('responsive', onResponsive);
  return () => {
    contents.off('render-process-gone', onGone);
    contents.off('unresponsive', onUnresponsive);
    contents.off('responsive', onResponsive);
    hang?.abort();
  };
}
