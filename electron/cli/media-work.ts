/**
 * The CLI's media work: probing what `import` and `render add` store, and running the owed media
 * jobs (posters, filmstrips, waveforms) with the media worker, so a library made only from a
 * terminal is as complete as one made in the app. Both use electron/media's bounded job queue and
 * its probe (ffprobe for audio and video, sharp for images: timeouts, output limits, the file
 * protocol only). electron/media is loaded on demand: other commands never load sharp or ffmpeg.
 *
 * This is the CLI's media worker, not a command: like electron/media's worker in every other host,
 * it writes what probing found straight to the library (no channel takes probe results or the job
 * table), so it uses `c.lib`, not the handler table.
 */
import type { Asset, ImportResultItem, MediaProbe, Render } from '../../shared/models.js';
import type { MediaSettings } from '../../shared/settings.js';
import { jsonSettingsStore, settingsFilePath } from '../api/settings-file.js';
import type { CliContext } from './context.js';

/** The media settings of this machine (Settings › Media work): jobs at once and the time limit. */
export function mediaSettings(): MediaSettings {
  return jsonSettingsStore(settingsFilePath()).read().media;
}

export interface ProbeOutcome {
  probe: MediaProbe | null;
  error: string | null;
}

/** Probes files in a bounded queue (jobs at once and time limit from the settings); never throws for a bad file. */
export async function probeFiles(files: readonly string[], opts: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {}): Promise<ProbeOutcome[]> {
  const results: ProbeOutcome[] = files.map(() => ({ probe: null, error: null }));
  if (files.length === 0) return results;
  const { JobQueue, probeMedia } = await import('../media/index.js');
  const s = mediaSettings();
  const timeoutMs = s.timeoutSeconds * 1000;
  const queue = new JobQueue({
    concurrency: s.concurrency ?? undefined,
    timeoutMs,
    handlers: {
      probe: async (payload, jc) => {
        const { index } = payload as { index: number };
        (results[index] as ProbeOutcome).probe = await probeMedia(files[index] as string, { signal: jc.signal, timeoutMs });
      },
    },
  });
  let done = 0;
  queue.onEvent((e) => {
    const index = Number(e.id.slice('probe:'.length));
    if (e.state === 'failed') (results[index] as ProbeOutcome).error = e.error ?? 'could not be read';
    if (e.state === 'done' || e.state === 'failed' || e.state === 'cancelled') opts.onProgress?.(++done, files.length);
  });
  const stop = () => queue.cancelAll();
  opts.signal?.addEventListener('abort', stop, { once: true });
  files.forEach((_f, i) => queue.add('probe', { index: i }, { id: `probe:${i}` }));
  await queue.whenIdle();
  opts.signal?.removeEventListener('abort', stop);
  await queue.close();
  return results;
}

const MEDIA_TYPES = new Set(['image', 'video', 'audio']);

/** An import item with what probing its file found (null when it is not media or was not probed). */
export type ProbedImportItem = ImportResultItem & { probe?: MediaProbe | null; probeError?: string };

/**
 * Probes the imported (and already present) media assets and fills their width, height and
 * duration where the library has none yet; answers the items with the probe beside each.
 */
export async function probeImported(c: CliContext, items: readonly ImportResultItem[], onProgress?: (done: number, total: number) => void): Promise<ProbedImportItem[]> {
  const targets = items.map((item, index) => ({ item, index })).filter(({ item }) => item.asset && MEDIA_TYPES.has(item.asset.type));
  const outcomes = await probeFiles(targets.map(({ item }) => c.lib.ctx.blobs.pathOf((item.asset as Asset).sha256)), { onProgress });
  const out: ProbedImportItem[] = items.map((i) => ({ ...i }));
  targets.forEach(({ item, index }, n) => {
    const o = outcomes[n] as ProbeOutcome;
    const asset = item.asset as Asset;
    const target = out[index] as ProbedImportItem;
    target.probe = o.probe;
    if (o.error) target.probeError = o.error;
    if (!o.probe) return;
    const patch = {
      ...(asset.width === null && o.probe.width !== null ? { width: o.probe.width } : {}),
      ...(asset.height === null && o.probe.height !== null ? { height: o.probe.height } : {}),
      ...(asset.durationSeconds === null && o.probe.durationSeconds !== null ? { durationSeconds: o.probe.durationSeconds } : {}),
    };
    if (Object.keys(patch).length > 0) target.asset = c.lib.assets.update(c.actor, asset.id, patch);
  });
  return out;
}

