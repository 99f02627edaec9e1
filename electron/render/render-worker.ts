import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, promises as fsp, type WriteStream } from 'node:fs';
import path from 'node:path';
import { ReelvaultError, invalid, notFound } from '../../shared/errors.js';
import type { Actor, JobEvent, Render } from '../../shared/models.js';
import { CODEC_EXTENSION, type CompositionInfo, type FrameComparison, type RenderCodec, type RenderJob, type RenderStage } from '../../shared/render-models.js';
import { JobQueue } from '../media/job-queue.js';
import type { JobContext } from '../media/job-types.js';
import { compareVideos, countFrames } from '../media/frame-diff.js';
import { probeMedia } from '../media/probe.js';
import { reasonOf } from '../media/media-error.js';
import type { Storage } from '../storage/index.js';
import { summarise } from './comparison-summary.js';
import { ensureDependencies } from './deps-cache.js';
import { listCompositions, renderComposition } from './remotion-cli.js';
import { findBrowser, renderCacheDir } from './render-tools.js';
import { PhasedProgress } from './phased-progress.js';

export interface RenderWorkerOptions {
  /** The install cache (default: REELVAULT_RENDER_CACHE or the platform's cache folder). */
  cacheDir?: string;
  env?: NodeJS.ProcessEnv;
  /** One render at a time by default: Remotion already uses the cores it is given. */
  concurrency?: number;
  timeoutMs?: number;
}

export interface MakeRenderInput {
  projectId: string;
  checkpointId?: string | undefined;
  composition?: string | undefined;
  codec?: RenderCodec | undefined;
  crf?: number | undefined;
  frames?: { from: number; to: number } | undefined;
  name?: string | undefined;
}

interface RenderPayload {
  actor: Actor;
  projectId: string;
  checkpointId: string;
  composition: string | null;
  codec: RenderCodec;
  crf?: number;
  frames?: { from: number; to: number };
  renderName?: string;
  /** What the jobs panel shows. */
  name: string;
}

interface ComparePayload {
  actor: Actor;
  projectId: string;
  a: string;
  b: string;
  name: string;
}

export const RENDER_TIMEOUT_MS = 2 * 60 * 60_000;
const COMPARE_TIMEOUT_MS = 30 * 60_000;
/** Finished jobs stay listed for a while (renders.jobs shows what became of them), the newest this many. */
const KEEP_FINISHED = 50;
/** Failed renders' logs kept in the library, the newest this many. */
const KEEP_LOGS = 50;

export interface RenderWorker {
  queue: JobQueue;
  make(actor: Actor, input: MakeRenderInput): Promise<RenderJob>;
  compositions(actor: Actor, input: { projectId: string; checkpointId?: string | undefined }, signal?: AbortSignal): Promise<CompositionInfo[]>;
  /** The stored comparison of a pair, or a pending one after queueing it. */
  compare(actor: Actor, a: string, b: string): FrameComparison;
  jobs(actor: Actor, projectId?: string): RenderJob[];
  job(actor: Actor, id: string): RenderJob;
  cancel(actor: Actor, id: string): RenderJob;
  /** Resolves with the job once it is done, failed or cancelled. */
  wait(id: string): Promise<RenderJob>;
  log(actor: Actor, id: string, maxBytes?: number): Promise<{ text: string; truncated: boolean; path: string | null }>;
  onEvent(listener: (e: JobEvent) => void): () => void;
  /** Every change of a render job's record (stage, frames, the render it made). */
  onUpdate(listener: (job: RenderJob) => void): () => void;
  close(): Promise<void>;
}

function pendingComparison(a: string, b: string): FrameComparison {
  return { aRenderId: a, bRenderId: b, state: 'pending', error: null, frames: 0, framesA: null, framesB: null, fps: null, identical: false, changedFrames: 0, worst: null, scores: [], createdAt: null };
}

/**
 * Renders checkpoints with the project's own Remotion, in a queue beside the media one (one render
 * at a time, a two-hour timeout, cancel kills Remotion, Chromium and npm). A render runs in a
 * folder of its own under this process's temp folder, made from the checkpoint's blobs — the live
 * workspace is never read or written — with node_modules linked from an install cache keyed by the
 * lockfile. The output is stored as a render linked to that checkpoint, then compared frame by frame
 * with the same composition's render on the previous checkpoint that has one.
 */
