/**
 * Child process for "media jobs": imports a folder of videos into a fresh library, notes its
 * resident set, starts the media worker the way the app does (default concurrency) and waits until
 * its queue has drained; reports the time, the peak resident set (VmHWM, reset after the import,
 * plus 10 ms samples) and what the library recorded for the content.
 * Usage: node media-child.js <libraryDir> <videosDir>
 *
 * Only this process is measured: ffmpeg and ffprobe run as children of it, with memory of their own.
 */
import { existsSync } from 'node:fs';
import { openStorage } from '../electron/storage/index.js';
import { startMediaWorker } from '../electron/media/index.js';
import { watchPeak } from './peak-memory.js';

const [libDir, videos] = process.argv.slice(2);
if (!libDir || !videos) throw new Error('usage: media-child <libraryDir> <videosDir>');
const lib = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000, snapshotCheckMs: 3_600_000 });
const actor = { userId: 'bench' };
const t0 = performance.now();
const summary = await lib.assets.importPaths(actor, [videos]);
const importSeconds = (performance.now() - t0) / 1000;
if (summary.failed || summary.imported === 0) throw new Error(`import: ${summary.imported} imported, ${summary.failed} failed: ${JSON.stringify(summary.items.find((i) => i.status !== 'imported'))}`);

// The baseline is the library open with the videos imported: what the app holds before media work starts.
const watch = watchPeak();
const baseline = watch.baseline;
let jobsFailed = 0;
const t1 = performance.now();
const worker = await startMediaWorker(lib);
const off = worker.onEvent((e) => {
  if (e.state === 'failed') jobsFailed++;
});
// The worker claims up to 500 items per look; look again until a look finds nothing new.
do await worker.queue.whenIdle();
while (worker.scan() > 0);
const seconds = (performance.now() - t1) / 1000;
const { hwm, sampledPeak } = watch.stop();
off();
await worker.close();

const states = Object.fromEntries(
  (lib.ctx.db.prepare('SELECT state, count(*) AS n FROM media_info GROUP BY state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n]),
) as Record<string, number>;
const rows = lib.ctx.db
  .prepare("SELECT poster_grid, poster_detail, filmstrip, waveform FROM media_info WHERE state = 'done'")
  .all() as { poster_grid: string | null; poster_detail: string | null; filmstrip: string | null; waveform: string | null }[];
// "Done" counts only when the derived images it names are really in the blob store.
const present = (sha: string | null) => sha !== null && existsSync(lib.ctx.blobs.pathOf(sha));
const complete = rows.filter((r) => present(r.poster_grid) && present(r.poster_detail) && present(r.filmstrip) && present(r.waveform)).length;
const count = (k: keyof (typeof rows)[number]) => rows.filter((r) => present(r[k])).length;
const errors = (lib.ctx.db.prepare("SELECT error FROM media_info WHERE state = 'failed' LIMIT 3").pluck().all() as string[]).filter(Boolean);
const posterBytes = (lib.ctx.db.prepare("SELECT coalesce(sum(b.size), 0) FROM media_info m JOIN blobs b ON b.sha256 = m.poster_grid WHERE m.state = 'done'").pluck().get() as number) ?? 0;
lib.close();
process.stdout.write(
  `${JSON.stringify({
    videos: summary.imported,
    importSeconds,
    baseline,
    hwm,
    sampledPeak,
    seconds,
    states,
    jobsFailed,
    complete,
    posters: count('poster_grid'),
    details: count('poster_detail'),
    filmstrips: count('filmstrip'),
    waveforms: count('waveform'),
    posterBytes,
    errors,
  })}\n`,
);
