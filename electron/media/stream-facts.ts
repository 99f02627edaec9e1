/** '30000/1001' → 29.97; '0/0' (unknown) → null. */
export function parseRate(rate: string | undefined): number | null {
  if (!rate) return null;
  const [n, d] = rate.split('/').map(Number);
  if (n === undefined || !Number.isFinite(n) || n <= 0) return null;
  const value = d === undefined ? n : d > 0 ? n / d : NaN;
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : null;
}

/**
 * What an editor reads off a stream beyond its size and rate: bit depth and chroma from the pixel
 * format, colour and HDR from ffprobe's colour tags, VFR from the two rates ffprobe reports, and
 * whether a browser's <video> can decode it at all (the question a playback proxy answers).
 */

/** 'yuv420p10le' → 10 bits, 4:2:0; 'yuvj422p' → 8, 4:2:2; 'p010le' → 10, 4:2:0; 'rgb24' → 8, no chroma. */
export function pixelFacts(pixFmt: string | undefined, bitsPerRawSample?: string): { bitDepth: number | null; chroma: string | null } {
  if (!pixFmt) return { bitDepth: null, chroma: null };
  const f = pixFmt.toLowerCase();
  const planar = /^yuva?j?(4[24][024])p/.exec(f)?.[1];
  const semi = /^(nv12|nv21|p0\d\d)/.test(f) ? '420' : /^(nv16|p2\d\d)/.test(f) ? '422' : /^(nv24|p4\d\d)/.test(f) ? '444' : undefined;
  const sub = planar ?? semi;
  const chroma = sub ? `${sub[0]}:${sub[1]}:${sub[2]}` : null;
  // A trailing depth with its byte order ('…10le'); none means 8 bits for the common formats.
  const n = /(\d{1,2})(le|be)$/.exec(f);
  let depth: number | null = n ? Number(n[1]) : /^(yuva?j?4[24][024]p|nv12|nv21|nv16|nv24|rgb24|bgr24|rgba|bgra|argb|abgr|rgb0|bgr0|gray|pal8)$/.test(f) ? 8 : null;
  if (depth !== null && depth > 16) depth = null; // rgb48le and the like name the whole pixel
  const raw = Number(bitsPerRawSample);
  if (depth === null && Number.isInteger(raw) && raw > 0) depth = raw;
  return { bitDepth: depth, chroma };
}

interface ColourTags {
  color_space?: string | undefined;
  color_transfer?: string | undefined;
  color_primaries?: string | undefined;
}

function tag(v: string | undefined): string | null {
  return v && v !== 'unknown' && v !== 'reserved' ? v : null;
}

export function colourFacts(stream: ColourTags | undefined): { colorSpace: string | null; colorTransfer: string | null; colorPrimaries: string | null; hdr: 'PQ' | 'HLG' | null } {
  const transfer = tag(stream?.color_transfer);
  return {
    colorSpace: tag(stream?.color_space),
    colorTransfer: transfer,
    colorPrimaries: tag(stream?.color_primaries),
    hdr: transfer === 'smpte2084' ? 'PQ' : transfer === 'arib-std-b67' ? 'HLG' : null,
  };
}

/**
 * ffprobe's r_frame_rate is the rate every timestamp fits; avg_frame_rate is frames over duration.
 * For constant-rate video they agree; a phone's variable-rate clip has a base rate (often 90k or
 * 120) far from its average. Two percent leaves room for a rounded timebase.
 */
export function isVariableRate(rFrameRate: string | undefined, avgFrameRate: string | undefined): boolean {
  const r = parseRate(rFrameRate);
  const avg = parseRate(avgFrameRate);
  if (r === null || avg === null) return false;
  return Math.abs(r - avg) / Math.max(r, avg) > 0.02;
}

/** The containers Chromium's <video> demuxes, by ffprobe's format names. */
const PLAYABLE_CONTAINERS = ['mov', 'mp4', 'matroska', 'webm', 'ogg'];
/** Video codecs Chromium decodes in software (HEVC only with platform decoders: not to be counted on). */
const PLAYABLE_VIDEO = new Set(['h264', 'vp8', 'vp9', 'av1', 'theora']);
const PLAYABLE_AUDIO = new Set(['aac', 'mp3', 'opus', 'vorbis', 'flac']);

/**
 * Whether a browser can be expected to decode this video as it is. H.264 only at 8-bit 4:2:0 (High
 * 10 and 4:2:2 from cameras are refused); an audio track it cannot decode fails the whole element.
 * The page asks canPlayType too; this decides whether a proxy is made.
 */
export function browserPlayable(p: { formatName: string | null; videoCodec: string | null; audioCodec: string | null; bitDepth: number | null; chroma: string | null }): boolean {
  const formats = p.formatName?.split(',') ?? [];
  if (!formats.some((f) => PLAYABLE_CONTAINERS.includes(f))) return false;
  if (!p.videoCodec || !PLAYABLE_VIDEO.has(p.videoCodec)) return false;
  if (p.videoCodec === 'h264' && ((p.bitDepth ?? 8) > 8 || (p.chroma !== null && p.chroma !== '4:2:0'))) return false;
  if (p.audioCodec && !PLAYABLE_AUDIO.has(p.audioCodec)) return false;
  return true;
}
