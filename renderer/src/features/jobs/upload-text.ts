import type { UploadJob } from '../../../../shared/contract';
import { formatBytes } from '../../components/format';

const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;

/** "4.2 MB/s" */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** "about 3 min" for what is left at this rate; null when the rate says nothing yet. */
export function timeLeft(bytes: number, bytesPerSecond: number): string | null {
  if (bytesPerSecond <= 0 || bytes <= 0) return null;
  const s = bytes / bytesPerSecond;
  if (s < 60) return `about ${Math.max(1, Math.round(s))} s`;
  if (s < 3600) return `about ${Math.round(s / 60)} min`;
  return `about ${(s / 3600).toFixed(s < 36_000 ? 1 : 0)} h`;
}

/**
 * "Next try at 14:05:12." — a clock time rather than a countdown, which would stand still between
 * the job's events — or "Trying again shortly." once it is due; null when none is planned.
 */
export function nextTry(ms: number | null, now = Date.now()): string | null {
  if (ms === null) return null;
  if (ms - now <= 3000) return 'Trying again shortly.';
  return `Next try at ${new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })}.`;
}

/** What is not uploaded yet: "3 files (120 MB)". */
export function outboxText(u: UploadJob): string {
  return `${files(u.outboxBlobs)} (${formatBytes(u.outboxBytes)})`;
}

/** "12 of 96 MB" (one file) or "2 files · 12 of 96 MB". */
export function fetchText(f: NonNullable<UploadJob['fetching']>): string {
  const bytes = `${formatBytes(f.bytesDone)} of ${formatBytes(f.bytesTotal)}`;
  return f.files === 1 ? bytes : `${files(f.files)} · ${bytes}`;
}

/** The status bar's short line for the upload job. */
export function uploadSummary(u: UploadJob): string {
  // A restore or export waiting on files from the bucket is what the user is waiting for: said first.
  if (u.fetching) return `Fetching from the bucket · ${fetchText(u.fetching)}`;
  // Nothing left (a run may still be applying the cache budget): everything is in the bucket — but an
  // unreachable bucket is said first, since what is only there cannot be read until it answers again.
  if (u.outboxBlobs === 0) {
    if (u.state === 'offline') return 'Bucket unreachable · nothing waiting to upload';
    return u.state === 'paused' ? 'Upload paused · all in the bucket' : 'All in the bucket';
  }
  if (u.state === 'uploading') return `Uploading · ${formatBytes(u.leftBytes)} left${u.bytesPerSecond > 0 ? ` · ${formatRate(u.bytesPerSecond)}` : ''}`;
  if (u.state === 'offline') return `Offline · ${formatBytes(u.outboxBytes)} not uploaded`;
  if (u.state === 'paused') return `Upload paused · ${formatBytes(u.outboxBytes)} not uploaded`;
  return `${formatBytes(u.outboxBytes)} to upload`;
}
