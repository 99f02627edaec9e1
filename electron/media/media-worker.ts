import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { MediaToolInfo } from '../../shared/contract.js';
import type { MediaProbe } from '../../shared/models.js';
import type { Storage, MediaResult, MediaTarget } from '../storage/index.js';
import { mediaTools } from './binaries.js';
import { DEFAULT_JOB_TIMEOUT_MS, JobQueue } from './job-queue.js';
import type { JobContext, JobEvent, JobRecord, JobStore } from './job-types.js';
import { probeMedia } from './probe.js';
import { DETAIL_WIDTH, GRID_WIDTH, makeImageThumb, makePoster } from './posters.js';
import { makeFilmstrip } from './filmstrip.js';
import { makeWaveform } from './waveform.js';
import { makeProxy, proxyTimeoutMs } from './proxy.js';
import { browserPlayable, pixelFacts } from './stream-facts.js';
import { MediaError, reasonOf } from './media-error.js';
import sharp from 'sharp';

export const FILMSTRIP_FRAMES = 10;
export const FILMSTRIP_TILE_WIDTH = 160;
export const WAVEFORM_SIZE = { width: 640, height: 120 };

export interface MediaWorkerOptions {
  concurrency?: number;
  timeoutMs?: number;
  /** Start paused (tests; a user who paused the jobs panel last time). */
  paused?: boolean;
}

export interface MediaWorker {
  queue: JobQueue;
  /** Looks for new content to process now (it also does so by itself after imports). */
  scan(): number;
  /** Forgets the result for this content and does it again. */
  redo(sha256: string): void;
  /** Settles once the work a previous run left pending is back in the queue (it is re-queued a page at a time after start). */
  requeued: Promise<void>;
  onEvent(listener: (e: JobEvent) => void): () => void;
  /** The ffmpeg and ffprobe the jobs run, and any problem with them (binaries.ts). */
  tools(): Promise<MediaToolInfo[]>;
  close(): Promise<void>;
}

/** Keeps the queue's pending jobs in the library database, so they survive a restart. */
function storageJobStore(storage: Storage): JobStore {
  return {
    save: (j: JobRecord) => storage.media.jobs.save(j),
    remove: (id: string) => storage.media.jobs.remove(id),
    loadPending: () => storage.media.jobs.loadPending(),
    apply: (ops) => storage.media.jobs.apply(ops),
  };
}

/**
 * Media work for a library: every image, audio and video asset and every render is probed and gets
 * its thumbnails (posters at grid and detail size, a filmstrip for hover-scrub, a waveform for
 * sound), in a bounded background queue. Results, and failures with their reason, are recorded on
 * the content, so a tile shows either a picture or why there is none.
 */
