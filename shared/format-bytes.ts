/**
 * Sizes for people, the same in the UI and the terminal: decimal SI units (1 kB = 1000 bytes), as
 * disks, network speeds and the file managers of macOS and GNOME count them — so "500 kB" here is
 * what the disk's own tools say, and "KB" (which reads as 1024) is never used for 1000.
 */
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** "0 B", "999 B", "1.5 kB", "42 MB"; '—' for what is not a size. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v : v < 10 ? v.toFixed(1) : Math.round(v)} ${UNITS[u]}`;
}