/** Fills what the caller did not give (size, fps, duration, codec, bitrate) from the stored video. */
export async function probeRender(c: CliContext, r: Render): Promise<{ render: Render; probe: MediaProbe | null; error: string | null }> {
  const [o] = await probeFiles([c.lib.ctx.blobs.pathOf(r.sha256)]);
  const probe = o?.probe ?? null;
  if (!probe) return { render: r, probe: null, error: o?.error ?? null };
  const meta = {
    ...(r.width === null && probe.width !== null ? { width: probe.width } : {}),
    ...(r.height === null && probe.height !== null ? { height: probe.height } : {}),
    ...(r.fps === null && probe.fps !== null ? { fps: probe.fps } : {}),
    ...(r.durationSeconds === null && probe.durationSeconds !== null ? { durationSeconds: probe.durationSeconds } : {}),
    ...(r.codec === null && probe.videoCodec ? { codec: probe.videoCodec } : {}),
    ...(r.bitrateKbps === null && probe.bitrateKbps !== null ? { bitrateKbps: probe.bitrateKbps } : {}),
  };
  return { render: Object.keys(meta).length > 0 ? c.lib.renders.update(c.actor, r.id, meta) : r, probe, error: null };
}

export interface MediaRunReport {
  /** Files whose media work finished (posters, filmstrip, waveform as the file allows, and a proxy where one is wanted). */
  done: number;
  /** Playback proxies made (videos a browser cannot decode get an H.264 copy). */
  proxies: number;
  failed: { id: string; name: string; error: string }[];
  /** Stopped by Ctrl+C: what was left stays owed for the next run (or the app). */
  interrupted: boolean;
}

/** The content a media job works on: `analyze:<sha256>` and `proxy:<sha256>` are work for one file. */
const contentOf = (jobId: string) => jobId.slice(jobId.indexOf(':') + 1);

/**
 * Runs the media work the library owes (content with no media record yet, and jobs a host left
 * queued) until none is left, with the media worker the app uses. Progress counts files, not jobs:
 * a video's proxy is queued only once its posters are made, so it is more work for the same file,
 * which counts as done when its last job is.
 */
