import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobQueue } from './job-queue.js';
import type { JobRecord } from './job-types.js';
import { JsonJobStore } from './test-support/json-job-store.js';
import { deferred } from './test-support/deferred.js';
import { useTempDir } from './test-support/temp-dir.js';

const dir = useTempDir('job-store');

describe('JsonJobStore', () => {
  it('keeps pending jobs across queues (a restart)', async () => {
    const file = path.join(dir, 'restart', 'jobs.json');
    const first = new JobQueue({ paused: true, store: new JsonJobStore(file), handlers: { probe: async () => undefined } });
    const ids = [first.add('probe', { file: 'a.mp4' }).id, first.add('probe', { file: 'b.mp4' }).id, first.add('probe', { file: 'c.mp4' }).id];
    await first.close();

    const seen: unknown[] = [];
    const second = new JobQueue({ store: new JsonJobStore(file), handlers: { probe: async (payload) => void seen.push(payload) } });
    expect(await second.restore()).toBe(3);
    await second.whenIdle();
    await second.flush();
    expect(seen).toEqual([{ file: 'a.mp4' }, { file: 'b.mp4' }, { file: 'c.mp4' }]);
    expect(await new JsonJobStore(file).loadPending()).toEqual([]);
    expect(ids).toHaveLength(3);
    // Atomic writes leave no temp files behind.
    expect(readdirSync(path.dirname(file))).toEqual(['jobs.json']);
  });

  it('a job running at shutdown is picked up again at the next open', async () => {
    const file = path.join(dir, 'shutdown.json');
    const started = deferred();
    const first = new JobQueue({
      store: new JsonJobStore(file),
      handlers: {
        render: (_p, ctx) => {
          started.resolve();
          return new Promise((_r, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))));
        },
      },
    });
    const job = first.add('render', { n: 1 });
    await started.promise;
    await first.close();
    const pending = await new JsonJobStore(file).loadPending();
    expect(pending).toMatchObject([{ id: job.id, state: 'queued', attempts: 1 }]);

    const second = new JobQueue({ store: new JsonJobStore(file), handlers: { render: async () => undefined } });
    expect(await second.restore()).toBe(1);
    await second.whenIdle();
    await second.flush();
    expect(await new JsonJobStore(file).loadPending()).toEqual([]);
  });

  it('fails instead of re-running a job that keeps dying with the host', async () => {
    const file = path.join(dir, 'crashy.json');
    const now = new Date().toISOString();
    const crashed: JobRecord = { id: 'thumb:bomb', kind: 'thumb', payload: {}, state: 'running', attempts: 3, priority: 0, createdAt: now, updatedAt: now };
    await writeFile(file, JSON.stringify({ version: 1, jobs: [crashed] }));
    let ran = false;
    const queue = new JobQueue({ store: new JsonJobStore(file), handlers: { thumb: async () => void (ran = true) } });
    expect(await queue.restore()).toBe(0);
    expect(queue.get('thumb:bomb')).toMatchObject({ state: 'failed', error: 'interrupted 3 times' });
    await queue.flush();
    expect(ran).toBe(false);
    expect(JSON.parse(await readFile(file, 'utf8')).jobs).toEqual([]);
  });

  it('treats a missing file as empty', async () => {
    expect(await new JsonJobStore(path.join(dir, 'none', 'jobs.json')).loadPending()).toEqual([]);
  });
});

describe('JsonJobStore writes', () => {
  it('keeps every record when saves race before the first read', async () => {
    const file = path.join(dir, 'race.json');
    const store = new JsonJobStore(file);
    const now = new Date().toISOString();
    const job = (id: string): JobRecord => ({ id, kind: 'k', payload: { id }, state: 'queued', attempts: 0, priority: 0, createdAt: now, updatedAt: now });
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => store.save(job(id))));
    const ids = (await new JsonJobStore(file).loadPending()).map((j) => j.id).sort();
    expect(ids).toEqual(['a', 'b', 'c', 'd']);
  });
});
