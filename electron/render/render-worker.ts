import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { invalid } from '../../shared/errors.js';
import type { Actor, Render } from '../../shared/models.js';
import type { RenderJob } from '../../shared/render-models.js';
import { JobQueue } from '../media/job-queue.js';
import type { Storage } from '../storage/index.js';
import { pruneDepsCache, pruneLimits } from './deps-cache-prune.js';
import { PhasedProgress } from './phased-progress.js';
import { listCompositions } from './remotion-cli.js';
import type { RenderJobCalls } from './render-jobs.js';
import { renderLogs } from './render-logs.js';
import { renderRecords } from './render-records.js';
import { renderCacheDir } from './render-tools.js';
import { prepareWorkdir, renderBrowser, type RenderWorkdir } from './render-workdir.js';
import { COMPARE_TIMEOUT_MS, pendingComparison, runCompare, type ComparePayload } from './run-compare.js';
import { runRender, type RenderPayload } from './run-render.js';

export type { MakeRenderInput } from './render-jobs.js';

export interface RenderWorkerOptions {
  /** The install cache (default: REELVAULT_RENDER_CACHE or the platform's cache folder). */
  cacheDir?: string;
  env?: NodeJS.ProcessEnv;
  /** One render at a time by default: Remotion already uses the cores it is given. */
  concurrency?: number;
  timeoutMs?: number;
}

export const RENDER_TIMEOUT_MS = 2 * 60 * 60_000;

/** The calls the API makes (with the worker's own queue), plus what only the host that started it uses. */
export interface RenderWorker extends RenderJobCalls<JobQueue> {
  close(): Promise<void>;
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
  const logs = renderLogs(path.join(storage.ctx.dirs.root, 'logs', 'renders'));
  const records = renderRecords(
    (actor, projectId) => {
      try {
        storage.projects.get(actor, projectId);
        return true;
      } catch {
        return false;
      }
    },
    // Jobs of earlier runs (a failed one's log, an interrupted one) are listed again; this process's are kept as they move.
    // A read-only library is not taken over (that writes): nothing renders into it anyway.
    { save: (job) => storage.renders.jobs.save(job), delete: (ids) => storage.renders.jobs.delete(ids), initial: storage.ctx.readOnly ? [] : storage.renders.jobs.takeOver() },
  );
  const run = { storage, records, logs, env, cacheDir, queueCompare };

  const queue = new JobQueue({
    handlers: {
      render: (payload, jc) => runRender(run, payload as RenderPayload, jc),
      compare: (payload, jc) => runCompare(storage, records, payload as ComparePayload, jc),
    },
    concurrency: opts.concurrency ?? 1,
    timeoutMs: opts.timeoutMs ?? RENDER_TIMEOUT_MS,
  });
  const offQueue = queue.onEvent((e) => records.follow(e));
  // What an earlier process left (killed installs, entries beyond the limits) goes at start, in the background.
  void pruneDepsCache(cacheDir, pruneLimits(env)).catch(() => undefined);

  function queueCompare(actor: Actor, a: Render, b: Render): RenderJob {
    const id = `compare:${a.id}:${b.id}`;
    const payload: ComparePayload = { actor, projectId: b.projectId, a: a.id, b: b.id, name: `${a.name} ↔ ${b.name}` };
    const job = queue.add('compare', payload, { id, priority: 1, timeoutMs: COMPARE_TIMEOUT_MS });
    const known = records.get(id);
    if (!known || (known.state !== 'queued' && known.state !== 'running')) {
      const now = new Date().toISOString();
      records.set({ id, kind: 'compare', projectId: b.projectId, checkpointId: b.checkpointId, composition: b.composition ?? null, codec: null, state: job.state, stage: 'queued', progress: null, detail: null, frames: null, error: null, renderId: b.id, logFile: null, warning: null, createdAt: now, updatedAt: now });
    }
    return { ...(records.get(id) as RenderJob) };
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
      records.set({ id, kind: 'render', projectId: project.id, checkpointId: checkpoint.id, composition: payload.composition, codec, state: 'queued', stage: 'queued', progress: null, detail: null, frames: null, error: null, renderId: null, logFile: null, warning: null, createdAt: now, updatedAt: now });
      queue.add('render', payload, { id });
      return { ...(records.get(id) as RenderJob) };
    },

    async compositions(actor, input, signal) {
      const checkpointId = input.checkpointId ?? (await storage.renders.checkpointWorkspace(actor, input.projectId)).id;
      const cp = storage.checkpoints.get(actor, checkpointId);
      if (cp.projectId !== input.projectId) throw invalid('that checkpoint belongs to another project');
      const { file, stream: log } = await logs.open(`render_compositions_${randomBytes(4).toString('hex')}`);
      const progress = new PhasedProgress(() => undefined);
      const controller = new AbortController();
      signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
      let prepared: RenderWorkdir | null = null;
      try {
        prepared = await prepareWorkdir(storage, run, actor, checkpointId, log, controller.signal, progress);
        return await listCompositions({ dir: prepared.dir, browser: renderBrowser(env, log), log, signal: controller.signal, env });
      } finally {
        await prepared?.cleanup();
        await logs.close(log);
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

    jobs: (actor, projectId) => records.list(actor, projectId),

    job: (actor, id) => records.visible(actor, id),

    cancel(actor, id) {
      const rec = records.visible(actor, id);
      if (rec.state !== 'queued' && rec.state !== 'running') throw invalid(`render job ${id} is ${rec.state}; only a queued or running one can be cancelled`);
      queue.cancel(id);
      return { ...(records.get(id) ?? rec) };
    },

    wait: (id) => records.wait(id),

    async log(actor, id, maxBytes = 256 * 1024) {
      return logs.tail(records.visible(actor, id).logFile, maxBytes);
    },

    onEvent: (l) => queue.onEvent(l),
    onUpdate: (l) => records.onUpdate(l),

    async close() {
      // Unfollowed first: a job the close stops stays queued or running in the catalog, so the next
      // process reports it interrupted (with its log) rather than as the user's own cancel.
      offQueue();
      await queue.close();
      records.close();
    },
  };
}
