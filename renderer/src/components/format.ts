/** Display formatting shared by every screen. */

/** One convention for sizes everywhere (decimal kB, MB, GB): shared with the CLI. */
export { formatBytes } from '../../../shared/format-bytes';

/** "0:07", "12:04", "1:02:09" — how players write a duration; '' for what is not one. The one duration formatter. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];

/** "3 minutes ago", "in 5 hours", "yesterday". */
export function relativeTime(iso: string, now = Date.now()): string {
  let v = (new Date(iso).getTime() - now) / 1000;
  if (Math.abs(v) < 10) return 'just now';
  for (const [unit, size] of STEPS) {
    if (Math.abs(v) < size) return rtf.format(Math.round(v), unit);
    v /= size;
  }
  return new Date(iso).toLocaleDateString();
}

/** "23h left", "40m left" for a scratch project's expiry. */
export function timeLeft(iso: string | null, now = Date.now()): string {
  if (!iso) return '';
  const ms = new Date(iso).getTime() - now;
  if (ms <= 0) return 'expired';
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${m}m left`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h}h left`;
  return `${Math.round(h / 24)}d left`;
}

export function formatFps(fps: number): string {
  return Number.isInteger(fps) ? String(fps) : fps.toFixed(2).replace(/0+$/, '');
}

/** A common name for an aspect ratio (16:9), else the reduced fraction. */
export function aspectLabel(w: number, h: number): string {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = gcd(w, h) || 1;
  return `${w / g}:${h / g}`;
}

export function absoluteTime(iso: string): string {
  return new Date(iso).toLocaleString();
}