export async function startMediaWorker(storage: Storage, opts: MediaWorkerOptions = {}): Promise<MediaWorker> {
  // sharp keeps a cache of decoded images and runs a libvips thread per core by default: thumbnail
  // jobs must not grow the host's memory with the library, nor take the UI's core. Each job decodes
  // one image at a time and keeps nothing.
  sharp.cache(false);
  sharp.concurrency(1);
  const baseTimeout = opts.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS;
  // A video the page cannot decode gets its proxy in a job of its own, after its posters: the
  // grid fills first, and a long encode has a time limit fitted to its length.
  const wantProxy = (sha256: string, durationSeconds: number | null) =>
    queue.add('proxy', { sha256 }, { id: `proxy:${sha256}`, priority: -1, timeoutMs: proxyTimeoutMs(durationSeconds, baseTimeout) });
  const queue: JobQueue = new JobQueue({
    handlers: {
      analyze: (payload, jc) => analyze(storage, payload as MediaTarget, jc, wantProxy),
      proxy: (payload, jc) => proxy(storage, (payload as { sha256: string }).sha256, jc),
    },
    concurrency: opts.concurrency,
    timeoutMs: opts.timeoutMs,
    paused: opts.paused,
    store: storageJobStore(storage),
  });
  await queue.restore();
  let closed = false;
  // Content marked pending whose job was lost (a crash between the mark and the job's save, or a host
  // stopped mid-queue): re-queued a page at a time, the next page after a turn of the event loop, so a
  // library left with thousands of them no longer holds the host's start (`serve` printed its URL only
  // once every one was queued). `requeued` settles when the last page is in the queue.
  const REQUEUE_PAGE = 500;
  let requeueNext: NodeJS.Immediate | null = null;
  let requeueDone!: () => void;
  const requeued = new Promise<void>((r) => (requeueDone = r));
  const requeue = (after: string) => {
    requeueNext = null;
    if (closed) return requeueDone();
    let page: MediaTarget[];
    try {
      page = storage.media.pending({ after, limit: REQUEUE_PAGE });
    } catch {
      // The library closed meanwhile: its pending marks are picked up again at the next open.
      return requeueDone();
    }
    for (const t of page) queue.add('analyze', t, { id: `analyze:${t.sha256}` });
    if (page.length < REQUEUE_PAGE) return requeueDone();
    requeueNext = setImmediate(() => requeue(page[page.length - 1]!.sha256));
  };
  requeue('');
  for (const sha of storage.media.pendingProxies()) if (!queue.get(`proxy:${sha}`)) wantProxy(sha, null);
  // Videos probed before probes answered "does a browser play it" (an older library): decided from
  // what the probe recorded, once each, and a proxy made where one is wanted.
  if (!storage.ctx.readOnly) {
    for (const { sha256, probe } of storage.media.undecidedVideos()) {
      const pixel = pixelFacts(probe.pixelFormat ?? undefined);
      const playable = browserPlayable({ formatName: probe.formatName, videoCodec: probe.videoCodec, audioCodec: probe.audioCodec, bitDepth: pixel.bitDepth, chroma: pixel.chroma });
      storage.media.settleProxyDecision(sha256, playable);
      if (!playable) wantProxy(sha256, probe.durationSeconds);
    }
  }

  // A cancelled job would leave its content "pending" for ever (a tile that shimmers and never
  // resolves): record it as failed with the reason, so the tile offers a retry instead.
  const offCancel = queue.onEvent((e) => {
    if (e.state !== 'cancelled' || !(e.id.startsWith('analyze:') || e.id.startsWith('proxy:'))) return;
    const sha = e.id.slice(e.id.indexOf(':') + 1);
    try {
      if (e.id.startsWith('proxy:')) storage.media.saveProxy(sha, { error: 'cancelled' });
      else storage.media.saveResult(sha, { probe: null, error: 'cancelled' });
    } catch {
      // The library closed meanwhile: the pending mark is picked up again at the next open.
    }
  });

  // A claim looks at one page of assets (media-store.ts). When a page held less than a full claim and
  // assets remain unlooked-at, the next page follows after a turn of the event loop, so a host's
  // requests are answered between pages; a full claim waits for its results (each one announces a
  // change, below), which keeps the queue fed without holding the whole library's jobs in memory.
  const CLAIM = 500;
  let more: NodeJS.Immediate | null = null;
  const scan = (): number => {
    if (closed) return 0;
    const work = storage.media.claimWork(CLAIM);
    for (const t of work) queue.add('analyze', t, { id: `analyze:${t.sha256}`, priority: t.type === 'image' ? 1 : 0 });
    if (!more && work.length < CLAIM && !storage.media.claimDone()) {
      more = setImmediate(() => {
        more = null;
        try {
          scan();
        } catch {
          // The library closed meanwhile: the next open walks it again.
        }
      });
      more.unref();
    }
    return work.length;
  };
  // Imports and renders announce themselves as changes; look at most a few times a second.
  let timer: NodeJS.Timeout | null = null;
  const off = storage.onChange((kind) => {
    // `media` too: a full claim waits for its own results to claim the next page (above).
    if ((kind !== 'assets' && kind !== 'renders' && kind !== 'media') || timer) return;
    timer = setTimeout(() => { timer = null; scan(); }, 200);
    timer.unref();
  });
  scan();

  return {
    queue,
    scan,
    redo(sha256) {
      storage.media.reset(sha256);
      const failed = queue.get(`analyze:${sha256}`);
      if (failed?.state === 'failed') queue.retry(failed.id);
      else scan();
    },
    requeued,
    onEvent: (l) => queue.onEvent(l),
    tools: () => mediaTools(),
    async close() {
      closed = true;
      off();
      offCancel();
      if (timer) clearTimeout(timer);
      if (more) clearImmediate(more);
      if (requeueNext) clearImmediate(requeueNext);
      requeueDone();
      await queue.close();
    },
  };
}

/** Decoding failures that mean the file only looked like a video: ffprobe read a header, no frame exists. */
const UNDECODABLE = new Set(['no frame decoded', 'not a media file', 'ffmpeg failed']);

