import { spawn } from 'node:child_process';

/** Per-stream capture cap: enough for any ffprobe JSON or a filmstrip tile, never unbounded. */
export const DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

export interface RunToolOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Keeps the first bytes of stdout (the useful part of JSON or raw frames). */
  maxStdoutBytes?: number;
  /** Keeps the last bytes of stderr (tools print the fatal line last). */
  maxStderrBytes?: number;
  /** Working folder (filters that write files take names relative to it: no path escaping in a filter graph). */
  cwd?: string;
}

export interface RunToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  stdoutTruncated: boolean;
}

class HeadBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly cap: number) {}
  push(chunk: Buffer): void {
    const room = this.cap - this.size;
    if (chunk.length > room) this.truncated = true;
    if (room <= 0) return;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.chunks.push(kept);
    this.size += kept.length;
  }
  value(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}

class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly cap: number) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    // Drop whole chunks from the front while the rest still covers the cap.
    while (this.chunks.length > 1 && this.size - this.chunks[0]!.length >= this.cap) {
      this.size -= this.chunks.shift()!.length;
    }
  }
  value(): Buffer {
    const all = Buffer.concat(this.chunks, this.size);
    return all.length > this.cap ? all.subarray(all.length - this.cap) : all;
  }
}

/**
 * Runs a tool with no shell and no stdin. A timeout or an abort kills it with SIGKILL: ffmpeg
 * stuck in a pathological file does not answer politer signals quickly, and a stuck child is
 * exactly what would leave a thumbnail "pending" forever. Output keeps draining past the caps so
 * the child never blocks on a full pipe.
 */
export function runTool(command: string, args: readonly string[], options: RunToolOptions): Promise<RunToolResult> {
  const { timeoutMs, signal } = options;
  const stdout = new HeadBuffer(options.maxStdoutBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
  const stderr = new TailBuffer(options.maxStderrBytes ?? DEFAULT_MAX_OUTPUT_BYTES);

  if (signal?.aborted) {
    return Promise.resolve({ code: null, signal: null, stdout: Buffer.alloc(0), stderr: '', timedOut: false, aborted: true, stdoutTruncated: false });
  }

  return new Promise((resolve, reject) => {
    let timedOut = false;
    let aborted = false;
    let settled = false;
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, cwd: options.cwd });

    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      kill();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = (): void => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (err) => {
      if (settled) return;
      cleanup();
      kill();
      reject(err);
    });
    child.on('close', (code, sig) => {
      if (settled) return;
      cleanup();
      resolve({
        code,
        signal: sig,
        stdout: stdout.value(),
        stderr: stderr.value().toString('utf8'),
        timedOut,
        aborted,
        stdoutTruncated: stdout.truncated,
      });
    });
  });
}