export async function runOwedMedia(c: CliContext, opts: { onProgress?: (p: { done: number; failed: number; total: number; current: string | null }) => void; signal?: AbortSignal } = {}): Promise<MediaRunReport> {
  const { startMediaWorker } = await import('../media/index.js');
  const s = mediaSettings();
  // Per file (content sha256): the jobs not yet finished, and the first failure.
  const files = new Map<string, { open: Set<string>; failed: { id: string; error: string } | null; cancelled: boolean }>();
  const names = new Map<string, string>();
  let proxies = 0;
  let current: string | null = null;
  const worker = await startMediaWorker(c.lib, { concurrency: s.concurrency ?? undefined, timeoutMs: s.timeoutSeconds * 1000, paused: true });
  const nameOf = (sha: string) => names.get(sha) ?? `content ${sha.slice(0, 12)}`;
  const note = (jobId: string) => {
    const sha = contentOf(jobId);
    const name = (worker.queue.get(jobId)?.payload as { name?: string } | undefined)?.name;
    if (name) names.set(sha, name);
    let f = files.get(sha);
    if (!f) files.set(sha, (f = { open: new Set(), failed: null, cancelled: false }));
    return f;
  };
  const counts = () => {
    let done = 0;
    let failed = 0;
    for (const f of files.values()) {
      if (f.failed) failed++;
      else if (f.open.size === 0 && !f.cancelled) done++;
    }
    return { done, failed };
  };
  const report = () => opts.onProgress?.({ ...counts(), total: files.size, current });
  worker.onEvent((e) => {
    const f = note(e.id);
    if (e.state === 'queued' || e.state === 'running') {
      f.open.add(e.id);
      if (f.failed?.id === e.id) f.failed = null; // tried again
    } else f.open.delete(e.id);
    if (e.state === 'cancelled') f.cancelled = true;
    if (e.state === 'running') current = nameOf(contentOf(e.id));
    if (e.state === 'done' && e.id.startsWith('proxy:')) proxies++;
    if (e.state === 'failed') f.failed ??= { id: e.id, error: e.error ?? 'failed' };
    report();
  });
  const noteQueued = () => {
    for (const j of worker.queue.list()) if (j.state === 'queued' || j.state === 'running') note(j.id).open.add(j.id);
  };
  noteQueued();
  let interrupted = false;
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= worker.close());
  const stop = () => {
    interrupted = true;
    void close();
  };
  opts.signal?.addEventListener('abort', stop, { once: true });
  report();
  worker.queue.resume();
  try {
    // What a previous run left pending comes back a page at a time: all of it is owed work too.
    await worker.requeued;
    noteQueued();
    // The worker claims up to 500 items a look: look again until nothing more is owed.
    while (!interrupted) {
      await worker.queue.whenIdle();
      if (interrupted || worker.scan() === 0) break;
    }
  } finally {
    opts.signal?.removeEventListener('abort', stop);
  }
  const failures = [...files].flatMap(([sha, f]) => (f.failed ? [{ id: f.failed.id, name: nameOf(sha), error: f.failed.error }] : []));
  await close();
  return { done: counts().done, proxies, failed: failures, interrupted };
}

export type JobState = 'owed' | 'pending' | 'queued' | 'running' | 'failed';

export interface LibraryJob {
  /** The media queue's id: analyze:<sha256>. */
  id: string;
  sha256: string;
  state: JobState;
  /** The assets and renders with this content (the work is shared by all of them). */
  items: { kind: 'asset' | 'render'; id: string; name: string }[];
  attempts?: number;
  error?: string;
}

/**
 * The library's media work from the caller's view: failed items with why, jobs a host left queued
 * or running, content claimed by a worker (pending), and content not yet looked at (owed).
 */
export function libraryJobs(c: CliContext): LibraryJob[] {
  const bySha = new Map<string, LibraryJob>();
  const note = (sha: string, media: Asset['media'], item: LibraryJob['items'][number]) => {
    let j = bySha.get(sha);
    if (!j) {
      const state: JobState | null = !media ? 'owed' : media.state === 'failed' ? 'failed' : media.state === 'pending' ? 'pending' : null;
      if (!state) return;
      j = { id: `analyze:${sha}`, sha256: sha, state, items: [], ...(media?.error ? { error: media.error } : {}) };
      bySha.set(sha, j);
    }
    j.items.push(item);
  };
  let cursor: string | undefined;
  do {
    const page = c.lib.assets.search(c.actor, { limit: 1000, ...(cursor ? { cursor } : {}) });
    for (const a of page.items) if (MEDIA_TYPES.has(a.type)) note(a.sha256, a.media ?? null, { kind: 'asset', id: a.id, name: a.name });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  for (const p of c.lib.projects.list(c.actor)) {
    for (const r of c.lib.renders.list(c.actor, p.id)) note(r.sha256, r.media ?? null, { kind: 'render', id: r.id, name: r.name });
  }
  // Jobs a host saved: only for content this caller can see.
  for (const job of c.lib.media.jobs.loadPending()) {
    const j = bySha.get(job.id.replace(/^analyze:/, ''));
    if (!j) continue;
    j.state = job.state === 'running' ? 'running' : 'queued';
    j.attempts = job.attempts;
  }
  return [...bySha.values()];
}