async function analyze(storage: Storage, t: MediaTarget, jc: JobContext, wantProxy: (sha256: string, durationSeconds: number | null) => void): Promise<void> {
  // Content evicted to the library's bucket is fetched back through the cache first.
  await storage.ctx.blobs.ensureLocal(t.sha256);
  const source = storage.ctx.blobs.pathOf(t.sha256);
  const epoch = storage.media.epoch();
  const scratch = path.join(storage.ctx.dirs.tmp, `media-${randomBytes(6).toString('hex')}`);
  await fsp.mkdir(scratch, { recursive: true });
  const store = async (file: string) => {
    const put = await storage.ctx.blobs.putFile(file);
    return { sha256: put.sha256, size: put.size };
  };
  try {
    let probe: MediaProbe;
    try {
      probe = await probeMedia(source, { signal: jc.signal });
    } catch (err) {
      storage.media.saveResult(t.sha256, { probe: null, error: reasonOf(err) }, epoch);
      throw err;
    }
    jc.reportProgress(0.2);
    const result: MediaResult = { probe };
    const signal = jc.signal;
    // Neither poster is ever enlarged, so a source no wider than the grid size gives the same
    // picture at both sizes: it is made once and both fields point at it.
    const oneSize = probe.width !== null && probe.width <= GRID_WIDTH;
    try {
      if (probe.kind === 'image') {
        result.posterGrid = await store((await makeImageThumb(source, path.join(scratch, 'grid.webp'), { width: GRID_WIDTH, format: 'webp', signal })).file);
        result.posterDetail = oneSize
          ? result.posterGrid
          : await store((await makeImageThumb(source, path.join(scratch, 'detail.webp'), { width: DETAIL_WIDTH, format: 'webp', signal })).file);
      } else if (probe.kind === 'video' && probe.width) {
        const d = probe.durationSeconds;
        result.posterGrid = await store((await makePoster(source, path.join(scratch, 'grid.jpg'), { width: GRID_WIDTH, durationSeconds: d, signal })).file);
        jc.reportProgress(0.35);
        result.posterDetail = oneSize
          ? result.posterGrid
          : await store((await makePoster(source, path.join(scratch, 'detail.jpg'), { width: DETAIL_WIDTH, durationSeconds: d, signal })).file);
        jc.reportProgress(0.5);
        if (d && d > 0) {
          const strip = await makeFilmstrip(source, path.join(scratch, 'strip.jpg'), {
            frames: FILMSTRIP_FRAMES,
            tileWidth: FILMSTRIP_TILE_WIDTH,
            probe,
            signal,
            onProgress: (f) => jc.reportProgress(0.5 + f * 0.4),
          });
          result.filmstrip = { ...(await store(strip.file)), frames: strip.frames, tileWidth: strip.tileWidth, tileHeight: strip.tileHeight };
        }
      }
      if (probe.audioCodec && probe.durationSeconds) {
        result.waveform = await store((await makeWaveform(source, path.join(scratch, 'wave.png'), { ...WAVEFORM_SIZE, signal })).file);
      }
    } catch (err) {
      // A "video" of which not one frame decodes is junk ffprobe half-read (a run of bytes named
      // .mov): its header's duration and rate are not facts about anything, so none are kept.
      if (probe.kind === 'video' && !result.posterGrid && UNDECODABLE.has(reasonOf(err))) {
        const reason = 'not a media file (no frame could be decoded)';
        storage.media.saveResult(t.sha256, { probe: null, error: reason }, epoch);
        throw new MediaError(reason, err instanceof Error ? err.message : undefined);
      }
      // Probed but could not draw it: keep what the probe found and say why there is no picture.
      result.error = reasonOf(err);
      storage.media.saveResult(t.sha256, result, epoch);
      throw err instanceof MediaError ? err : new MediaError(reasonOf(err));
    }
    result.proxyPending = probe.kind === 'video' && probe.browserPlayable === false;
    storage.media.saveResult(t.sha256, result, epoch);
    if (result.proxyPending) wantProxy(t.sha256, probe.durationSeconds);
    jc.reportProgress(1);
  } finally {
    await fsp.rm(scratch, { recursive: true, force: true });
  }
}

/** Makes the playback proxy for content whose analysis asked for one, and records it (or why not). */
async function proxy(storage: Storage, sha256: string, jc: JobContext): Promise<void> {
  await storage.ctx.blobs.ensureLocal(sha256);
  const source = storage.ctx.blobs.pathOf(sha256);
  const epoch = storage.media.epoch();
  const summary = storage.media.forContent([sha256]).get(sha256);
  if (!summary?.proxy || summary.proxy.state === 'done') return; // reset or already made meanwhile
  const scratch = path.join(storage.ctx.dirs.tmp, `proxy-${randomBytes(6).toString('hex')}`);
  await fsp.mkdir(scratch, { recursive: true });
  try {
    const made = await makeProxy(source, path.join(scratch, 'proxy'), { hasAudio: !!summary.probe?.audioCodec, signal: jc.signal });
    const put = await storage.ctx.blobs.putFile(made.file);
    storage.media.saveProxy(sha256, { proxy: { sha256: put.sha256, size: put.size } }, epoch);
    jc.reportProgress(1);
  } catch (err) {
    storage.media.saveProxy(sha256, { error: reasonOf(err) });
    throw err instanceof MediaError ? err : new MediaError(reasonOf(err));
  } finally {
    await fsp.rm(scratch, { recursive: true, force: true });
  }
}
