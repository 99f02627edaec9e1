/** What media work finds for a piece of content: its probe, poster frames, filmstrip, proxy. */

export type MediaKind = 'video' | 'audio' | 'image';

/**
 * What a file is, as probed (ffprobe for audio and video, sharp for images). Fields that do not
 * apply to the kind are null rather than 0, so "unknown" never reads as a value.
 */
export interface MediaProbe {
  kind: MediaKind;
  durationSeconds: number | null;
  fps: number | null;
  /** As displayed: already swapped when the rotation is ±90. */
  width: number | null;
  height: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  bitrateKbps: number | null;
  audioChannels: number | null;
  sampleRate: number | null;
  /** Clockwise degrees a player turns the picture: 0, 90, 180 or 270. */
  rotation: number;
  pixelFormat: string | null;
  /** ffprobe's format name ('mov,mp4,m4a,3gp,3g2,mj2') or sharp's ('png'). */
  formatName: string | null;
  /** Bits per colour sample (8, 10, 12), from the pixel format; null when unknown. Older probes lack it. */
  bitDepth?: number | null;
  /** Chroma subsampling as editors say it ('4:2:0', '4:2:2', '4:4:4'); null when not planar YUV. */
  chroma?: string | null;
  /** ffprobe's colour facts: matrix ('bt709', 'bt2020nc'), transfer ('smpte2084' is PQ, 'arib-std-b67' is HLG), primaries. */
  colorSpace?: string | null;
  colorTransfer?: string | null;
  colorPrimaries?: string | null;
  /** 'PQ' or 'HLG' when the transfer is an HDR one, else null. */
  hdr?: 'PQ' | 'HLG' | null;
  /** True when frames do not come at one rate (phone video): `fps` is then the average. */
  variableFrameRate?: boolean;
  /** The video codec's profile ('Main 10', 'HQ' for ProRes 422 HQ), for the page's can-play question. */
  videoProfile?: string | null;
  /** Whether a browser's <video> is expected to decode it (codec, bit depth, container); false makes a proxy. */
  browserPlayable?: boolean;
  /** Animated image (GIF, WebP) frame count; absent for stills. */
  pages?: number;
}

/** The playback proxy: an H.264 copy of a video the page cannot decode (see media_info.proxy). */
export interface MediaProxy {
  state: 'pending' | 'done' | 'failed';
  /** The proxy blob's sha256 once made. */
  sha256: string | null;
  error: string | null;
}

/**
 * Media work done for a piece of content (shared by every asset and render with it). Images are
 * referenced by the sha256 of their own blob, so they are served like any media: /media/<sha256>.
 */
export interface MediaSummary {
  state: 'pending' | 'done' | 'failed';
  /** Why it failed, in words a person can act on ("not a media file", "timed out after 60 s"). */
  error: string | null;
  probe: MediaProbe | null;
  posterGrid: string | null;
  posterDetail: string | null;
  filmstrip: { sha256: string; frames: number; tileWidth: number; tileHeight: number } | null;
  waveform: string | null;
  /** What the probe corrected, e.g. "fps 30 → 25: the file says so". */
  note: string | null;
  /** Null when the original plays in a browser as it is (or is not video). */
  proxy?: MediaProxy | null;
}
