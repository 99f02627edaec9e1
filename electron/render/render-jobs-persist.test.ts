/**
 * Render jobs survive a restart (migration 015): a render stopped by the process closing comes back
 * failed and interrupted, its log still readable; a failed render's log stays reachable; a job
 * another live process is running is left to it. Real libraries, reopened; Remotion and npm are
 * stand-ins (fake-remotion.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RenderJob } from '../../shared/render-models.js';
import { openStorage, type Storage } from '../storage/index.js';
import { alice, bob, tempDir } from '../storage/test-support/fixtures.js';
import { startRenderWorker, type RenderWorker } from './render-worker.js';
import { fakeRemotion } from './test-support/fake-remotion.js';

describe.skipIf(process.platform === 'win32')('render jobs across a restart', () => {
  let t: ReturnType<typeof tempDir>;
  let libDir: string;
  let storage: Storage;
  let worker: RenderWorker | null = null;
  let fake: ReturnType<typeof fakeRemotion>;
  let projectId: string;
  const open = () => openStorage({ provider: 'filesystem', dir: libDir });
  const start = (env: Record<string, string> = {}) => startRenderWorker(storage, { env: { ...process.env, ...fake.env, ...env }, cacheDir: fake.env.REELVAULT_RENDER_CACHE });

  beforeEach(async () => {
    t = tempDir('render-persist');
    libDir = path.join(t.dir, 'lib');
    fake = fakeRemotion(t.dir, { frames: 40, delayMs: 100 });
    storage = open();
    projectId = (await storage.projects.create(alice, { name: 'Persist' })).id;
    await storage.files.write(alice, projectId, 'package.json', fake.packageJson);
  });
  afterEach(async () => {
    await worker?.close();
    worker = null;
    storage.close();
    t.cleanup();
  });

  async function until(pred: () => boolean, ms = 20_000): Promise<void> {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function restart(): Promise<RenderWorker> {
    await worker?.close();
    storage.close();
    storage = open();
    worker = start();
    return worker;
  }

  it('a render running when the process closed comes back failed and interrupted, its log reachable', async () => {
    worker = start();
    const job = await worker.make(alice, { projectId });
    await until(() => (worker!.job(alice, job.id).frames?.done ?? 0) >= 3);
    const logFile = worker.job(alice, job.id).logFile;
    expect(logFile).toBeTruthy();

    const w = await restart();
    const back = w.job(alice, job.id);
    expect(back).toMatchObject({ id: job.id, state: 'failed', interrupted: true, detail: 'Interrupted', logFile, stage: 'rendering', renderId: null });
    expect(back.error).toMatch(/^Interrupted: Reelvault stopped while this render was at “Rendering \d+\/40”/);
    // Its log, as renders.log answers it, says how far it got.
    const log = await w.log(alice, job.id);
    expect(log.path).toBe(logFile);
    expect(log.text).toMatch(/Rendered 3\/40/);
    // Waiting on it answers at once; it is listed for its project, still invisible to others.
    await expect(w.wait(job.id)).resolves.toMatchObject({ state: 'failed' });
    expect(w.jobs(alice, projectId).map((j) => j.id)).toEqual([job.id]);
    expect(w.jobs(bob)).toEqual([]);
    // A third start does not mark it again (it is a failure now, like any other).
    const again = (await restart()).job(alice, job.id);
    expect(again.updatedAt).toBe(back.updatedAt);
  });

  it('a failed render’s log is still there after a restart; a done one is listed without a log', async () => {
    worker = start({ FAKE_REMOTION_FAIL: 'composition exploded' });
    const failed = await worker.wait((await worker.make(alice, { projectId })).id);
    expect(failed.state).toBe('failed');
    expect(failed.logFile && existsSync(failed.logFile)).toBe(true);
    await worker.close();
    worker = start();
    const done = await worker.wait((await worker.make(alice, { projectId, frames: { from: 0, to: 1 } })).id);
    expect(done.state).toBe('done');

    const w = await restart();
    const jobs = w.jobs(alice, projectId);
    expect(jobs.map((j) => [j.id, j.state])).toEqual([[done.id, 'done'], [failed.id, 'failed']]);
    expect(jobs[1]?.interrupted).toBeUndefined();
    expect((await w.log(alice, failed.id)).text).toMatch(/composition exploded/);
    expect(jobs[0]).toMatchObject({ renderId: done.renderId, logFile: null, progress: 1 });
  });

  it('a job another live process is running is its own: not taken over, not marked', async () => {
    const now = new Date().toISOString();
    const running: RenderJob = { id: 'render_0123456789abcdef', kind: 'render', projectId, checkpointId: 'ckp_x', composition: 'Main', codec: 'h264', state: 'running', stage: 'rendering', progress: 0.5, detail: 'Rendering 5/10', frames: { done: 5, total: 10 }, error: null, renderId: null, logFile: null, warning: null, createdAt: now, updatedAt: now };
    storage.renders.jobs.save(running);
    // A second process on the same library (its own session, the first still open) starts a worker.
    const other = open();
    try {
      expect(other.renders.jobs.takeOver()).toEqual([]);
    } finally {
      other.close();
    }
    // Once the first is gone, the next one takes it over as interrupted.
    storage.close();
    storage = open();
    expect(storage.renders.jobs.takeOver()).toMatchObject([{ id: running.id, state: 'failed', interrupted: true }]);
  });
});
