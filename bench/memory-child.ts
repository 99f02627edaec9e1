/**
 * Child process for "memory while importing": opens a library, notes its resident set, imports one
 * file and reports the peak (the kernel's VmHWM, plus our own samples where /proc is missing).
 * Usage: node memory-child.js <libraryDir> <file>
 */
import { openStorage } from '../electron/storage/index.js';
import { watchPeak } from './peak-memory.js';

const [libDir, file] = process.argv.slice(2);
if (!libDir || !file) throw new Error('usage: memory-child <libraryDir> <file>');
const lib = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000, snapshotCheckMs: 3_600_000 });
const actor = { userId: 'bench' };
// Everything the import needs is loaded and warm before the baseline is taken.
const watch = watchPeak();
const baseline = watch.baseline;
const t0 = performance.now();
const summary = await lib.assets.importPaths(actor, [file]);
const seconds = (performance.now() - t0) / 1000;
const { hwm, sampledPeak } = watch.stop();
lib.close();
if (summary.imported !== 1) throw new Error(`import failed: ${JSON.stringify(summary.items[0])}`);
process.stdout.write(`${JSON.stringify({ baseline, hwm, sampledPeak, seconds })}\n`);
