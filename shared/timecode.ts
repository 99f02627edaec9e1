/** Frame numbers and timecodes, the same in the player, review-note exports and the CLI. */

/** The frame a time falls in at fps; the epsilon keeps 1.48 s × 25 at frame 37, not 36.999…. */
export function frameAt(seconds: number, fps: number): number {
  return Math.floor(seconds * fps + 1e-3);
}

/** SMPTE `hh:mm:ss:ff` of a frame number. Frames count at the nominal rate (29.97 counts 30 a second): non-drop-frame. */
export function smpteOfFrame(frame: number, fps: number): string {
  const base = Math.max(1, Math.round(fps));
  const f = Math.max(0, Math.floor(frame));
  const ff = f % base;
  const total = Math.floor(f / base);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(Math.floor(total / 3600))}:${p(Math.floor((total % 3600) / 60))}:${p(total % 60)}:${p(ff)}`;
}
