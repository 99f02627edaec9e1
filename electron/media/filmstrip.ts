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
  /** The centre of each tile's slice, left to right (hover-scrub maps x to time): the tile shows the frame there or a keyframe within half a slice of it. */
  times: number[];
  /** How many ffmpeg runs made it: 1 for a clip decoded in one pass, else one or two per tile. */
  ffmpegRuns: number;
}

/** Centres of N equal slices: never the black first frame, never past the end. */
export function filmstripTimes(durationSeconds: number, frames: number): number[] {
  return Array.from({ length: frames }, (_, i) => Math.round(((i + 0.5) / frames) * durationSeconds * 1000) / 1000);
}

function evenRound(n: number): number {
  return Math.max(2, Math.round(n / 2) * 2);
}

/** Half a slice of frames with fewer pixels than this is decoded exactly without a keyframe try first. */
const KEYFRAME_TRY_MIN_PIXELS = 4_000_000;

/**
 * A clip with no more than this many pixels of frames in all (≈5 s of 1080p at 30 fps, 10 s of 720p)
 * is decoded once from start to end and its tiles picked from that: one ffmpeg run instead of ten or
 * more, each of which costs more to start than decoding the whole of such a clip. Measured here, ten
 * 160 px tiles (loaded 2-core VM): 2 s of 320×180 0.25–0.5 s against 1.0–1.2 s per tile; 2 s of
 * 1080p 0.5–0.7 s against 2.0–2.7 s; 10 s of 1080p (622 Mpx) 2.0 s against 3.2 s; 30 s of 1080p
 * (1.9 Gpx) 3.9–6.1 s against 1.7–2.2 s, so the line is drawn well below where one pass stops paying.
 */
const ONE_PASS_MAX_PIXELS = 300_000_000;
/** …and only while all its tile-sized frames fit in this much memory (they are kept until picked). */
const ONE_PASS_MAX_BYTES = 32 * 1024 * 1024;

/** showinfo's line for each frame out: its time relative to the seek point (ffmpeg shifts timestamps by -ss). */
const SHOWN_AT = /Parsed_showinfo[^\n]*?\bpts_time:(-?\d+(?:\.\d+)?)/g;

