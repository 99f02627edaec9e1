import path from 'node:path';
import { resolveBinary, type MediaTool } from './binaries.js';
import { MediaError, timedOutReason } from './media-error.js';
import { runTool, type RunToolResult } from './run-tool.js';

export const DEFAULT_TOOL_TIMEOUT_MS = 60_000;

/** Decoder threads per input: frame threading multiplies decoder memory, and the queue already runs jobs in parallel. */
const DECODER_THREADS = '2';

export interface ToolRunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  maxStdoutBytes?: number;
  /** Keeps the last this many bytes of stderr (default 4 MiB). */
  maxStderrBytes?: number;
  /** When this run is one step of a longer operation: the whole budget, named in the timeout reason. */
  budgetMs?: number;
  cwd?: string;
}

export interface InputOptions {
  /** Demuxer to pin (from an earlier probe) so a renamed playlist or image sequence is never sniffed into. */
  inputFormat?: string;
  /** Input seek: before -i, so ffmpeg jumps to a keyframe instead of decoding from the start. */
  seekSeconds?: number;
  /** ffprobe takes no decoder options. */
  decoderThreads?: boolean;
}

/**
 * A path as ffmpeg must see it: absolute (never read as an option) and with an explicit
 * `file:` so a name containing ':' is not taken for another protocol.
 */
export function fileArg(p: string): string {
  return `file:${path.resolve(p)}`;
}

/** Input arguments for one file; the whitelist sits on every input so nested opens (playlists, concat) stay on local files. */
export function inputArgs(file: string, opts: InputOptions = {}): string[] {
  const args = ['-protocol_whitelist', 'file'];
  if (opts.inputFormat) args.push('-f', opts.inputFormat);
  if (opts.seekSeconds !== undefined && opts.seekSeconds > 0) args.push('-ss', opts.seekSeconds.toFixed(3));
  if (opts.decoderThreads !== false) args.push('-threads', DECODER_THREADS);
  args.push('-i', fileArg(file));
  return args;
}

/**
 * ffprobe names a format by all of its aliases ('mov,mp4,m4a,3gp,3g2,mj2'); the first one is
 * the demuxer name `-f` accepts.
 */
export function demuxerFor(formatName: string | null | undefined): string | undefined {
  const first = formatName?.split(',')[0]?.trim();
  return first ? first : undefined;
}

/** The last meaningful stderr line: what the tool said just before giving up. */
export function lastLine(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

/** The tools' own words for the failures a user can act on, mapped to stable reasons. */
const KNOWN_FAILURES: Array<[RegExp, string]> = [
  [/Invalid data found when processing input|moov atom not found|could not find codec parameters/i, 'not a media file'],
  [/No such file or directory/i, 'file not found'],
  [/Permission denied/i, 'permission denied'],
];

export function failureReason(tool: MediaTool, stderr: string): string {
  return KNOWN_FAILURES.find(([pattern]) => pattern.test(stderr))?.[1] ?? `${tool} failed`;
}

async function run(tool: MediaTool, args: string[], opts: ToolRunOptions): Promise<RunToolResult> {
  // Throws a MediaError ('ffmpeg too old', 'ffmpeg not found') when no current build is there.
  const bin = await resolveBinary(tool);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  let result: RunToolResult;
  try {
    result = await runTool(bin.path, args, { timeoutMs, signal: opts.signal, maxStdoutBytes: opts.maxStdoutBytes, maxStderrBytes: opts.maxStderrBytes, cwd: opts.cwd });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new MediaError(code === 'ENOENT' ? `${tool} not found` : `${tool} could not start`, `${bin.path}: ${(err as Error).message}`);
  }
  if (result.aborted) throw new MediaError('cancelled');
  if (result.timedOut) throw new MediaError(timedOutReason(opts.budgetMs ?? timeoutMs));
  if (result.code !== 0) throw new MediaError(failureReason(tool, result.stderr), lastLine(result.stderr) || `exit ${String(result.code ?? result.signal)}`);
  return result;
}

/** ffmpeg never reads stdin (a job must not steal the app's terminal) and only speaks up on errors. */
export function runFfmpeg(args: string[], opts: ToolRunOptions = {}): Promise<RunToolResult> {
  return run('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args], opts);
}

/** ffprobe has no -nostdin (it never reads stdin); the child's stdin is closed regardless. */
export function runFfprobe(args: string[], opts: ToolRunOptions = {}): Promise<RunToolResult> {
  return run('ffprobe', ['-hide_banner', '-loglevel', 'error', ...args], opts);
}
