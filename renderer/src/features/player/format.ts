/** Time formatting for players and render lists (sizes and relative times: components/format). */

import { frameAt, smpteOfFrame } from '../../../../shared/timecode';
import { formatDuration } from '../../components/format';

export { frameAt, smpteOfFrame };

/** `mm:ss.mmm` (with hours when needed): the seconds part of the player's timecode. */
export function clock(seconds: number): string {
  const s = Math.max(0, seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s - h * 3600 - m * 60;
  const ss = rest.toFixed(3).padStart(6, '0');
  const mm = String(m).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** The player's timecode in seconds and frames, e.g. `00:01.480 · f37`. */
export function timecode(seconds: number, fps: number): string {
  return `${clock(seconds)} · f${frameAt(seconds, fps)}`;
}

/** A render's duration for lists: tenths under a minute (`4.0 s`, renders are often short), else `1:05`, `1:02:03`. */
export function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  return seconds < 60 ? `${seconds.toFixed(1)} s` : formatDuration(seconds);
}

export function resolution(w: number | null, h: number | null): string {
  return w && h ? `${w}×${h}` : '–';
}

/**
 * SMPTE timecode `hh:mm:ss:ff`. Frames count at the nominal rate (29.97 counts 30 a second), which
 * is non-drop-frame timecode: what editors and review tools print unless told drop-frame.
 */
export function smpte(seconds: number, fps: number): string {
  return smpteOfFrame(frameAt(Math.max(0, seconds), fps), fps);
}

export type TimecodeMode = 'clock' | 'smpte';
const TC_KEY = 'reelvault.timecode';

export function rememberedTimecodeMode(): TimecodeMode {
  try {
    return localStorage.getItem(TC_KEY) === 'smpte' ? 'smpte' : 'clock';
  } catch {
    return 'clock';
  }
}

export function rememberTimecodeMode(mode: TimecodeMode): void {
  try {
    localStorage.setItem(TC_KEY, mode);
  } catch {
    // storage refused: the choice lasts this page
  }
}

/** The readout in the chosen mode. */
export function readout(seconds: number, fps: number, mode: TimecodeMode): string {
  return mode === 'smpte' ? smpte(seconds, fps) : timecode(seconds, fps);
}
