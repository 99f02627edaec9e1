/**
 * Media cases: the media worker draining a queue of freshly imported videos (in a child process,
 * for its memory), and the grid's read pattern for poster-sized images — blob files, as the design
 * stores them, against BLOBs in a SQLite table.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { openStorage } from '../../electron/storage/index.js';
import { GRID_WIDTH, resolveFfmpeg } from '../../electron/media/index.js';
import type { Bench } from '../harness.js';
import { run, settle } from '../proc.js';
import { makeRow, type Row } from '../report.js';
import { formatBytes, formatCount, median, p95, rng } from '../stats.js';

export interface MediaSizes {
  /** Videos queued for the media worker. */
  videos: number;
  /** Poster-sized images read by the thumbnail case. */
  thumbs: number;
  /** Passes over the thumbnails, each in a new random order. */
  thumbPasses: number;
}

export const MEDIA_FULL: MediaSizes = { videos: 200, thumbs: 2_000, thumbPasses: 3 };
export const MEDIA_QUICK: MediaSizes = { videos: 12, thumbs: 200, thumbPasses: 3 };

const VIDEO_SECONDS = 2;

/**
 * n distinct short videos (H.264 320×180 + MP3) from one ffmpeg run: a `testsrc` pattern whose
 * frame counter and moving gradient make every 2 s segment different, with a beeping tone for the
 * waveform, cut at forced key frames into one MP4 per segment. One run is several times faster
 * than n runs; the files are what n separate encodes would give.
 */
function makeVideos(dir: string, n: number, ffmpeg: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const total = n * VIDEO_SECONDS;
  run(ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=320x180:rate=25:duration=${total}`,
    '-f', 'lavfi', '-i', `sine=frequency=330:beep_factor=2:sample_rate=22050:duration=${total}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    '-force_key_frames', `expr:gte(t,n_forced*${VIDEO_SECONDS})`,
    '-c:a', 'libmp3lame', '-b:a', '32k',
    '-f', 'segment', '-segment_time', String(VIDEO_SECONDS), '-reset_timestamps', '1', '-segment_format', 'mp4',
    path.join(dir, 'clip-%04d.mp4'),
  ]);
  const made = readdirSync(dir).filter((f) => f.endsWith('.mp4')).sort();
  // A last segment of a few frames can appear when the encoder's cut lands just short of the end.
  for (const f of made.slice(n)) rmSync(path.join(dir, f));
  if (made.length < n) throw new Error(`ffmpeg made ${made.length} of ${n} videos`);
}

interface ChildOut {
  videos: number;
  importSeconds: number;
  baseline: number;
  hwm: number;
  sampledPeak: number;
  seconds: number;
  states: Record<string, number>;
  jobsFailed: number;
  complete: number;
  posters: number;
  details: number;
  filmstrips: number;
  waveforms: number;
  posterBytes: number;
  errors: string[];
}

