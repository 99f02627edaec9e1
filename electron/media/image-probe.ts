import sharp from 'sharp';
import { MediaError, timedOutReason } from './media-error.js';
import { swapsAxes, type MediaProbe } from './probe-result.js';

/** EXIF orientation → clockwise turn a viewer applies; 5–8 are the transposed ones that swap axes. */
const ORIENTATION_ROTATION: Record<number, number> = { 1: 0, 2: 0, 3: 180, 4: 180, 5: 90, 6: 90, 7: 270, 8: 270 };

/** sharp's words for a file it cannot read at all, as opposed to one it reads but refuses. */
export function imageFailure(err: unknown, timeoutMs?: number): MediaError {
  const message = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(message)) return new MediaError('image too large', message);
  if (/timeout/i.test(message)) return new MediaError(timeoutMs ? timedOutReason(timeoutMs) : 'timed out', message);
  return new MediaError('not a readable image', message);
}

/** Header-only: sharp's metadata does not decode pixels, so even a huge image probes cheaply. */
export async function probeImage(file: string): Promise<MediaProbe> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(file).metadata();
  } catch (err) {
    throw imageFailure(err);
  }
  if (!meta.width || !meta.height) throw new MediaError('not a readable image', 'no dimensions');
  const rotation = ORIENTATION_ROTATION[meta.orientation ?? 1] ?? 0;
  const swap = swapsAxes(rotation);
  // Animated GIF/WebP: the page height is one frame; delays (ms) add up to the loop length.
  const height = meta.pageHeight ?? meta.height;
  const pages = meta.pages ?? 1;
  const duration = pages > 1 && meta.delay ? meta.delay.reduce((a, b) => a + b, 0) / 1000 : null;
  return {
    kind: 'image',
    durationSeconds: duration,
    fps: null,
    width: swap ? height : meta.width,
    height: swap ? meta.width : height,
    videoCodec: null,
    audioCodec: null,
    bitrateKbps: null,
    audioChannels: null,
    sampleRate: null,
    rotation,
    pixelFormat: meta.space ? `${meta.space}${meta.hasAlpha ? '+alpha' : ''}` : null,
    formatName: meta.format ?? null,
    ...(pages > 1 ? { pages } : {}),
  };
}