export function startRenderWorker(storage: Storage, opts: RenderWorkerOptions = {}): RenderWorker {
  const env = opts.env ?? process.env;
  const cacheDir = opts.cacheDir ?? renderCacheDir(env);
  const logsDir = path.join(storage.ctx.dirs.root, 'logs', 'renders');
  const records = new Map<string, RenderJob>();
  const waiters = new Map<string, ((j: RenderJob) => void)[]>();
  const updateListeners = new Set<(job: RenderJob) => void>();

  const update = (id: string, patch: Partial<RenderJob>): void => {
    const rec = records.get(id);
    if (!rec) return;
    Object.assign(rec, patch, { updatedAt: new Date().toISOString() });
    for (const l of updateListeners) {
      try { l({ ...rec }); } catch { /* a listener's failure is its own */ }
    }
  };

  const queue = new JobQueue({
    handlers: {
      render: (payload, jc) => runRender(payload as RenderPayload, jc),
      compare: (payload, jc) => runCompare(payload as ComparePayload, jc),
    },
    concurrency: opts.concurrency ?? 1,
    timeoutMs: opts.timeoutMs ?? RENDER_TIMEOUT_MS,
  });

  const offQueue = queue.onEvent((e) => {
    const rec = records.get(e.id);
    if (!rec) return;
    const terminal = e.state === 'done' || e.state === 'failed' || e.state === 'cancelled';
    update(e.id, {
      state: e.state,
      progress: terminal ? (e.state === 'done' ? 1 : rec.progress) : (e.progress ?? rec.progress),
      detail: e.state === 'cancelled' ? 'Cancelled' : e.state === 'queued' ? 'Queued' : (e.detail ?? rec.detail),
      error: e.error ?? (e.state === 'queued' || e.state === 'running' ? null : rec.error),
      ...(e.state === 'queued' ? { stage: 'queued' as RenderStage, progress: null } : {}),
      ...(e.state === 'running' && rec.stage === 'queued' ? { stage: (rec.kind === 'compare' ? 'comparing' : 'preparing') as RenderStage, detail: 'Starting' } : {}),
    });
    if (!terminal) return;
    if (e.state === 'cancelled' && rec.logFile) {
      // A cancel is the user's choice, not a failure to look into: its log goes.
      void fsp.rm(rec.logFile, { force: true });
      update(e.id, { logFile: null });
    }
    for (const w of waiters.get(e.id) ?? []) w({ ...(records.get(e.id) as RenderJob) });
    waiters.delete(e.id);
    pruneFinished();
  });

  function pruneFinished(): void {
    const finished = [...records.values()].filter((r) => r.state !== 'queued' && r.state !== 'running').sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    for (const r of finished.slice(KEEP_FINISHED)) records.delete(r.id);
  }

  function visible(actor: Actor, projectId: string): boolean {
    try {
      storage.projects.get(actor, projectId);
      return true;
    } catch {
      return false;
    }
  }

  function record(actor: Actor, id: string): RenderJob {
    const rec = records.get(id);
    // Whoever may see the project may see its renders being made (scopes decide, as everywhere).
    if (!rec || !visible(actor, rec.projectId)) throw notFound(`render job ${id}`);
    return { ...rec };
  }

  async function openLog(id: string): Promise<{ file: string; stream: WriteStream }> {
    await fsp.mkdir(logsDir, { recursive: true });
    const file = path.join(logsDir, `${id.replace(/[^A-Za-z0-9_-]/g, '_')}.log`);
    const stream = createWriteStream(file, { flags: 'a' });
    stream.write(`[reelvault] ${new Date().toISOString()} ${id}\n`);
    return { file, stream };
  }

  async function closeLog(stream: WriteStream): Promise<void> {
    await new Promise<void>((resolve) => stream.end(() => resolve()));
  }

  /** Only our own log files (render-….log), oldest first beyond the newest KEEP_LOGS. */
  async function pruneLogs(): Promise<void> {
    const names = (await fsp.readdir(logsDir).catch(() => [] as string[])).filter((n) => /^render_[A-Za-z0-9_-]+\.log$/.test(n));
    if (names.length <= KEEP_LOGS) return;
    const stats = await Promise.all(names.map(async (n) => ({ n, t: (await fsp.stat(path.join(logsDir, n)).catch(() => null))?.mtimeMs ?? 0 })));
    for (const { n } of stats.sort((a, b) => b.t - a.t).slice(KEEP_LOGS)) await fsp.rm(path.join(logsDir, n), { force: true });
  }

  /**
   * A checkpoint's files in a fresh folder with its dependencies linked in: where Remotion runs.
   * Returns the folder and a cleanup that removes it (node_modules is a link: the cache stays).
   */
  async function prepare(actor: Actor, checkpointId: string, log: WriteStream, signal: AbortSignal, progress: PhasedProgress) {
    const work = path.join(storage.ctx.dirs.tmp, `render-${randomBytes(6).toString('hex')}`);
    const dir = path.join(work, 'project');
    const cleanup = () => fsp.rm(work, { recursive: true, force: true }).catch(() => undefined);
    try {
      progress.stage('preparing', 'Writing the checkpoint’s files');
      const made = await storage.renders.materialise(actor, checkpointId, dir);
      log.write(`[reelvault] checkpoint ${checkpointId}: ${made.files} files, ${made.bytes} bytes written to ${dir}\n`);
      const pkg = JSON.parse(await fsp.readFile(path.join(dir, 'package.json'), 'utf8').catch(() => '{}')) as Record<string, Record<string, string> | undefined>;
      const deps = { ...pkg.dependencies, ...pkg.devDependencies };
      if (!deps['@remotion/cli']) throw invalid('this checkpoint is not a Remotion project: its package.json does not depend on @remotion/cli');
      if (existsSync(path.join(dir, 'node_modules'))) throw new ReelvaultError('INTERNAL', 'node_modules is in the checkpoint');
      const deps2 = await ensureDependencies(dir, {
        cacheDir,
        log,
        signal,
        env,
        onProgress: (done, total) => progress.stage('installing', total ? `Installing dependencies: ${done}/${total} packages` : `Installing dependencies: ${done} packages`, total ? done / total : null),
      });
      if (deps2.installed) progress.stage('installing', 'Dependencies installed', 1);
      await fsp.symlink(deps2.nodeModules, path.join(dir, 'node_modules'), 'junction');
      return { dir, work, cleanup };
    } catch (err) {
      await cleanup();
      throw err;
    }
  }

  function browser(log: WriteStream): string | null {
    const b = findBrowser(env);
    log.write(b.path ? `[reelvault] browser: ${b.path} (${b.source === 'env' ? 'from the environment' : 'found on this machine'})\n` : '[reelvault] browser: none found (CHROMIUM_PATH); Remotion uses its own headless shell, downloading it if it can\n');
    return b.path;
  }

  async function runRender(p: RenderPayload, jc: JobContext): Promise<void> {
    const { file, stream: log } = await openLog(jc.id);
    update(jc.id, { logFile: file, stage: 'preparing', error: null });
    const progress = new PhasedProgress((stage, detail, fraction, frames) => {
      update(jc.id, { stage, detail, ...(frames ? { frames } : {}) });
      jc.reportProgress(fraction, detail);
    });
    let ok = false;
    let prepared: Awaited<ReturnType<typeof prepare>> | null = null;
    try {
      prepared = await prepare(p.actor, p.checkpointId, log, jc.signal, progress);
      const exe = browser(log);
      let composition = p.composition;
      if (!composition) {
        progress.stage('bundling', 'Reading the compositions');
        const list = await listCompositions({ dir: prepared.dir, browser: exe, log, signal: jc.signal, env });
        composition = (list[0] as CompositionInfo).id;
        update(jc.id, { composition });
      }
      const ext = CODEC_EXTENSION[p.codec];
      const output = path.join(prepared.work, 'output', `${composition}.${ext}`);
      progress.stage('bundling', 'Bundling');
      const r = await renderComposition(
        { dir: prepared.dir, browser: exe, log, signal: jc.signal, env },
        {
          composition,
          output,
          codec: p.codec,
          crf: p.crf,
          frames: p.frames,
          onEvent: (e) => {
            if (e.kind === 'bundling') progress.stage('bundling', `Bundling ${Math.round(e.fraction * 100)}%`, e.fraction);
            else if (e.kind === 'composition') progress.stage('bundling', 'Getting the composition', 1);
            else if (e.kind === 'rendered') progress.stage('rendering', `Rendering ${e.done}/${e.total}`, e.total ? e.done / e.total : null, { done: e.done, total: e.total });
            else progress.stage('encoding', `Encoding ${e.done}/${e.total}`, e.total ? e.done / e.total : null, { done: e.done, total: e.total });
          },
        },
      );
      if (r.versionMismatch) {
        log.write('[reelvault] warning: Remotion reported a version mismatch of its packages (see above)\n');
        update(jc.id, { warning: 'Remotion warned that its packages are of different versions: pin one exact version for every Remotion package in package.json' });
      }
      progress.stage('storing', 'Storing the render');
      const probe = await probeMedia(output, { signal: jc.signal }).catch(() => null);
      const render = await storage.renders.store(p.actor, p.projectId, { path: output }, {
        name: p.renderName ?? `${composition}.${ext}`,
        checkpointId: p.checkpointId,
        composition,
        codec: p.codec,
        width: probe?.width ?? undefined,
        height: probe?.height ?? undefined,
        fps: probe?.fps ?? undefined,
        durationSeconds: probe?.durationSeconds ?? undefined,
      });
      log.write(`[reelvault] stored render ${render.id} (${render.size} bytes)\n`);
      update(jc.id, { renderId: render.id });
      const prev = storage.renders.previous(p.actor, render.id);
      if (prev) queueCompare(p.actor, prev, render);
      ok = true;
      progress.stage('storing', 'Done', 1);
    } catch (err) {
      log.write(`\n[reelvault] failed: ${err instanceof Error ? err.message : String(err)}\n`);
      throw err;
    } finally {
      await prepared?.cleanup();
      await closeLog(log);
      if (ok) {
        await fsp.rm(file, { force: true });
        update(jc.id, { logFile: null });
      } else {
        await pruneLogs();
      }
    }
  }

  function queueCompare(actor: Actor, a: Render, b: Render): RenderJob {
    const id = `compare:${a.id}:${b.id}`;
    const payload: ComparePayload = { actor, projectId: b.projectId, a: a.id, b: b.id, name: `${a.name} ↔ ${b.name}` };
    const job = queue.add('compare', payload, { id, priority: 1, timeoutMs: COMPARE_TIMEOUT_MS });
    if (!records.has(id) || (records.get(id)?.state !== 'queued' && records.get(id)?.state !== 'running')) {
      const now = new Date().toISOString();
      records.set(id, { id, kind: 'compare', projectId: b.projectId, checkpointId: b.checkpointId, composition: b.composition ?? null, codec: null, state: job.state, stage: 'queued', progress: null, detail: null, frames: null, error: null, renderId: b.id, logFile: null, warning: null, createdAt: now, updatedAt: now });
    }
    return { ...(records.get(id) as RenderJob) };
  }

  async function runCompare(p: ComparePayload, jc: JobContext): Promise<void> {
    update(jc.id, { stage: 'comparing', detail: 'Comparing frames' });
    jc.reportProgress(0, 'Comparing frames');
    const a = storage.renders.get(p.actor, p.a);
    const b = storage.renders.get(p.actor, p.b);
    // A library with a bucket may have evicted either file from this disk: fetched back first.
    await storage.ctx.blobs.ensureLocal(a.sha256);
    await storage.ctx.blobs.ensureLocal(b.sha256);
    const fa = storage.ctx.blobs.pathOf(a.sha256);
    const fb = storage.ctx.blobs.pathOf(b.sha256);
    const scratch = path.join(storage.ctx.dirs.tmp, `compare-${randomBytes(6).toString('hex')}`);
    await fsp.mkdir(scratch, { recursive: true });
    try {
      let result;
      if (a.sha256 === b.sha256) {
        // The same bytes: the same pictures, and no need to decode a frame to say so.
        const n = await countFrames(fa, { scratch, signal: jc.signal });
        result = summarise({ framesA: n, framesB: n, fps: a.fps ?? b.fps, scores: Array.from({ length: n }, () => ({ ssim: 1, psnr: null })) });
      } else {
        result = summarise(await compareVideos(fa, fb, { scratch, signal: jc.signal }));
      }
      storage.renders.saveComparison(p.a, p.b, { result });
      jc.reportProgress(1, result.identical ? 'Identical' : `${result.changedFrames} of ${result.frames} frames changed`);
    } catch (err) {
      if (!jc.signal.aborted) storage.renders.saveComparison(p.a, p.b, { error: reasonOf(err) });
      throw err;
    } finally {
      await fsp.rm(scratch, { recursive: true, force: true });
    }
  }

  return {
    queue,

    async make(actor, input) {
      const project = storage.projects.get(actor, input.projectId);
      const checkpoint = input.checkpointId
        ? storage.checkpoints.get(actor, input.checkpointId)
        : await storage.renders.checkpointWorkspace(actor, input.projectId);
      if (checkpoint.projectId !== project.id) throw invalid('that checkpoint belongs to another project');
      const codec = input.codec ?? 'h264';
      const id = `render_${randomBytes(8).toString('hex')}`;
      const payload: RenderPayload = {
        actor: { ...actor },
        projectId: project.id,
        checkpointId: checkpoint.id,
        composition: input.composition ?? null,
        codec,
        ...(input.crf !== undefined ? { crf: input.crf } : {}),
        ...(input.frames ? { frames: input.frames } : {}),
        ...(input.name ? { renderName: input.name } : {}),
        name: `${input.composition ?? 'Render'} · ${project.name} · ${checkpoint.name}`,
      };
      const now = new Date().toISOString();
      records.set(id, { id, kind: 'render', projectId: project.id, checkpointId: checkpoint.id, composition: payload.composition, codec, state: 'queued', stage: 'queued', progress: null, detail: null, frames: null, error: null, renderId: null, logFile: null, warning: null, createdAt: now, updatedAt: now });
      queue.add('render', payload, { id });
      return { ...(records.get(id) as RenderJob) };
    },

    async compositions(actor, input, signal) {
      const checkpointId = input.checkpointId ?? (await storage.renders.checkpointWorkspace(actor, input.projectId)).id;
      const cp = storage.checkpoints.get(actor, checkpointId);
      if (cp.projectId !== input.projectId) throw invalid('that checkpoint belongs to another project');
      const { file, stream: log } = await openLog(`render_compositions_${randomBytes(4).toString('hex')}`);
      const progress = new PhasedProgress(() => undefined);
      const controller = new AbortController();
      signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
      let prepared: Awaited<ReturnType<typeof prepare>> | null = null;
      try {
        prepared = await prepare(actor, checkpointId, log, controller.signal, progress);
        return await listCompositions({ dir: prepared.dir, browser: browser(log), log, signal: controller.signal, env });
      } finally {
        await prepared?.cleanup();
        await closeLog(log);
        await fsp.rm(file, { force: true });
      }
    },

    compare(actor, aId, bId) {
      const a = storage.renders.get(actor, aId);
      const b = storage.renders.get(actor, bId);
      const stored = storage.renders.comparison(actor, a.id, b.id);
      const running = queue.get(`compare:${a.id}:${b.id}`);
      if (running && (running.state === 'queued' || running.state === 'running')) return pendingComparison(a.id, b.id);
      // A failure is kept so the UI can say why; asking again tries again (ffmpeg may have been missing).
      if (stored?.state === 'done') return stored;
      queueCompare(actor, a, b);
      return pendingComparison(a.id, b.id);
    },

    jobs(actor, projectId) {
      return [...records.values()]
        .filter((r) => (projectId === undefined || r.projectId === projectId) && visible(actor, r.projectId))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map((r) => ({ ...r }));
    },

    job: (actor, id) => record(actor, id),

    cancel(actor, id) {
      const rec = record(actor, id);
      if (rec.state !== 'queued' && rec.state !== 'running') throw invalid(`render job ${id} is ${rec.state}; only a queued or running one can be cancelled`);
      queue.cancel(id);
      return { ...(records.get(id) ?? rec) };
    },

    wait(id) {
      const rec = records.get(id);
      if (!rec) return Promise.reject(notFound(`render job ${id}`));
      if (rec.state !== 'queued' && rec.state !== 'running') return Promise.resolve({ ...rec });
      return new Promise((resolve) => waiters.set(id, [...(waiters.get(id) ?? []), resolve]));
    },

    async log(actor, id, maxBytes = 256 * 1024) {
      const rec = record(actor, id);
      if (!rec.logFile) return { text: '', truncated: false, path: null };
      const st = await fsp.stat(rec.logFile).catch(() => null);
      if (!st) return { text: '', truncated: false, path: null };
      const fh = await fsp.open(rec.logFile, 'r');
      try {
        const len = Math.min(st.size, maxBytes);
        const buf = Buffer.alloc(len);
        await fh.read(buf, 0, len, st.size - len);
        return { text: buf.toString('utf8'), truncated: st.size > len, path: rec.logFile };
      } finally {
        await fh.close();
      }
    },

    onEvent: (l) => queue.onEvent(l),
    onUpdate(l) {
      updateListeners.add(l);
      return () => updateListeners.delete(l);
    },

    async close() {
      offQueue();
      await queue.close();
      for (const [id, ws] of waiters) for (const w of ws) w({ ...(records.get(id) as RenderJob), state: 'cancelled' });
      waiters.clear();
    },
  };
}
