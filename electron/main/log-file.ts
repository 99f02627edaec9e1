/**
 * The desktop app's log: lines appended to <userData>/logs/main.log, rotated by size (main.log →
 * main.1.log → … → main.<keep>.log, the oldest dropped), so a long-running app never fills a disk
 * and a bug report has the last few megabytes. Plain Node, no electron import, so it is tested in Node.
 * Writing never throws: a log that cannot be written must not take the app down with it.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogFile {
  readonly dir: string;
  readonly file: string;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface LogFileOptions {
  dir: string;
  name?: string;
  /** Rotate when the file would grow past this (default 1 MB). */
  maxBytes?: number;
  /** Rotated files kept besides the current one (default 3). */
  keep?: number;
  now?: () => Date;
}

export function openLogFile(opts: LogFileOptions): LogFile {
  const name = opts.name ?? 'main.log';
  const maxBytes = opts.maxBytes ?? 1_000_000;
  const keep = opts.keep ?? 3;
  const now = opts.now ?? (() => new Date());
  const file = path.join(opts.dir, name);
  const ext = path.extname(name);
  const base = name.slice(0, name.length - ext.length);
  const rotated = (i: number) => path.join(opts.dir, `${base}.${i}${ext}`);
  let size = -1;

  const rotate = () => {
    rmSync(rotated(keep), { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      try {
        renameSync(rotated(i), rotated(i + 1));
      } catch {
        // that generation does not exist yet
      }
    }
    if (keep >= 1) renameSync(file, rotated(1));
    else rmSync(file, { force: true });
    size = 0;
  };

  const write = (level: LogLevel, args: unknown[]) => {
    const text = format(...args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : a)));
    const line = `${now().toISOString()} [${level}] ${text.replace(/\r?\n/g, '\n    ')}\n`;
    try {
      if (size < 0) {
        mkdirSync(opts.dir, { recursive: true });
        try {
          size = statSync(file).size;
        } catch {
          size = 0;
        }
      }
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) rotate();
      appendFileSync(file, line);
      size += bytes;
    } catch {
      size = -1; // look at the disk again next time
    }
  };

  return {
    dir: opts.dir,
    file,
    info: (...a) => write('info', a),
    warn: (...a) => write('warn', a),
    error: (...a) => write('error', a),
  };
}

/**
 * Copies console.warn/console.error and unhandled errors of the main process into the log, keeping
 * their usual behaviour (the console still prints; an uncaught exception still does what it did).
 */
export function captureProcessLogs(log: LogFile, proc: NodeJS.Process = process, cons: Console = console): () => void {
  const warn = cons.warn.bind(cons);
  const error = cons.error.bind(cons);
  cons.warn = (...a: unknown[]) => {
    log.warn(...a);
    warn(...a);
  };
  cons.error = (...a: unknown[]) => {
    log.error(...a);
    error(...a);
  };
  const onUncaught = (err: unknown) => log.error('uncaught exception:', err);
  const onRejection = (reason: unknown) => log.error('unhandled rejection:', reason);
  proc.on('uncaughtExceptionMonitor', onUncaught);
  proc.on('unhandledRejection', onRejection);
  return () => {
    cons.warn = warn;
    cons.error = error;
    proc.off('uncaughtExceptionMonitor', onUncaught);
    proc.off('unhandledRejection', onRejection);
  };
}
