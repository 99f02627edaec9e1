import { MediaError } from './media-error.js';
import { normalizeRotation, swapsAxes, type MediaProbe } from './probe-result.js';
import { browserPlayable, colourFacts, isVariableRate, parseRate, pixelFacts } from './stream-facts.js';

export { parseRate };

interface FfStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  profile?: string;
  bits_per_raw_sample?: string;
  color_space?: string;
  color_transfer?: string;
  color_primaries?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  channels?: number;
  sample_rate?: string;
  bit_rate?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
  side_data_list?: Array<{ side_data_type?: string; rotation?: number }>;
}

interface FfFormat {
  format_name?: string;
  duration?: string;
  bit_rate?: string;
}

export type { FfStream };

export interface FfprobeJson {
  streams?: FfStream[];
  format?: FfFormat;
}

/**
 * Demuxers that open other files by reference. Even limited to the file protocol they can pull
 * in arbitrary local files, so they are refused rather than probed further or thumbnailed.
 */
const INDIRECT_FORMATS = new Set(['hls', 'applehttp', 'concat', 'dash', 'ffmetadata', 'tee']);

/** Single-picture demuxers: ffprobe sees a one-frame "video", the app sees an image. */
function isImageFormat(formatName: string): boolean {
  return formatName.split(',').some((f) => f === 'image2' || f.endsWith('_pipe'));
}

function num(value: string | number | undefined): number | null {
  if (value === undefined) return null;
  const n = typeof value === 'number' ? value : Number.parseFloat(value);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/**
 * The legacy `rotate` tag is clockwise (what phones wrote for years); the display matrix
 * rotation ffprobe prints is counter-clockwise, so it is negated. The tag wins when both exist
 * because older ffprobes print both and they agree.
 */
export function streamRotation(stream: FfStream): number {
  const tag = stream.tags?.rotate;
  if (tag !== undefined && Number.isFinite(Number(tag))) return normalizeRotation(Number(tag));
  const matrix = stream.side_data_list?.find((s) => typeof s.rotation === 'number');
  return matrix?.rotation !== undefined ? normalizeRotation(-matrix.rotation) : 0;
}

export function parseFfprobe(json: FfprobeJson): MediaProbe {
  const streams = json.streams ?? [];
  const formatName = json.format?.format_name ?? null;
  const formats = formatName ? formatName.split(',') : [];
  if (formats.some((f) => INDIRECT_FORMATS.has(f))) {
    throw new MediaError('unsupported container', `${formatName} refers to other files`);
  }
  // The tty demuxer renders any text file as "ANSI art video"; to a user it is a text file.
  if (formats.includes('tty')) throw new MediaError('not a media file', 'text');
  // Cover art in an MP3 or M4A is a "video" stream with attached_pic; it does not make the file a video.
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const audio = streams.find((s) => s.codec_type === 'audio');
  if (!video && !audio) throw new MediaError('no audio or video stream');

  const rotation = video ? streamRotation(video) : 0;
  const codedW = num(video?.width);
  const codedH = num(video?.height);
  const swap = swapsAxes(rotation);
  const kind = video ? (formatName && isImageFormat(formatName) ? 'image' : 'video') : 'audio';
  const duration = num(json.format?.duration) ?? num(video?.duration) ?? num(audio?.duration);
  const bitrate = num(json.format?.bit_rate) ?? num(video?.bit_rate) ?? num(audio?.bit_rate);

  const fps = video && kind === 'video' ? (parseRate(video.avg_frame_rate) ?? parseRate(video.r_frame_rate)) : null;
  const pixel = pixelFacts(video?.pix_fmt, video?.bits_per_raw_sample);
  const facts = {
    ...pixel,
    ...colourFacts(video),
    variableFrameRate: kind === 'video' && video ? isVariableRate(video.r_frame_rate, video.avg_frame_rate) : false,
    videoProfile: video?.profile ?? null,
  };
  return {
    kind,
    durationSeconds: kind === 'image' ? null : duration,
    fps,
    width: swap ? codedH : codedW,
    height: swap ? codedW : codedH,
    videoCodec: video?.codec_name ?? null,
    audioCodec: audio?.codec_name ?? null,
    bitrateKbps: bitrate === null ? null : Math.round(bitrate / 1000),
    audioChannels: num(audio?.channels),
    sampleRate: num(audio?.sample_rate),
    rotation,
    pixelFormat: video?.pix_fmt ?? null,
    formatName,
    ...facts,
    browserPlayable: kind !== 'video' || browserPlayable({ formatName, videoCodec: video?.codec_name ?? null, audioCodec: audio?.codec_name ?? null, bitDepth: pixel.bitDepth, chroma: pixel.chroma }),
  };
}
