import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Actor } from '../../shared/models.js';
import type { FrameComparison } from '../../shared/render-models.js';
import { compareVideos, countFrames } from '../media/frame-diff.js';
import type { JobContext } from '../media/job-types.js';
import { reasonOf } from '../media/media-error.js';
import type { Storage } from '../storage/index.js';
import { summarise } from './comparison-summary.js';
import type { RenderRecords } from './render-records.js';

/** A compare job's payload: the pair, and what the jobs panel shows. */
export interface ComparePayload {
  actor: Actor;
  projectId: string;
  a: string;
  b: string;
  name: string;
}

export const COMPARE_TIMEOUT_MS = 30 * 60_000;

/** What renders.compare answers while the pair is queued or being compared. */
export function pendingComparison(a: string, b: string): FrameComparison {
  return { aRenderId: a, bRenderId: b, state: 'pending', error: null, frames: 0, framesA: null, framesB: null, fps: null, identical: false, changedFrames: 0, worst: null, scores: [], createdAt: null };
}

/** Compares two renders frame by frame (ffmpeg's ssim and psnr) and keeps the result, or why it failed, with the pair. */
export async function runCompare(storage: Storage, records: RenderRecords, p: ComparePayload, jc: JobContext): Promise<void> {
  records.update(jc.id, { stage: 'comparing', detail: 'Comparing frames' });
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
