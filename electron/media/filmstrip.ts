import sharp from 'sharp';
import { stillFormatFor, writeAtomically, type StillFormat } from './atomic-output.js';
import { DEFAULT_TOOL_TIMEOUT_MS, inputArgs, runFfmpeg } from './ff-command.js';
import { MediaError } from './media-error.js';
import { probeMedia } from './probe.js';
import type { MediaProbe } from './probe-result.js';

export const MAX_FILMSTRIP_FRAMES = 100;
/** WebP's hard limit; JPEG's is higher, but one limit keeps both encodings possible. */
const MAX_SPRITE_WIDTH = 16383;

export interface FilmstripOptions {
  frames: number;
  tileWidth: number;
  /** From an earlier probe; saves probing again. */
  probe?: MediaProbe;
  inputFormat?: string;
  format?: StillFormat;
  /** For the whole strip, not per frame. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Fraction done after each frame, for the jobs panel. */
  onProgress?: (fraction: number) => void;
}

export interface FilmstripResult {
  file: string;
  frames: number;
  tileWidth: number;
  tileHeight: number;
  width: number;
  height: number;
  /** The time each tile shows, left to right, so hover-scrub can map x to time. */
  times: number[];
}

/** Centres of N equal slices: never the black first frame, never past the end. */
export function filmstripTimes(durationSeconds: number, frames: number): number[] {
  return Array.from({ length: frames }, (_, i) => Math.round(((i + 0.5) / frames) * durationSeconds * 1000) / 1000);
}

function evenRound(n: number): number {
  return Math.max(2, Math.round(n / 2) * 2);
}

/**
 * One short ffmpeg run per tile, each seeking on the input and emitting one raw RGB frame, then
 * sharp joins them. That costs N process starts, but each decodes only from the nearest
 * keyframe (a single fps-filter pass decodes the whole video: minutes for a long one), holds one
 * decoder at a time, and a tile that lands past the last frame is retried earlier, so the strip
 * always has exactly N tiles.
 */
export async function makeFilmstrip(videoFile: string, outFile: string, opts: FilmstripOptions): Promise<FilmstripResult> {
  const { frames, tileWidth } = opts;
  if (!Number.isInteger(frames) || frames < 1 || frames > MAX_FILMSTRIP_FRAMES) throw new MediaError('invalid size', `frames ${frames}`);
  if (!Number.isInteger(tileWidth) || tileWidth < 16 || frames * tileWidth > MAX_SPRITE_WIDTH) throw new MediaError('invalid size', `tile width ${tileWidth}`);
  const format = stillFormatFor(outFile, opts.format);
  const budgetMs = opts.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  const deadline = Date.now() + budgetMs;

  const probe = opts.probe ?? (await probeMedia(videoFile, { timeoutMs: budgetMs, signal: opts.signal, inputFormat: opts.inputFormat }));
  if (probe.kind !== 'video' || !probe.width || !probe.height) throw new MediaError('not a video');
  const tileHeight = evenRound((tileWidth * probe.height) / probe.width);
  const frameBytes = tileWidth * tileHeight * 3;
  const times = filmstripTimes(probe.durationSeconds ?? 0, frames);

  const grab = async (seek: number): Promise<Buffer | undefined> => {
    const { stdout } = await runFfmpeg(
      [
        ...inputArgs(videoFile, { inputFormat: opts.inputFormat, seekSeconds: seek }),
        '-map', '0:v:0', '-frames:v', '1',
        '-vf', `scale=${tileWidth}:${tileHeight}`,
        '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
      ],
      { timeoutMs: Math.max(1, deadline - Date.now()), budgetMs, signal: opts.signal, maxStdoutBytes: frameBytes },
    );
    return stdout.length === frameBytes ? stdout : undefined;
  };

  const tiles: sharp.OverlayOptions[] = [];
  for (const [i, t] of times.entries()) {
    // Past-the-end seeks return no frame (exit 0); halve towards the start, then take frame 0.
    const frame = (await grab(t)) ?? (t > 0 ? ((await grab(t / 2)) ?? (await grab(0))) : undefined);
    if (!frame) throw new MediaError('no frame decoded', `at ${t}s`);
    tiles.push({ input: frame, raw: { width: tileWidth, height: tileHeight, channels: 3 }, left: i * tileWidth, top: 0 });
    opts.onProgress?.((i + 1) / frames);
  }

  const width = frames * tileWidth;
  await writeAtomically(outFile, async (tmp) => {
    const canvas = sharp({ create: { width, height: tileHeight, channels: 3, background: '#000000' } }).composite(tiles);
    await (format === 'webp' ? canvas.webp({ quality: 75 }) : canvas.jpeg({ quality: 78, mozjpeg: true })).toFile(tmp);
  });
  return { file: outFile, frames, tileWidth, tileHeight, width, height: tileHeight, times };
}
