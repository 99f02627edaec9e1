import { writeAtomically } from './atomic-output.js';
import { fileArg, inputArgs, runFfmpeg } from './ff-command.js';
import { MediaError } from './media-error.js';

/** A proxy fits this box (720p): enough to judge motion and framing, small enough to make quickly. */
export const PROXY_MAX = { width: 1280, height: 720 } as const;

export interface ProxyOptions {
  /** Whether the source has sound: the proxy keeps the first audio track, as AAC. */
  hasAudio: boolean;
  inputFormat?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ProxyResult {
  file: string;
  codec: 'h264' | 'vp9';
  container: 'mp4' | 'webm';
}

/** Fits the box without enlarging, even sizes (4:2:0 needs them); ffmpeg has already turned a rotated picture upright. */
const SCALE = `scale=w='min(${PROXY_MAX.width},iw)':h='min(${PROXY_MAX.height},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2,format=yuv420p`;

/** What ffmpeg says when a build lacks an encoder (minimal and some distribution builds lack libx264). */
const NO_ENCODER = /Unknown encoder|Encoder not found|encoder .* not found/i;

function h264Args(hasAudio: boolean): string[] {
  return [
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-profile:v', 'high', '-g', '30',
    ...(hasAudio ? ['-c:a', 'aac', '-b:a', '128k', '-ac', '2'] : []),
    '-movflags', '+faststart', '-f', 'mp4',
  ];
}

function vp9Args(hasAudio: boolean): string[] {
  return [
    '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-crf', '32', '-b:v', '0', '-g', '30',
    ...(hasAudio ? ['-c:a', 'libopus', '-b:a', '128k', '-ac', '2'] : []),
    '-f', 'webm',
  ];
}

/**
 * A playback proxy for a video the page cannot decode (HEVC, ProRes, 10-bit H.264…): H.264 in an MP4
 * with its index up front (it plays while it loads, and seeks), at most 720p, keyframes every 30
 * frames so frame stepping stays quick. VP9 in WebM where this ffmpeg has no libx264. The original
 * is only read. Frame timing is kept (no -r), so a frame number on the proxy is one on the original.
 */
export async function makeProxy(source: string, outFile: string, opts: ProxyOptions): Promise<ProxyResult> {
  const run = async (tmp: string, args: string[]) => {
    await runFfmpeg(
      [...inputArgs(source, { inputFormat: opts.inputFormat }), '-map', '0:v:0', ...(opts.hasAudio ? ['-map', '0:a:0?'] : []), '-vf', SCALE, '-sn', '-dn', ...args, fileArg(tmp)],
      { timeoutMs: opts.timeoutMs, signal: opts.signal },
    );
  };
  return writeAtomically(outFile, async (tmp) => {
    try {
      await run(tmp, h264Args(opts.hasAudio));
      return { file: outFile, codec: 'h264', container: 'mp4' };
    } catch (err) {
      if (!(err instanceof MediaError && NO_ENCODER.test(err.message))) throw err;
      try {
        await run(tmp, vp9Args(opts.hasAudio));
      } catch (vp9) {
        if (vp9 instanceof MediaError && NO_ENCODER.test(vp9.message)) throw new MediaError('this ffmpeg has no H.264 or VP9 encoder', vp9.message);
        throw vp9;
      }
      return { file: outFile, codec: 'vp9', container: 'webm' };
    }
  });
}

/** How long a proxy may take: encoding runs at a few times real time on a busy machine, never less than the queue's default. */
export function proxyTimeoutMs(durationSeconds: number | null, baseMs: number): number {
  return Math.max(baseMs, Math.ceil((durationSeconds ?? 0) * 4000));
}
