/**
 * Peak resident memory of this process over one stretch of work, for the child processes of the
 * memory cases: the kernel's high-water mark (VmHWM, reset at the start) and 10 ms samples of RSS,
 * for systems without /proc or without the reset.
 */
import { readFileSync, writeFileSync } from 'node:fs';

function vm(field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export interface PeakWatch {
  /** Resident set when the watch started (after a GC where --expose-gc allows). */
  baseline: number;
  /** Stops sampling: the kernel's high-water mark since the start, and the highest sample. */
  stop(): { hwm: number; sampledPeak: number };
}

/** Starts watching: everything loaded so far counts as the baseline, not as the work's. */
export function watchPeak(): PeakWatch {
  global.gc?.();
  const baseline = vm('VmRSS') ?? process.memoryUsage().rss;
  // The high-water mark so far belongs to what came before: reset it (Linux ≥ 4.0).
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Without the reset VmHWM may include earlier work; the samples still bound this stretch.
  }
  let sampledPeak = baseline;
  const timer = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  }, 10);
  return {
    baseline,
    stop() {
      clearInterval(timer);
      sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
      return { hwm: vm('VmHWM') ?? sampledPeak, sampledPeak };
    },
  };
}
