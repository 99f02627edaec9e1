import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobQueue } from './job-queue.js';
import type { JobEvent, JobHandler, JobState } from './job-types.js';
import { runTool } from './run-tool.js';
import { deferred, type Deferred } from './test-support/deferred.js';
import { useTempDir } from './test-support/temp-dir.js';

const dir = useTempDir('jobs');

/** Resolves on the first event for `id` reaching `state`. */
function waitFor(queue: JobQueue, id: string, state: JobState): Promise<JobEvent> {
  return new Promise((resolve) => {
    const off = queue.onEvent((e) => {
      if (e.id === id && e.state === state) {
        off();
        resolve(e);
      }
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A handler that runs a real child which records its pid and then sleeps until killed. */
function sleeperHandler(pids: number[]): JobHandler {
  return async (payload, ctx) => {
    const pidFile = path.join(dir, `${ctx.id}.pid`);
    const script = `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`;
    const running = runTool(process.execPath, ['-e', script], { timeoutMs: 60_000, signal: ctx.signal });
    // Wait until the child has written its pid so the test can check it died.
    for (;;) {
      const text = await readFile(pidFile, 'utf8').catch(() => '');
      if (text) {
        pids.push(Number(text));
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const result = await running;
    if (result.aborted || result.timedOut) throw new Error('stopped');
    return payload;
  };
}

describe('JobQueue', () => {
  it('never runs more than `concurrency` jobs at once', async () => {
    const gates: Deferred[] = [];
    let active = 0;
    let peak = 0;
    const queue = new JobQueue({
      concurrency: 3,
      handlers: {
        work: async () => {
          active++;
          peak = Math.max(peak, active);
          const gate = deferred();
          gates.push(gate);
          await gate.promise;
          active--;
        },
      },
    });
    for (let i = 0; i < 10; i++) queue.add('work', { i });
    expect(queue.counts()).toEqual({ running: 3, queued: 7, failed: 0 });
    // Release one job at a time; each release lets exactly one more start.
    for (let released = 0; released < 10; released++) {
      while (gates.length === 0) await new Promise((r) => setTimeout(r, 0));
      expect(active).toBeLessThanOrEqual(3);
      expect(queue.counts().running).toBeLessThanOrEqual(3);
      gates.shift()!.resolve();
    }
    await queue.whenIdle();
    expect(peak).toBe(3);
    expect(queue.counts()).toEqual({ running: 0, queued: 0, failed: 0 });
  });

  it('pause stops new starts; resume continues', async () => {
    const started: number[] = [];
    const gate = deferred();
    const queue = new JobQueue({
      concurrency: 1,
      handlers: {
        work: async (payload) => {
          started.push((payload as { i: number }).i);
          if ((payload as { i: number }).i === 0) await gate.promise;
        },
      },
    });
    const first = queue.add('work', { i: 0 });
    queue.add('work', { i: 1 });
    queue.add('work', { i: 2 });
    queue.pause();
    gate.resolve();
    await waitFor(queue, first.id, 'done');
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toEqual([0]);
    expect(queue.counts()).toEqual({ running: 0, queued: 2, failed: 0 });
    queue.resume();
    await queue.whenIdle();
    expect(started).toEqual([0, 1, 2]);
  });

  it('fails a job that overruns its timeout and kills its child', async () => {
    const pids: number[] = [];
    const queue = new JobQueue({ concurrency: 1, timeoutMs: 60_000, handlers: { sleep: sleeperHandler(pids) } });
    const job = queue.add('sleep', {}, { timeoutMs: 1_000 });
    const failed = await waitFor(queue, job.id, 'failed');
    expect(failed.error).toBe('timed out after 1s');
    expect(queue.get(job.id)?.error).toBe('timed out after 1s');
    expect(pids).toHaveLength(1);
    expect(isAlive(pids[0]!)).toBe(false);
    expect(queue.counts()).toEqual({ running: 0, queued: 0, failed: 1 });
  });

  it('cancel aborts a running job (killing its child) and drops a queued one', async () => {
    const pids: number[] = [];
    const queue = new JobQueue({ concurrency: 1, handlers: { sleep: sleeperHandler(pids) } });
    const running = queue.add('sleep', {});
    const waiting = queue.add('sleep', {});
    const events: JobEvent[] = [];
    queue.onEvent((e) => events.push(e));
    while (pids.length === 0) await new Promise((r) => setTimeout(r, 20));
    queue.pause(); // so the second does not start when the first slot frees
    expect(queue.cancel(waiting.id)).toBe(true);
    expect(queue.cancel(running.id)).toBe(true);
    await waitFor(queue, running.id, 'cancelled');
    expect(isAlive(pids[0]!)).toBe(false);
    expect(events.filter((e) => e.state === 'cancelled').map((e) => e.id).sort()).toEqual([running.id, waiting.id].sort());
    expect(queue.get(running.id)).toBeUndefined();
    expect(queue.cancel('unknown')).toBe(false);
    expect(queue.counts()).toEqual({ running: 0, queued: 0, failed: 0 });
  });

  it('cancelAll stops everything', async () => {
    const queue = new JobQueue({ concurrency: 2, handlers: { wait: (_p, ctx) => new Promise((_r, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')))) } });
    for (let i = 0; i < 5; i++) queue.add('wait', {});
    expect(queue.cancelAll()).toBe(5);
    await queue.whenIdle();
    expect(queue.counts()).toEqual({ running: 0, queued: 0, failed: 0 });
  });

  it('records a failure reason and retries the job', async () => {
    let calls = 0;
    const queue = new JobQueue({
      handlers: {
        flaky: async () => {
          calls++;
          if (calls === 1) throw Object.assign(new Error('boom'), { name: 'MediaError', reason: 'x' });
          return 'ok';
        },
      },
    });
    const job = queue.add('flaky', {});
    const failed = await waitFor(queue, job.id, 'failed');
    expect(failed.error).toBe('boom');
    expect(queue.counts().failed).toBe(1);
    expect(queue.retry(job.id)).toBe(true);
    const done = await waitFor(queue, job.id, 'done');
    expect(done.attempts).toBe(2);
    expect(queue.retry(job.id)).toBe(false);
    expect(queue.counts()).toEqual({ running: 0, queued: 0, failed: 0 });
  });

  it('frees the slot of a handler that ignores its abort signal, after the grace period', async () => {
    const queue = new JobQueue({ concurrency: 1, abortGraceMs: 50, handlers: { stuck: () => new Promise(() => undefined), quick: async () => undefined } });
    const stuck = queue.add('stuck', {}, { timeoutMs: 100 });
    const quick = queue.add('quick', {});
    expect((await waitFor(queue, stuck.id, 'failed')).error).toBe('timed out after 0.1s');
    await waitFor(queue, quick.id, 'done');
  });

  it('runs higher priority first, dedupes pending ids, reports progress', async () => {
    const order: string[] = [];
    const progress: number[] = [];
    const queue = new JobQueue({
      concurrency: 1,
      paused: true,
      handlers: {
        work: async (payload, ctx) => {
          order.push(payload as string);
          ctx.reportProgress(0.5);
        },
      },
    });
    queue.onEvent((e) => e.progress !== undefined && progress.push(e.progress));
    queue.add('work', 'low');
    queue.add('work', 'high', { priority: 5, id: 'poster:abc' });
    expect(queue.add('work', 'again', { id: 'poster:abc' }).payload).toBe('high');
    expect(() => queue.add('nope', {})).toThrow(/no handler/);
    queue.resume();
    await queue.whenIdle();
    expect(order).toEqual(['high', 'low']);
    expect(progress).toEqual([0.5, 0.5]);
  });
});

describe('JobQueue counts', () => {
  /** What counts() must say, from the full list (every entry the queue holds) and the running gauge. */
  const walked = (queue: JobQueue) => {
    const all = queue.list();
    return { running: all.filter((j) => j.state === 'running').length, queued: all.filter((j) => j.state === 'queued').length, failed: all.filter((j) => j.state === 'failed').length };
  };

  it('agree with a walk of every job through adds, runs, failures, retries, re-adds, dismissals and cancels', async () => {
    const gates = new Map<string, Deferred<void>>();
    const queue = new JobQueue({
      concurrency: 2,
      handlers: {
        work: async (payload) => {
          const d = deferred<void>();
          gates.set(String(payload), d);
          await d.promise;
          if (String(payload).startsWith('bad')) throw new Error('no frame decoded');
        },
      },
    });
    // A fixed pseudo-random walk: the same sequence every run, many interleavings.
    let seed = 7;
    const hits = { retried: 0, dismissed: 0, cancelled: 0, failedSeen: 0 };
    // mulberry32: an LCG's low bits repeat too soon to reach every state here.
    const rnd = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) % n;
    };
    for (let step = 0; step < 400; step++) {
      const id = `j${rnd(12)}`;
      const op = rnd(6);
      if (op <= 1) queue.add('work', `${rnd(2) ? 'bad' : 'ok'}-${step}`, { id });
      else if (op === 2) hits.retried += queue.retry(id) ? 1 : 0;
      else if (op === 3) hits.dismissed += queue.dismiss(id) ? 1 : 0;
      else if (op === 4 && rnd(3) === 0) hits.cancelled += queue.cancel(id) ? 1 : 0;
      else {
        const open = [...gates.entries()];
        if (open.length) {
          const [key, d] = open[rnd(open.length)] as [string, Deferred<void>];
          gates.delete(key);
          d.resolve();
        }
      }
      // Started handlers get to run (and finished ones to settle) between steps.
      await new Promise((r) => setImmediate(r));
      expect(queue.counts()).toEqual(walked(queue));
      if (queue.counts().failed > 0) hits.failedSeen++;
    }
    // The walk reached what it is for (a change of seed or weights must not quietly skip them).
    expect(hits.retried).toBeGreaterThan(0);
    expect(hits.dismissed).toBeGreaterThan(0);
    expect(hits.cancelled).toBeGreaterThan(0);
    expect(hits.failedSeen).toBeGreaterThan(0);
    // Drain: every job ends done or failed, and the counts follow.
    for (;;) {
      const open = [...gates.values()];
      if (open.length === 0 && queue.counts().queued === 0 && queue.counts().running === 0) break;
      gates.clear();
      for (const d of open) d.resolve();
      await new Promise((r) => setImmediate(r));
      expect(queue.counts()).toEqual(walked(queue));
    }
    await queue.whenIdle();
    expect(queue.counts()).toEqual({ ...walked(queue), running: 0, queued: 0 });
    await queue.close();
  });
});