/** Imports n videos into a fresh library in a child process and lets the media worker do all of them. */
export async function mediaJobsCase(b: Bench, m: MediaSizes): Promise<Row[]> {
  const c = `media jobs, ${formatCount(m.videos)} videos queued`;
  const fixture = `${formatCount(m.videos)} × ${VIDEO_SECONDS} s 320×180 H.264 + MP3`;
  const dir = path.join(b.work, 'videos');
  b.log(`making ${fixture}`);
  const tg = performance.now();
  makeVideos(dir, m.videos, (await resolveFfmpeg()).path);
  b.log(`  made them in ${((performance.now() - tg) / 1000).toFixed(1)} s`);
  settle();
  const libDir = path.join(b.work, 'lib-media');
  const child = path.join(b.repo, 'dist', 'bench', 'media-child.js');
  const r = spawnSync(process.execPath, ['--expose-gc', child, libDir, dir], { encoding: 'utf8', maxBuffer: 4 << 20 });
  rmSync(libDir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`media child failed: ${r.stderr || r.signal}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop() as string) as ChildOut;
  const peak = Math.max(out.hwm, out.sampledPeak);
  const growth = peak - out.baseline;
  const states = Object.entries(out.states).map(([k, v]) => `${v} ${k}`).join(', ') || 'none';
  b.log(`  ${c}: queue drained in ${out.seconds.toFixed(1)} s (${states}); RSS ${formatBytes(out.baseline)} → peak ${formatBytes(peak)} (+${formatBytes(growth)})`);
  if (out.errors.length) b.log(`  first failures: ${out.errors.join(' | ')}`);
  // Nothing drawn means nothing was measured: a fast, lean worker that does no work is not a pass.
  if (out.complete === 0) throw new Error(`media worker finished with no video done (${states}${out.errors.length ? `: ${out.errors[0]}` : ''})`);
  const made = `posters ${out.posters}, detail ${out.details}, filmstrips ${out.filmstrips}, waveforms ${out.waveforms}`;
  return [
    makeRow({
      // The rate goes in the metric: the table rounds rates to whole numbers, and this one is a few per second.
      case: c, fixture, metric: `time to drain the queue (${(out.videos / out.seconds).toFixed(2)} videos/s)`, unit: 's', reelvault: out.seconds, goal: { kind: 'info' }, goalText: '—',
      note: `${formatCount(out.videos)} videos in ${out.seconds.toFixed(1)} s after an untimed import of ${out.importSeconds.toFixed(1)} s; the worker's default concurrency (cores − 1); ${made}`,
    }),
    makeRow({
      case: c, fixture, metric: 'peak RSS growth', unit: 'bytes', reelvault: growth, reelvaultRuns: [growth], goal: { kind: 'max', max: 256 * 1024 ** 2 }, goalText: '≤ 256 MiB',
      note: `the worker's process only (VmHWM reset after the import, and 10 ms samples): ${formatBytes(out.baseline)} → ${formatBytes(peak)}; ffmpeg and ffprobe run as child processes`,
    }),
    makeRow({
      case: c, fixture, metric: 'done, every derived image on disk', unit: 'count', reelvault: out.complete, goal: { kind: 'equal', value: out.videos }, goalText: `= ${formatCount(out.videos)}`,
      ...(out.complete < out.videos ? { note: `${states}; ${out.jobsFailed} job(s) failed${out.errors.length ? `: ${out.errors.join(' | ')}` : ''}` } : {}),
    }),
  ];
}

/** JPEG with a comment segment (FF FE) after SOI: same picture and nearly the same size, different bytes. */
function withComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const seg = Buffer.alloc(4);
  seg.writeUInt16BE(0xfffe, 0);
  seg.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), seg, body, jpeg.subarray(2)]);
}

/**
 * n poster-sized JPEGs (grid width, 16:9, ≈20–40 KiB): 100 noise pictures of different softness,
 * each made distinct n/100 times over by a comment segment (encoding every one with sharp would
 * take longer than the reads it feeds).
 */
export async function makeThumbs(n: number): Promise<Buffer[]> {
  const w = GRID_WIDTH;
  const h = Math.round((GRID_WIDTH * 9) / 16);
  const next = rng(7);
  const bases: Buffer[] = [];
  for (let i = 0; i < Math.min(100, n); i++) {
    const raw = Buffer.alloc(w * h * 3);
    for (let k = 0; k < raw.length; k++) raw[k] = Math.floor(next() * 256);
    bases.push(await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).blur(0.35 + 0.55 * next()).jpeg({ quality: 80 }).toBuffer());
  }
  return Array.from({ length: n }, (_, i) => withComment(bases[i % bases.length] as Buffer, `reelvault bench thumb ${i}`));
}

function shuffled(n: number, next: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [a[i], a[j]] = [a[j] as number, a[i] as number];
  }
  return a;
}

/**
 * The grid's read pattern: every poster once per pass, in a random order, several passes, each read
 * timed on its own; blob files (`readFileSync` of the content-addressed path) and a SQLite table of
 * the same bytes are read alternately, item by item, so load on the machine hits both.
 */
