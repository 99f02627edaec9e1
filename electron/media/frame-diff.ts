import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { FrameScore } from '../../shared/render-models.js';
import { inputArgs, runFfmpeg, runFfprobe } from './ff-command.js';
import { MediaError } from './media-error.js';
import { probeMedia } from './probe.js';

export interface FrameDiffOptions {
  /** An empty folder of the caller's: ffmpeg writes its stats files there. */
  scratch?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface FrameDiffResult {
  framesA: number;
  framesB: number;
  fps: number | null;
  /** One per compared frame (the shorter video's count), index = frame number from 0. */
  scores: FrameScore[];
}

/** Long renders decode at a few hundred frames a second at most; leave room on a slow machine. */
export const FRAME_DIFF_TIMEOUT_MS = 30 * 60_000;

/** Video frames in a file, by counting packets (demuxing only, no decoding). */
export async function countFrames(file: string, opts: FrameDiffOptions): Promise<number> {
  const { stdout } = await runFfprobe(['-select_streams', 'v:0', '-count_packets', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', ...inputArgs(file, { decoderThreads: false })], {
    signal: opts.signal,
    timeoutMs: opts.timeoutMs ?? FRAME_DIFF_TIMEOUT_MS,
  });
  // csv prints "30," (an empty second field for the section): the first field is the count.
  const n = Number(stdout.toString('utf8').trim().split(/[\s,]+/)[0]);
  if (!Number.isInteger(n) || n < 0) throw new MediaError('no video stream');
  return n;
}

/**
 * Frame-by-frame difference of two videos with ffmpeg's own `ssim` and `psnr` filters (never a
 * hand-written pixel loop), in one decoding pass: both inputs are numbered by frame (so two renders
 * at different frame rates still pair frame n with frame n), B is scaled to A's size when they
 * differ, and the comparison stops at the shorter one.
 */
export async function compareVideos(a: string, b: string, opts: FrameDiffOptions): Promise<FrameDiffResult> {
  const timeoutMs = opts.timeoutMs ?? FRAME_DIFF_TIMEOUT_MS;
  const [pa, pb] = await Promise.all([probeMedia(a, { signal: opts.signal }), probeMedia(b, { signal: opts.signal })]);
  if (pa.kind !== 'video' || pb.kind !== 'video' || !pa.width || !pa.height) throw new MediaError('not a video');
  const [framesA, framesB] = await Promise.all([countFrames(a, opts), countFrames(b, opts)]);
  const sameSize = pa.width === pb.width && pa.height === pb.height;
  // Frame numbers as timestamps: the filters pair frames by time, and this makes time = frame index.
  const number = 'settb=1/1000,setpts=N,format=yuv420p';
  const graph = [
    `[0:v]${number},split[a0][a1]`,
    `[1:v]${number}${sameSize ? '' : `,scale=${pa.width}:${pa.height}:flags=bicubic`},split[b0][b1]`,
    // Relative names, in the scratch folder (ffmpeg's working folder): no path escaping in the graph.
    '[a0][b0]ssim=stats_file=ssim.log:shortest=1',
    '[a1][b1]psnr=stats_file=psnr.log:shortest=1',
  ].join(';');
  const scratch = opts.scratch;
  if (!scratch) throw new MediaError('no scratch folder for the comparison');
  await runFfmpeg([...inputArgs(a), ...inputArgs(b), '-filter_complex', graph, '-f', 'null', '-'], { signal: opts.signal, timeoutMs, cwd: scratch });
  const [ssimLog, psnrLog] = await Promise.all([fsp.readFile(path.join(scratch, 'ssim.log'), 'utf8'), fsp.readFile(path.join(scratch, 'psnr.log'), 'utf8')]);
  return { framesA, framesB, fps: pa.fps ?? pb.fps, scores: parseFrameStats(ssimLog, psnrLog) };
}

/**
 * `n:1 Y:… All:0.995658 (23.6)` lines from ssim and `n:1 mse_avg:… psnr_avg:52.21 …` from psnr,
 * one per frame pair, numbered from 1; psnr says `inf` for identical frames.
 */
export function parseFrameStats(ssimLog: string, psnrLog: string): FrameScore[] {
  const ssim = new Map<number, number>();
  for (const m of ssimLog.matchAll(/^n:(\d+)\b.*?\bAll:([0-9.]+|inf|nan)/gm)) ssim.set(Number(m[1]), m[2] === 'inf' ? 1 : Number(m[2]));
  const psnr = new Map<number, number | null>();
  for (const m of psnrLog.matchAll(/^n:(\d+)\b.*?\bpsnr_avg:([0-9.]+|inf|nan)/gm)) psnr.set(Number(m[1]), m[2] === 'inf' ? null : Number(m[2]));
  const n = Math.max(0, ...ssim.keys());
  const out: FrameScore[] = [];
  for (let i = 1; i <= n; i++) {
    const s = ssim.get(i);
    const p = psnr.get(i);
    out.push({ ssim: s === undefined || Number.isNaN(s) ? 0 : Math.min(1, s), psnr: p === undefined || (p !== null && Number.isNaN(p)) ? 0 : p });
  }
  return out;
}
