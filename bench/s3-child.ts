/**
 * Child process for "memory while uploading to S3": opens a library whose outbox holds one large
 * blob, notes its resident set, drains the outbox to the bucket and reports the peak (VmHWM and
 * samples, as memory-child does). Credentials come from the environment, as always.
 * Usage: node s3-child.js <libraryDir>
 */
import { openStorage } from '../electron/storage/index.js';
import { watchPeak } from './peak-memory.js';

const [libDir] = process.argv.slice(2);
if (!libDir) throw new Error('usage: s3-child <libraryDir>');
const lib = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000, snapshotCheckMs: 3_600_000 });
// A HEAD first, so the SDK and its connection pool are loaded and warm before the baseline.
await lib.verify();
const watch = watchPeak();
const baseline = watch.baseline;
const t0 = performance.now();
const r = await lib.remote.sync({ now: true });
const seconds = (performance.now() - t0) / 1000;
const { hwm, sampledPeak } = watch.stop();
lib.close();
if (r.uploaded !== 1 || r.left !== 0) throw new Error(`upload failed: ${JSON.stringify(r)}`);
process.stdout.write(`${JSON.stringify({ baseline, hwm, sampledPeak, seconds })}\n`);