export async function thumbnailReadsCase(b: Bench, m: MediaSizes): Promise<Row[]> {
  const c = 'thumbnail reads: blob files vs SQLite BLOB';
  b.log(`making ${formatCount(m.thumbs)} poster-sized JPEGs`);
  const thumbs = await makeThumbs(m.thumbs);
  const bytes = thumbs.reduce((s, t) => s + t.length, 0);
  const fixture = `${formatCount(m.thumbs)} JPEGs, ${GRID_WIDTH} px wide, ${formatBytes(bytes / m.thumbs)} average, ${m.thumbPasses} random passes`;

  // Blob files: stored the way media work stores posters (blob store, fsynced, content-addressed).
  const libDir = path.join(b.work, 'lib-thumbs');
  rmSync(libDir, { recursive: true, force: true });
  const lib = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000, snapshotCheckMs: 3_600_000 });
  const blobs = lib.ctx.blobs;
  const shas: string[] = [];
  try {
    for (const t of thumbs) shas.push((await blobs.putBuffer(t)).sha256);
  } catch (err) {
    lib.close();
    throw err;
  }
  if (new Set(shas).size !== m.thumbs) throw new Error('thumbnails are not all distinct');
  let allocated = 0;
  for (const s of shas) allocated += statSync(blobs.pathOf(s)).blocks * 512;

  // The alternative: one table in a scratch database, in WAL mode like the library.
  const dbFile = path.join(b.work, 'thumbs.db');
  rmSync(dbFile, { force: true });
  const db = new Database(dbFile);
  try {
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE thumbs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
    const ins = db.prepare('INSERT INTO thumbs (id, data) VALUES (?, ?)');
    db.transaction(() => thumbs.forEach((t, i) => ins.run(i, t)))();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const dbSize = statSync(dbFile).size;
    settle();

    const get = db.prepare('SELECT data FROM thumbs WHERE id = ?').pluck();
    const fromFile = (i: number) => readFileSync(blobs.pathOf(shas[i] as string));
    const fromDb = (i: number) => get.get(i) as Buffer;
    const fileUs: number[] = [];
    const dbUs: number[] = [];
    const next = rng(11);
    for (let pass = 0; pass <= m.thumbPasses; pass++) {
      const warm = pass === 0;
      for (const [k, i] of shuffled(m.thumbs, next).entries()) {
        // Alternate which side goes first, so neither always reads right after the other.
        const order = k % 2 === 0 ? [fromFile, fromDb] : [fromDb, fromFile];
        for (const read of order) {
          const t0 = performance.now();
          const data = read(i);
          const us = (performance.now() - t0) * 1000;
          if (data.length !== (thumbs[i] as Buffer).length) throw new Error(`thumbnail ${i}: read ${data.length} bytes, stored ${(thumbs[i] as Buffer).length}`);
          if (!warm) (read === fromFile ? fileUs : dbUs).push(us);
        }
      }
      if (!warm) b.log(`  ${c} pass ${pass}: median so far files ${median(fileUs).toFixed(1)} µs, SQLite ${median(dbUs).toFixed(1)} µs`);
    }
    const peer = 'SQLite BLOB table';
    return [
      makeRow({ case: c, fixture, metric: 'median µs per read', unit: 'count', reelvault: median(fileUs), peer, peerValue: median(dbUs), goal: { kind: 'info' }, goalText: '—',
        note: `warm page cache; files by readFileSync(blobs.pathOf(sha)), SQLite by a prepared SELECT data … WHERE id = ?; ${fileUs.length} reads each` }),
      makeRow({ case: c, fixture, metric: 'p95 µs per read', unit: 'count', reelvault: p95(fileUs), peer, peerValue: p95(dbUs), goal: { kind: 'info' }, goalText: '—' }),
      makeRow({ case: c, fixture, metric: 'bytes stored', unit: 'bytes', reelvault: bytes, peer: 'SQLite file (WAL checkpointed)', peerValue: dbSize, goal: { kind: 'info' }, goalText: '—',
        note: `the blob files take ${formatBytes(allocated)} of disk blocks for ${formatBytes(bytes)} of content` }),
    ];
  } finally {
    db.close();
    lib.close();
    rmSync(dbFile, { force: true });
    rmSync(`${dbFile}-wal`, { force: true });
    rmSync(`${dbFile}-shm`, { force: true });
    rmSync(libDir, { recursive: true, force: true });
  }
}
