/**
 * A queue with many failures (a library of broken files): the panel's list is bounded — every running
 * job, the next queued ones in run order, the latest failures — while counts say the whole; and the
 * next job is found among the queued ones, however many failures the queue keeps for retry.
 */
import { describe, expect, it } from 'vitest';
import { JobQueue } from './job-queue.js';

async function until(ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('JobQueue.list(limit)', () => {
  it('sends the running jobs, the next `limit` queued in run order and the latest `limit` failures; counts cover all', async () => {
    const order: string[] = [];
    const q = new JobQueue({
      concurrency: 1,
      handlers: {
        bad: async () => {
          throw new Error('not media');
        },
        ok: async (p: unknown) => {
          order.push((p as { id: string }).id);
        },
        hold: () => new Promise(() => undefined),
      },
    });
    for (let i = 0; i < 250; i++) q.add('bad', {}, { id: `f${i}` });
    await until(() => q.counts().failed === 250);
    q.pause();
    q.add('hold', {}, { id: 'h' });
    for (let i = 0; i < 150; i++) q.add('ok', { id: `q${i}` }, { id: `q${i}`, priority: i % 3 === 0 ? 1 : 0 });
    expect(q.counts()).toMatchObject({ queued: 151, failed: 250 });

    const listed = q.list(100);
    const failed = listed.filter((j) => j.state === 'failed').map((j) => j.id);
    expect(failed).toEqual(Array.from({ length: 100 }, (_, i) => `f${150 + i}`));
    const queued = listed.filter((j) => j.state === 'queued');
    expect(queued).toHaveLength(100);
    // The ones that run next: priority first (every third), then the order they were added.
    const runOrder = [...Array.from({ length: 150 }, (_, i) => i).filter((i) => i % 3 === 0), ...Array.from({ length: 150 }, (_, i) => i).filter((i) => i % 3 !== 0)].map((i) => `q${i}`);
    // The held job (priority 0, added before them) waits behind the priority ones, ahead of the other q's.
    const next100 = [...runOrder.slice(0, 50), 'h', ...runOrder.slice(50, 99)];
    expect(new Set(queued.map((j) => j.id))).toEqual(new Set(next100));
    // Unbounded, everything is there.
    expect(q.list()).toHaveLength(250 + 151);

    // Running: the queued jobs run in that order, among 250 kept failures.
    q.cancel('h');
    q.resume();
    await until(() => order.length === 150);
    expect(order).toEqual(runOrder);
    expect(q.counts()).toMatchObject({ queued: 0, running: 0, failed: 250 });
  });
});
