export type MediaKind = 'video' | 'audio' | 'image';

/**
 * What a file is, as the asset and render records need it. Fields that do not apply to the
 * kind (fps of a WAV, codecs of a PNG) are null rather than 0, so "unknown" never reads as a value.
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
}

export function swapsAxes(rotation: number): boolean {
  return rotation === 90 || rotation === 270;
}

/** Any angle to one of 0/90/180/270: phones only ever write quarter turns, and players round the rest. */
export function normalizeRotation(degrees: number): number {
  if (!Number.isFinite(degrees)) return 0;
  const quarter = Math.round(degrees / 90) * 90;
  return ((quarter % 360) + 360) % 360;
}
