import { promises as fsp } from 'node:fs';
import sharp from 'sharp';
import { stillFormatFor, writeAtomically, type StillFormat } from './atomic-output.js';
import { DEFAULT_TOOL_TIMEOUT_MS, fileArg, inputArgs, runFfmpeg } from './ff-command.js';
import { imageFailure } from './image-probe.js';
import { MediaError } from './media-error.js';
import { probeMedia } from './probe.js';

/** The two sizes the UI shows: asset-grid cards and the detail pane. */
export const GRID_WIDTH = 320;
export const DETAIL_WIDTH = 1280;
export const THUMB_WIDTHS = { grid: GRID_WIDTH, detail: DETAIL_WIDTH } as const;

export interface StillResult {
  file: string;
  width: number;
  height: number;
  format: StillFormat;
}

export interface PosterOptions {
  width: number;
  /** Explicit frame time; otherwise posterTime(duration). */
  atSeconds?: number;
  /** From an earlier probe; saves probing again. */
  durationSeconds?: number | null;
  inputFormat?: string;
  format?: StillFormat;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ImageThumbOptions {
  width: number;
  format?: StillFormat;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * 10% in or 1 s, whichever is earlier: past fades from black, yet cheap to seek. Clips under a
 * second use their first frame, because seeking near the end of a tiny clip can land past the
 * last frame.
 */
export function posterTime(durationSeconds: number | null | undefined): number {
  if (!durationSeconds || durationSeconds < 1) return 0;
  return Math.min(durationSeconds * 0.1, 1);
}

function checkWidth(width: number): void {
  if (!Number.isInteger(width) || width < 16 || width > 4096) throw new MediaError('invalid size', `width ${width}`);
}

async function readDims(file: string, format: StillFormat): Promise<StillResult> {
  const meta = await sharp(file).metadata();
  if (!meta.width || !meta.height) throw new MediaError('no frame decoded');
  return { file, width: meta.width, height: meta.height, format };
}

/**
 * One frame, seeking on the input (-ss before -i jumps to the nearest keyframe instead of
 * decoding up to the time). Never enlarges: a poster wider than its source only costs disk.
 * ffmpeg auto-rotates, so a phone video's poster is upright.
 */
export async function makePoster(videoFile: string, outFile: string, opts: PosterOptions): Promise<StillResult> {
  checkWidth(opts.width);
  const format = stillFormatFor(outFile, opts.format);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let at = opts.atSeconds;
  if (at === undefined) {
    const duration = opts.durationSeconds !== undefined
      ? opts.durationSeconds
      : (await probeMedia(videoFile, { timeoutMs, signal: opts.signal, inputFormat: opts.inputFormat })).durationSeconds;
    at = posterTime(duration);
  }
  const scale = `scale=w=trunc(min(iw\\,${opts.width})/2)*2:h=-2`;
  const codec = format === 'webp' ? ['-c:v', 'libwebp', '-quality', '80'] : ['-c:v', 'mjpeg', '-q:v', '3'];

  return writeAtomically(outFile, async (tmp) => {
    const attempt = async (seek: number): Promise<boolean> => {
      await runFfmpeg(
        [...inputArgs(videoFile, { inputFormat: opts.inputFormat, seekSeconds: seek }), '-map', '0:v:0', '-frames:v', '1', '-vf', scale, ...codec, '-f', 'image2pipe', fileArg(tmp)],
        { timeoutMs: Math.max(1, deadline - Date.now()), budgetMs: timeoutMs, signal: opts.signal },
      );
      const size = await fsp.stat(tmp).then((s) => s.size, () => 0);
      return size > 0;
    };
    // A seek past the last decodable frame (duration metadata that overstates the video) yields
    // nothing and still exits 0; the first frame is the honest fallback.
    if (!(await attempt(at)) && !(at > 0 && (await attempt(0)))) throw new MediaError('no frame decoded');
    return readDims(tmp, format).then((r) => ({ ...r, file: outFile }));
  });
}

/**
 * sharp keeps its default limitInputPixels, so a decompression bomb fails with 'image too
 * large' instead of taking the app's memory; rotate() applies EXIF orientation first.
 */
export async function makeImageThumb(imageFile: string, outFile: string, opts: ImageThumbOptions): Promise<StillResult> {
  checkWidth(opts.width);
  if (opts.signal?.aborted) throw new MediaError('cancelled');
  const format = stillFormatFor(outFile, opts.format);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  return writeAtomically(outFile, async (tmp) => {
    try {
      const pipeline = sharp(imageFile).rotate().resize({ width: opts.width, withoutEnlargement: true }).timeout({ seconds });
      const encoded = format === 'webp' ? pipeline.webp({ quality: 80 }) : pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 82, mozjpeg: true });
      const info = await encoded.toFile(tmp);
      // sharp work cannot be interrupted; a cancel that arrived meanwhile still wins.
      if (opts.signal?.aborted) throw new MediaError('cancelled');
      return { file: outFile, width: info.width, height: info.height, format };
    } catch (err) {
      throw err instanceof MediaError ? err : imageFailure(err, seconds * 1000);
    }
  });
}
