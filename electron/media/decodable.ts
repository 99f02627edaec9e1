import { invalid } from '../../shared/errors.js';
import { inputArgs, runFfmpeg } from './ff-command.js';
import { MediaError } from './media-error.js';
import { probeMedia } from './probe.js';

/** Failures that say nothing about the file: the tools are missing or unusable here. */
const TOOL_PROBLEM = /^(ffmpeg|ffprobe) (not found|could not start|too old|misconfigured)/;

/**
 * A render must be a video someone can watch: ffprobe finds a video stream and ffmpeg decodes its
 * first frame. A text file, an image or junk that ffprobe half-reads is refused with INVALID_INPUT
 * and the reason. Where ffmpeg itself is missing nothing can be checked, and the render is taken
 * (media work then says the tools are missing, as for any import).
 */
export async function requireDecodableVideo(file: string, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<void> {
  try {
    const probe = await probeMedia(file, { signal: opts.signal, timeoutMs: opts.timeoutMs });
    if (probe.kind !== 'video' || !probe.videoCodec) throw new MediaError(probe.kind === 'image' ? 'an image, not a video' : 'no video stream');
    await runFfmpeg([...inputArgs(file), '-map', '0:v:0', '-frames:v', '1', '-f', 'null', '-'], { signal: opts.signal, timeoutMs: opts.timeoutMs ?? 60_000 });
  } catch (err) {
    if (err instanceof MediaError && TOOL_PROBLEM.test(err.reason)) return;
    if (err instanceof MediaError) throw invalid(`not a decodable video: ${err.reason}`);
    throw err;
  }
}
