/** Push events reach every host the same way: library changes and media job progress, typed. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract.js';
import { JobQueue } from '../media/index.js';
import { tempLibrary } from '../storage/test-support/fixtures.js';
import { createApi, type Api } from './index.js';

describe('push events', () => {
  let lib: ReturnType<typeof tempLibrary>;
  let queue: JobQueue;
  let api: Api;
  const seen: { event: EventName; payload: unknown }[] = [];
  beforeEach(() => {
    seen.length = 0;
    lib = tempLibrary();
    queue = new JobQueue({ handlers: { work: async (_p, jc) => jc.reportProgress(0.5) }, concurrency: 1 });
    // The queue stands in for the media worker: only its events matter here.
    api = createApi({ storage: lib.lib, host: 'web', libraryDir: lib.dir, actor: { userId: 'u', sessionId: 's' }, jobs: { queue, redo: () => undefined, onEvent: (l) => queue.onEvent(l) } });
    api.events.on((event, payload) => seen.push({ event, payload }));
  });
  afterEach(async () => {
    api.close();
    await queue.close();
    lib.cleanup();
  });

  it('library.changed names the kind and the item', async () => {
    const r = await api.dispatch('projects.create', { name: 'P' });
    const id = r.ok ? (r.value as { id: string }).id : '';
    expect(seen).toContainEqual({ event: 'library.changed', payload: { kind: 'projects', id } });
  });

  it('jobs.progress carries the media queue’s job events', async () => {
    queue.add('work', {}, { id: 'job-1' });
    await queue.whenIdle();
    const states = seen.filter((s) => s.event === 'jobs.progress').map((s) => (s.payload as { id: string; state: string }).state);
    expect(states[0]).toBe('queued');
    expect(states.at(-1)).toBe('done');
    expect(seen.find((s) => s.event === 'jobs.progress')?.payload).toMatchObject({ id: 'job-1', kind: 'work', attempts: expect.any(Number) });
  });

  it('close() stops forwarding', async () => {
    api.close();
    await api.dispatch('projects.create', { name: 'Q' });
    queue.add('work', {}, { id: 'job-2' });
    await queue.whenIdle();
    expect(seen).toEqual([]);
  });
});
