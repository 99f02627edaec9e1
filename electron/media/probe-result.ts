// The probe's record is shared with the UI, so it lives in shared/models.ts.
export type { MediaKind, MediaProbe } from '../../shared/models.js';

export function swapsAxes(rotation: number): boolean {
  return rotation === 90 || rotation === 270;
}

/** Any angle to one of 0/90/180/270: phones only ever write quarter turns, and players round the rest. */
export function normalizeRotation(degrees: number): number {
  if (!Number.isFinite(degrees)) return 0;
  const quarter = Math.round(degrees / 90) * 90;
  return ((quarter % 360) + 360) % 360;
}
