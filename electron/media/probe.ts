import { promises as fsp } from 'node:fs';
import { DEFAULT_TOOL_TIMEOUT_MS, inputArgs, runFfprobe } from './ff-command.js';
import { parseFfprobe, type FfprobeJson } from './ffprobe-parse.js';
import { probeImage } from './image-probe.js';
import { readHead, sniffBytes } from '../storage/index.js';
import { MediaError } from './media-error.js';
import type { MediaProbe } from './probe-result.js';

/** Still-image formats sharp reads: these go to sharp, everything else to ffprobe (decided by content, not name). */
const SHARP_STILLS = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/tiff', 'image/heic', 'image/avif', 'image/svg+xml']);

export interface ProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Pin the demuxer when the caller already knows it (a re-probe of a stored render). */
  inputFormat?: string;
}

async function regularFile(file: string): Promise<void> {
  let stat;
  try {
    stat = await fsp.stat(file);
  } catch (err) {
    throw new MediaError('file not found', (err as Error).message);
  }
  if (!stat.isFile()) throw new MediaError('not a file');
  if (stat.size === 0) throw new MediaError('empty file');
}

/**
 * Probes a video, audio or image file. Images go to sharp (decided by content, not name);
 * everything else to ffprobe. Throws MediaError with a short reason for anything that is not
 * playable media, so the caller can record it instead of showing a blank tile.
 */
export async function probeMedia(file: string, opts: ProbeOptions = {}): Promise<MediaProbe> {
  if (opts.signal?.aborted) throw new MediaError('cancelled');
  await regularFile(file);
  const sniffed = sniffBytes(await readHead(file));
  if (sniffed && SHARP_STILLS.has(sniffed) && !opts.inputFormat) return probeImage(file);

  const args = [
    '-print_format', 'json',
    '-show_format', '-show_streams',
    ...inputArgs(file, { inputFormat: opts.inputFormat, decoderThreads: false }),
  ];
  let stdout: Buffer;
  try {
    ({ stdout } = await runFfprobe(args, { timeoutMs: opts.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS, signal: opts.signal }));
  } catch (err) {
    // ffprobe exits non-zero for anything it cannot demux: random bytes, text, truncated files.
    if (err instanceof MediaError && err.reason === 'ffprobe failed') throw new MediaError('not a media file', err.message);
    throw err;
  }
  let json: FfprobeJson;
  try {
    json = JSON.parse(stdout.toString('utf8')) as FfprobeJson;
  } catch {
    throw new MediaError('not a media file', 'unreadable ffprobe output');
  }
  return parseFfprobe(json);
}
