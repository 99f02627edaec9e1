/** Dismissing failed jobs: they leave the queue's list and counts; other jobs are never dismissed. */
import { describe, expect, it } from 'vitest';
import { JobQueue } from './job-queue.js';

describe('JobQueue.dismiss', () => {
  it('forgets a failed job only', async () => {
    const q = new JobQueue({ handlers: { bad: async () => { throw new Error('nope'); }, slow: () => new Promise(() => undefined) }, concurrency: 1 });
    q.add('bad', {}, { id: 'f1' });
    await new Promise((r) => setTimeout(r, 100));
    expect(q.counts().failed).toBe(1);
    q.add('slow', {}, { id: 's1' });
    expect(q.dismiss('s1')).toBe(false);
    expect(q.dismiss('nope')).toBe(false);
    expect(q.dismiss('f1')).toBe(true);
    expect(q.counts().failed).toBe(0);
    expect(q.list().map((j) => j.id)).toEqual(['s1']);
    expect(q.retry('f1')).toBe(false);
    q.cancel('s1');
  });
});
