import sharp from 'sharp';
import { writeAtomically } from './atomic-output.js';
import { DEFAULT_TOOL_TIMEOUT_MS, fileArg, inputArgs, runFfmpeg } from './ff-command.js';
import { MediaError } from './media-error.js';

export interface WaveformOptions {
  width: number;
  height: number;
  /** ffmpeg colour ('white', '0x4f8cff'); the UI tints it with CSS anyway. */
  color?: string;
  inputFormat?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface WaveformResult {
  file: string;
  width: number;
  height: number;
}

const COLOR = /^(0x[0-9a-fA-F]{6}([0-9a-fA-F]{2})?|[a-zA-Z]+)$/;

/**
 * A PNG of the first audio track's peaks. Channels are mixed to mono first: one clear shape
 * reads better on a card than overlaid channels. The whole track is decoded, so long files
 * depend on the timeout.
 */
export async function makeWaveform(file: string, outFile: string, opts: WaveformOptions): Promise<WaveformResult> {
  const { width, height } = opts;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 16 || height < 8 || width > 8192 || height > 2048) {
    throw new MediaError('invalid size', `${width}x${height}`);
  }
  const color = opts.color ?? 'white';
  if (!COLOR.test(color)) throw new MediaError('invalid color', color);
  const graph = `[0:a:0]aformat=channel_layouts=mono,showwavespic=s=${width}x${height}:colors=${color}[w]`;
  return writeAtomically(outFile, async (tmp) => {
    try {
      await runFfmpeg(
        [...inputArgs(file, { inputFormat: opts.inputFormat }), '-filter_complex', graph, '-map', '[w]', '-frames:v', '1', '-c:v', 'png', '-f', 'image2pipe', fileArg(tmp)],
        { timeoutMs: opts.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS, signal: opts.signal },
      );
    } catch (err) {
      if (err instanceof MediaError && /matches no streams/.test(err.message)) throw new MediaError('no audio stream');
      throw err;
    }
    const meta = await sharp(tmp).metadata().catch(() => undefined);
    if (!meta?.width || !meta.height) throw new MediaError('no waveform drawn');
    return { file: outFile, width: meta.width, height: meta.height };
  });
}
