/**
 * The Render dialog's frame range, as typed: two optional fields, frames counted from 0 and both
 * ends included (Remotion's --frames=from-to). Empty both: the whole composition. Empty "to": up to
 * the last frame, when the composition's length is known. Every refusal names what to type instead.
 */
export type FrameRangeCheck =
  | { ok: true; frames: { from: number; to: number } | null }
  | { ok: false; field: 'from' | 'to'; message: string };

const WHOLE = /^\d+$/;

export function checkFrameRange(fromText: string, toText: string, durationInFrames: number | null): FrameRangeCheck {
  const from = fromText.trim();
  const to = toText.trim();
  if (!from && !to) return { ok: true, frames: null };
  if (from && !WHOLE.test(from)) return { ok: false, field: 'from', message: 'The first frame is a whole number, 0 or more.' };
  if (to && !WHOLE.test(to)) return { ok: false, field: 'to', message: 'The last frame is a whole number, 0 or more.' };
  const last = durationInFrames !== null && durationInFrames > 0 ? durationInFrames - 1 : null;
  const a = from ? Number(from) : 0;
  if (!to && last === null) return { ok: false, field: 'to', message: 'Give the last frame too: the composition’s length is not known yet.' };
  const b = to ? Number(to) : (last as number);
  if (last !== null && a > last) return { ok: false, field: 'from', message: `The composition has ${durationInFrames} frames: the first frame can be at most ${last}.` };
  if (last !== null && b > last) return { ok: false, field: 'to', message: `The composition has ${durationInFrames} frames: the last one is ${last}.` };
  if (b < a) return { ok: false, field: 'to', message: `The last frame comes before the first (${a}).` };
  return { ok: true, frames: { from: a, to: b } };
}
