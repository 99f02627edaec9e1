import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Actor, Render } from '../../shared/models.js';
import { CODEC_EXTENSION, type CompositionInfo, type RenderCodec } from '../../shared/render-models.js';
import type { JobContext } from '../media/job-types.js';
import { probeMedia } from '../media/probe.js';
import type { Storage } from '../storage/index.js';
import { PhasedProgress } from './phased-progress.js';
import { listCompositions, renderComposition } from './remotion-cli.js';
import type { RenderLogs } from './render-logs.js';
import type { RenderRecords } from './render-records.js';
import { prepareWorkdir, renderBrowser, type RenderWorkdir } from './render-workdir.js';

/** A render job's payload: what to render from which checkpoint, and what the jobs panel shows. */
export interface RenderPayload {
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

/** What a render job runs with: the library, the worker's records and logs, and where to queue the comparison after. */
export interface RenderRun {
  storage: Storage;
  records: RenderRecords;
  logs: RenderLogs;
  env: NodeJS.ProcessEnv;
  cacheDir: string;
  queueCompare(actor: Actor, a: Render, b: Render): unknown;
}

/**
 * One render: the checkpoint written out with its dependencies, Remotion run on it, the output
 * stored as a render of that checkpoint and compared with the previous one. The log is kept only
 * when it failed (the newest few).
 */
export async function runRender(run: RenderRun, p: RenderPayload, jc: JobContext): Promise<void> {
  const { storage, records, logs, env } = run;
  const { file, stream: log } = await logs.open(jc.id);
  records.update(jc.id, { logFile: file, stage: 'preparing', error: null });
  const progress = new PhasedProgress((stage, detail, fraction, frames) => {
    // The bar moves with the detail in one update, so a listener never sees frame 6 with frame 5's share.
    records.update(jc.id, { stage, detail, progress: fraction, ...(frames ? { frames } : {}) });
    jc.reportProgress(fraction, detail);
  });
  let ok = false;
  let prepared: RenderWorkdir | null = null;
  try {
    prepared = await prepareWorkdir(storage, run, p.actor, p.checkpointId, log, jc.signal, progress);
    const exe = renderBrowser(env, log);
    let composition = p.composition;
    if (!composition) {
      progress.stage('bundling', 'Reading the compositions');
      const list = await listCompositions({ dir: prepared.dir, browser: exe, log, signal: jc.signal, env });
      composition = (list[0] as CompositionInfo).id;
      records.update(jc.id, { composition });
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
      records.update(jc.id, { warning: 'Remotion warned that its packages are of different versions: pin one exact version for every Remotion package in package.json' });
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
    records.update(jc.id, { renderId: render.id });
    const prev = storage.renders.previous(p.actor, render.id);
    if (prev) run.queueCompare(p.actor, prev, render);
    ok = true;
    progress.stage('storing', 'Done', 1);
  } catch (err) {
    log.write(`\n[reelvault] failed: ${err instanceof Error ? err.message : String(err)}\n`);
    throw err;
  } finally {
    await prepared?.cleanup();
    await logs.close(log);
    if (ok) {
      await fsp.rm(file, { force: true });
      records.update(jc.id, { logFile: null });
    } else {
      await logs.prune();
    }
  }
}
