import { spawn, spawnSync } from 'node:child_process';
import type { WriteStream } from 'node:fs';

export interface LoggedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  aborted: boolean;
  /** The last lines it printed (stdout and stderr together), for an error message. */
  tail: string[];
}

export interface LoggedOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Every line goes here as well as to the log, without its line break and colour codes. */
  onLine?: (line: string) => void;
  log: WriteStream;
  shell?: boolean;
}

const TAIL_LINES = 40;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;

/**
 * Runs a long tool (npm, the Remotion CLI) with its output teed into a log file and read line by
 * line. It starts a process group of its own, and an abort kills the whole group: Remotion starts
 * Chromium and its compositor, npm starts install scripts, and killing only the parent would leave
 * them running (and holding files) after a cancel.
 */
export function runLogged(command: string, args: readonly string[], opts: LoggedOptions): Promise<LoggedRun> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return resolve({ code: null, signal: null, aborted: true, tail: [] });
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
      shell: opts.shell ?? false,
    });
    const tail: string[] = [];
    let aborted = false;
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        if (process.platform === 'win32') spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
        else process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Gone already (ESRCH), or never became a group leader: the child alone, then.
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    };
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) killGroup();
    };
    const onAbort = () => {
      aborted = true;
      opts.log.write(`\n[reelvault] stopped: ${String(opts.signal?.reason instanceof Error ? opts.signal.reason.message : (opts.signal?.reason ?? 'cancelled'))}\n`);
      kill();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const splitter = () => {
      let rest = '';
      return (chunk: Buffer) => {
        opts.log.write(chunk);
        rest += chunk.toString('utf8');
        // Progress bars redraw with \r; each redraw is a line for the parser.
        const parts = rest.split(/\r\n|\n|\r/);
        rest = parts.pop() ?? '';
        if (rest.length > 64 * 1024) rest = rest.slice(-64 * 1024);
        for (const raw of parts) {
          const line = raw.replace(ANSI, '').trimEnd();
          if (!line) continue;
          tail.push(line);
          if (tail.length > TAIL_LINES) tail.shift();
          opts.onLine?.(line);
        }
      };
    };
    child.stdout.on('data', splitter());
    child.stderr.on('data', splitter());
    child.on('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
    child.on('close', (code, sig) => {
      opts.signal?.removeEventListener('abort', onAbort);
      // A leader that exited may leave children behind (a browser, a compositor): they go with it.
      if (process.platform !== 'win32') killGroup();
      resolve({ code, signal: sig, aborted, tail });
    });
  });
}