/**
 * One short ffmpeg run per tile, each seeking on the input and emitting one raw RGB frame, then
 * sharp joins them. That costs N process starts, but each decodes only from the nearest
 * keyframe (a single fps-filter pass decodes the whole video: minutes for a long one), holds one
 * decoder at a time, and a tile that lands past the last frame is retried earlier, so the strip
 * always has exactly N tiles.
 *
 * Each tile first takes the keyframes either side of its time, decoding those two frames only:
 * decoding on from the keyframe to the exact time was most of the cost (a 4K clip with x264's
 * default 250-frame GOP: 6.0 s per strip, 1.3 s keyframe-first). The nearer keyframe is kept when it
 * lies within half a slice of the tile's time, so inside the tile's own slice of the clip; otherwise
 * (a GOP longer than a slice: short clips, screen recordings; or the clip's first frame, on the
 * first slice's edge) that tile is decoded to its exact time as before.
 *
 * A small clip (ONE_PASS_MAX_PIXELS: the 2 s phone clip, the short screen capture) is decoded once
 * from start to end instead, and each tile is the frame an exact seek would give: decoding all of it
 * costs less than starting ffmpeg ten times.
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
  let ffmpegRuns = 0;
  const ffmpeg = (args: string[], o: Parameters<typeof runFfmpeg>[1]) => {
    ffmpegRuns++;
    return runFfmpeg(args, o);
  };

  /** Up to `count` raw tile-sized frames from `seek` on: every frame, or (keyframes) only keyframes, each shown by showinfo. */
  const decode = (seek: number, count: number, keyframes: boolean) =>
    ffmpeg(
      [
        // Input options for the -i that follows: decode keyframes only, from the one at or before the seek.
        ...(keyframes ? ['-skip_frame', 'nokey', '-noaccurate_seek'] : []),
        ...inputArgs(videoFile, { inputFormat: opts.inputFormat, seekSeconds: seek }),
        // showinfo speaks at info level (each frame's time); -nostats keeps the progress line out.
        // Passthrough: the keyframe before the seek point has a negative time, which the default
        // frame-rate mode drops (only the next keyframe would come out).
        ...(keyframes ? ['-loglevel', 'info', '-nostats', '-fps_mode', 'passthrough'] : []),
        '-map', '0:v:0', '-frames:v', String(count),
        '-vf', `scale=${tileWidth}:${tileHeight}${keyframes ? ',showinfo' : ''}`,
        '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
      ],
      { timeoutMs: Math.max(1, deadline - Date.now()), budgetMs, signal: opts.signal, maxStdoutBytes: count * frameBytes },
    );

  const grab = async (seek: number): Promise<Buffer | undefined> => {
    const { stdout } = await decode(seek, 1, false);
    return stdout.length === frameBytes ? stdout : undefined;
  };

  /**
   * The keyframe at or before `seek` and the one after it (if any), each with its time from `seek`:
   * negative before, positive after. Undefined when ffmpeg would not say.
   */
  const grabKeyframes = async (seek: number): Promise<{ frame: Buffer; at: number }[] | undefined> => {
    try {
      const { stdout, stderr } = await decode(seek, 2, true);
      const shown = [...stderr.matchAll(SHOWN_AT)].map((m) => Number(m[1]));
      if (shown.length === 0 || stdout.length !== shown.length * frameBytes) return undefined;
      return shown.map((at, k) => ({ frame: stdout.subarray(k * frameBytes, (k + 1) * frameBytes), at }));
    } catch (err) {
      // A cancel or the strip's deadline ends the strip; anything else is the exact grab's to report.
      if (opts.signal?.aborted || Date.now() >= deadline) throw err;
      return undefined;
    }
  };
  /**
   * Every frame of the clip, tile-sized, with its time from the first: undefined when ffmpeg would
   * not say, or the clip reached the budget (longer than its probe said: ffmpeg stops there).
   */
  const grabAll = async (budgetFrames: number): Promise<{ frame: Buffer; at: number }[] | undefined> => {
    try {
      const { stdout, stderr } = await ffmpeg(
        [
          ...inputArgs(videoFile, { inputFormat: opts.inputFormat }),
          // Passthrough: one output frame per decoded frame, so stdout's frames line up with showinfo's lines.
          '-loglevel', 'info', '-nostats', '-fps_mode', 'passthrough',
          '-map', '0:v:0', '-frames:v', String(budgetFrames), '-vf', `scale=${tileWidth}:${tileHeight},showinfo`,
          '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
        ],
        { timeoutMs: Math.max(1, deadline - Date.now()), budgetMs, signal: opts.signal, maxStdoutBytes: budgetFrames * frameBytes, maxStderrBytes: budgetFrames * 1024 + 65_536 },
      );
      const shown = [...stderr.matchAll(SHOWN_AT)].map((m) => Number(m[1]));
      if (shown.length === 0 || shown.length >= budgetFrames || stdout.length !== shown.length * frameBytes) return undefined;
      const first = shown[0] as number;
      return shown.map((at, k) => ({ frame: stdout.subarray(k * frameBytes, (k + 1) * frameBytes), at: at - first }));
    } catch (err) {
      if (opts.signal?.aborted || Date.now() >= deadline) throw err;
      return undefined;
    }
  };
  const slice = (probe.durationSeconds ?? 0) / frames;
  const clipFrames = Math.ceil((probe.durationSeconds ?? 0) * (probe.fps ?? 30));
  if (probe.durationSeconds && clipFrames * probe.width * probe.height <= ONE_PASS_MAX_PIXELS && clipFrames * frameBytes <= ONE_PASS_MAX_BYTES) {
    // A little over the probe's count: durations and frame rates are rounded (and a last frame may run past).
    const all = await grabAll(Math.ceil(clipFrames * 1.25) + 8);
    if (all) {
      // As an exact seek to t shows it: the first frame at or after t (a millisecond's rounding
      // allowed); past the last frame, the last one.
      const tiles = times.map((t) => (all.find((f) => f.at >= t - 0.001) ?? all[all.length - 1]) as { frame: Buffer });
      opts.onProgress?.(1);
      return compose(tiles.map((f) => f.frame));
    }
  }
  // Each try takes the keyframe before the tile's time and the one after it: either is the tile when
  // it lies within half a slice. A try with no keyframe after (a short clip's only keyframe is its
  // first frame) means every later tile would miss too, and so, nearly, do two misses in a row: then
  // the rest go straight to exact, since each miss is one ffmpeg run spent for nothing.
  // And a small clip does not try at all: a tile decoded exactly costs at most about half a slice of
  // frames, and below this many pixels (a 2 s 320×180 clip's half slice is 0.1 Mpx) that decode is a
  // few milliseconds, less than the try's own ffmpeg start (≈50 ms here).
  const halfSlicePixels = (slice / 2) * (probe.fps ?? 30) * probe.width * probe.height;
  let keyframesHelp = halfSlicePixels >= KEYFRAME_TRY_MIN_PIXELS;
  let misses = 0;

  const picked: Buffer[] = [];
  for (const [i, t] of times.entries()) {
    let key: Buffer | undefined;
    if (t > 0 && keyframesHelp) {
      const got = await grabKeyframes(t);
      const nearest = got?.reduce((a, b) => (Math.abs(b.at) < Math.abs(a.at) ? b : a));
      if (nearest && Math.abs(nearest.at) < slice / 2) key = nearest.frame;
      misses = key ? 0 : misses + 1;
      if (!got || got.length < 2 || misses >= 2) keyframesHelp = false;
    }
    // Past-the-end seeks return no frame (exit 0); halve towards the start, then take frame 0.
    const frame = key ?? (await grab(t)) ?? (t > 0 ? ((await grab(t / 2)) ?? (await grab(0))) : undefined);
    if (!frame) throw new MediaError('no frame decoded', `at ${t}s`);
    picked.push(frame);
    opts.onProgress?.((i + 1) / frames);
  }
  return compose(picked);

  /** The tiles side by side, written atomically. */
  async function compose(frameTiles: Buffer[]): Promise<FilmstripResult> {
    const tiles = frameTiles.map((input, i): sharp.OverlayOptions => ({ input, raw: { width: tileWidth, height: tileHeight, channels: 3 }, left: i * tileWidth, top: 0 }));
    const width = frames * tileWidth;
    await writeAtomically(outFile, async (tmp) => {
      const canvas = sharp({ create: { width, height: tileHeight, channels: 3, background: '#000000' } }).composite(tiles);
      await (format === 'webp' ? canvas.webp({ quality: 75 }) : canvas.jpeg({ quality: 78, mozjpeg: true })).toFile(tmp);
    });
    return { file: outFile, frames, tileWidth, tileHeight, width, height: tileHeight, times, ffmpegRuns };
  }
}
