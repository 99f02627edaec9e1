/**
 * Child process for "memory while importing": opens a library, notes its resident set, imports one
 * file and reports the peak (the kernel's VmHWM, plus our own samples where /proc is missing).
 * Usage: node memory-child.js <libraryDir> <file>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { openStorage } from '../electron/storage/index.js';

function vm(field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const [libDir, file] = process.argv.slice(2);
if (!libDir || !file) throw new Error('usage: memory-child <libraryDir> <file>');
const lib = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000 });
const actor = { userId: 'bench' };
// Everything the import needs is loaded and warm before the baseline is taken.
global.gc?.();
const baseline = vm('VmRSS') ?? process.memoryUsage().rss;
// The high-water mark so far belongs to start-up, not to the import: reset it (Linux ≥ 4.0).
try {
  writeFileSync('/proc/self/clear_refs', '5');
} catch {
  // Without the reset VmHWM may include start-up; the samples below still bound the import.
}
let sampledPeak = baseline;
const timer = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
}, 10);
const t0 = performance.now();
const summary = await lib.assets.importPaths(actor, [file]);
const seconds = (performance.now() - t0) / 1000;
clearInterval(timer);
sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
const hwm = vm('VmHWM') ?? sampledPeak;
lib.close();
if (summary.imported !== 1) throw new Error(`import failed: ${JSON.stringify(summary.items[0])}`);
process.stdout.write(`${JSON.stringify({ baseline, hwm, sampledPeak, seconds })}\n`);
