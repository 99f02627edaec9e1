import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { MediaError, reasonOf, timedOutReason } from './media-error.js';
import type { AddJobOptions, JobContext, JobCounts, JobEvent, JobHandler, JobRecord, JobStore, JobStoreOp } from './job-types.js';

export interface JobQueueOptions {
  handlers: Record<string, JobHandler>;
  /** Default: cores − 1, at least 1, so the UI keeps a core. */
  concurrency?: number;
  /** Default per-job timeout; a job's own timeoutMs wins. */
  timeoutMs?: number;
  store?: JobStore;
  /** How long an aborted job may take to wind down before its slot is given to the next one. */
  abortGraceMs?: number;
  /** A job found "running" at restore crashed the host that many times: fail it instead of looping. */
  maxInterruptedRuns?: number;
  paused?: boolean;
  onStoreError?: (err: unknown) => void;
}

type StopReason = 'cancel' | 'timeout' | 'shutdown';

interface Entry {
  job: JobRecord;
  seq: number;
  progress?: number;
  /** What the job is doing, in words ("Rendering 12/30"), when it says. */
  detail?: string;
  stopReason?: StopReason;
  stop?: (reason: StopReason) => void;
}

export const DEFAULT_JOB_TIMEOUT_MS = 5 * 60_000;

export function defaultConcurrency(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

/**
 * A bounded queue for media work. At most `concurrency` handlers run at once, whatever is
 * added; a job that overruns its timeout is aborted (its child killed through the signal) and
 * failed with a reason; finished jobs leave memory and the store, failed ones stay for retry.
 */
export class JobQueue {
  private readonly handlers: Record<string, JobHandler>;
  private readonly store?: JobStore;
  private readonly timeoutMs: number;
  private readonly abortGraceMs: number;
  private readonly maxInterruptedRuns: number;
  private readonly onStoreError: (err: unknown) => void;
  private readonly entries = new Map<string, Entry>();
  /**
   * Entries put in the queued state, for picking the next job without walking every entry: failed
   * jobs stay in `entries` for retry, and at 1,000,000 failing media items each job start walked
   * them all. Cleaned lazily in next() (an entry that left the queued state, or was replaced).
   */
  private readonly queuedEntries = new Set<Entry>();
  /**
   * The ids in the queued and failed states, kept as they change: counts() is asked on every status
   * poll and isIdle() after every job, and walking a million failed entries for each was the cost.
   */
  private readonly queuedIds = new Set<string>();
  private readonly failedIds = new Set<string>();
  private readonly listeners = new Set<(event: JobEvent) => void>();
  private idleWaiters: Array<() => void> = [];
  private storeChain: Promise<void> = Promise.resolve();
  private storeOps: JobStoreOp[] = [];
  private storeScheduled = false;
  private concurrency: number;
  private running = 0;
  private seq = 0;
  private isPaused: boolean;
  private closed = false;

  constructor(options: JobQueueOptions) {
    this.handlers = options.handlers;
    this.store = options.store;
    this.concurrency = checkConcurrency(options.concurrency ?? defaultConcurrency());
    this.timeoutMs = options.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS;
    this.abortGraceMs = options.abortGraceMs ?? 5_000;
    this.maxInterruptedRuns = options.maxInterruptedRuns ?? 3;
    this.isPaused = options.paused ?? false;
    this.onStoreError = options.onStoreError ?? ((err) => process.emitWarning(`job store: ${reasonOf(err)}`));
  }

  /** Queues a job; with an id that is still queued or running, returns that job instead. */
  add(kind: string, payload: unknown, options: AddJobOptions = {}): JobRecord {
    if (this.closed) throw new Error('job queue is closed');
    if (!this.handlers[kind]) throw new Error(`no handler for job kind '${kind}'`);
    const existing = options.id ? this.entries.get(options.id) : undefined;
    if (existing && (existing.job.state === 'queued' || existing.job.state === 'running')) return { ...existing.job };
    const now = new Date().toISOString();
    const job: JobRecord = {
      id: options.id ?? randomUUID(),
      kind,
      payload,
      state: 'queued',
      attempts: 0,
      priority: options.priority ?? 0,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      createdAt: now,
      updatedAt: now,
    };
    this.enqueue({ job, seq: 0 });
    this.pump();
    return { ...job };
  }

  /** Picks up what the store still holds from an earlier run; returns how many were queued. */
  async restore(): Promise<number> {
    if (!this.store) return 0;
    let queued = 0;
    for (const job of await this.store.loadPending()) {
      if (this.entries.has(job.id)) continue;
      const entry: Entry = { job: { ...job }, seq: 0 };
      if (job.state === 'running' && job.attempts >= this.maxInterruptedRuns) {
        this.entries.set(job.id, entry);
        this.finish(entry, 'failed', `interrupted ${job.attempts} times`);
        continue;
      }
      this.enqueue(entry);
      queued++;
    }
    this.pump();
    return queued;
  }

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    if (this.closed) return;
    this.isPaused = false;
    this.pump();
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Jobs at once now. */
  get limit(): number {
    return this.concurrency;
  }

  setConcurrency(n: number): void {
    this.concurrency = checkConcurrency(n);
    this.pump();
  }

  /** A queued job is dropped at once; a running one is aborted and reported when its child is gone. */
  cancel(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    if (entry.job.state === 'queued') {
      this.finish(entry, 'cancelled');
      this.settleIdle();
      return true;
    }
    if (entry.job.state === 'running' && entry.stop) {
      entry.stop('cancel');
      return true;
    }
    return false;
  }

  cancelAll(): number {
    let n = 0;
    for (const id of [...this.entries.keys()]) if (this.cancel(id)) n++;
    return n;
  }

  /** Queues a failed job again, keeping its attempt count. */
  retry(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry || entry.job.state !== 'failed' || this.closed) return false;
    delete entry.job.error;
    this.enqueue(entry);
    this.pump();
    return true;
  }

  /** Forgets a failed job (the user saw why and will not retry it); answers whether there was one. */
  dismiss(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry || entry.job.state !== 'failed') return false;
    this.entries.delete(id);
    this.failedIds.delete(id);
    return true;
  }

  get(id: string): JobRecord | undefined {
    const entry = this.entries.get(id);
    return entry ? { ...entry.job } : undefined;
  }

  /**
   * Every job, in queue order; with `limit`, what a panel shows: every running job, the next `limit`
   * queued ones in the order they will run, and the latest `limit` failures (counts() has the totals),
   * so a library with 100,000 failed items does not send them all to each open page.
   */
  list(limit?: number): JobRecord[] {
    if (limit === undefined) return [...this.entries.values()].sort((a, b) => a.seq - b.seq).map((e) => ({ ...e.job }));
    const running: Entry[] = [];
    const queued: Entry[] = [];
    const failed: Entry[] = [];
    for (const e of this.entries.values()) {
      if (e.job.state === 'running') running.push(e);
      else if (e.job.state === 'queued') queued.push(e);
      else if (e.job.state === 'failed') {
        failed.push(e);
        // Only the latest `limit` are wanted: trimmed as it goes, so the walk never sorts them all.
        if (failed.length >= 2 * limit + 2) {
          failed.sort((a, b) => a.seq - b.seq);
          failed.splice(0, failed.length - limit);
        }
      }
    }
    queued.sort((a, b) => b.job.priority - a.job.priority || a.seq - b.seq);
    failed.sort((a, b) => a.seq - b.seq);
    return [...running, ...queued.slice(0, limit), ...failed.slice(-limit)].sort((a, b) => a.seq - b.seq).map((e) => ({ ...e.job }));
  }

  counts(): JobCounts {
    return { running: this.running, queued: this.queuedIds.size, failed: this.failedIds.size };
  }

  /** Subscribes to every state change and progress report; returns the unsubscribe function. */
  onEvent(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once nothing runs and nothing is queued (a paused queue with work waits for resume). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves once every store write issued so far has landed. */
  flush(): Promise<void> {
    return this.storeChain;
  }

  /**
   * Stops for app exit: nothing new starts, running jobs are aborted but stay pending in the
   * store (as queued), so the next open picks them up again.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.isPaused = true;
    const stopping = [...this.entries.values()].filter((e) => e.job.state === 'running');
    for (const e of stopping) e.stop?.('shutdown');
    if (this.running > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.flush();
  }

  private isIdle(): boolean {
    if (this.running > 0) return false;
    return this.closed || this.queuedIds.size === 0;
  }

  private settleIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private enqueue(entry: Entry): void {
    entry.job.state = 'queued';
    entry.job.updatedAt = new Date().toISOString();
    entry.seq = ++this.seq;
    delete entry.progress;
    delete entry.detail;
    delete entry.stopReason;
    this.entries.set(entry.job.id, entry);
    this.queuedEntries.add(entry);
    // Whatever this id was before (a failed job retried or added again), it is queued now.
    this.failedIds.delete(entry.job.id);
    this.queuedIds.add(entry.job.id);
    this.persist(entry.job);
    this.emit(entry);
  }

  private next(): Entry | undefined {
    let best: Entry | undefined;
    for (const e of this.queuedEntries) {
      if (e.job.state !== 'queued' || this.entries.get(e.job.id) !== e) {
        this.queuedEntries.delete(e);
        continue;
      }
      if (!best || e.job.priority > best.job.priority || (e.job.priority === best.job.priority && e.seq < best.seq)) best = e;
    }
    return best;
  }

  private pump(): void {
    while (!this.isPaused && !this.closed && this.running < this.concurrency) {
      const entry = this.next();
      if (!entry) break;
      this.start(entry);
    }
    this.settleIdle();
  }

  private start(entry: Entry): void {
    const { job } = entry;
    const handler = this.handlers[job.kind];
    const timeoutMs = job.timeoutMs ?? this.timeoutMs;
    const controller = new AbortController();
    job.state = 'running';
    this.queuedIds.delete(job.id);
    job.attempts++;
    job.updatedAt = new Date().toISOString();
    this.running++;
    this.persist(job);
    this.emit(entry);

    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const done = (error: unknown, failed: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      delete entry.stop;
      this.running--;
      this.complete(entry, failed, error, timeoutMs);
      this.pump();
    };
    entry.stop = (reason) => {
      if (settled || entry.stopReason) return;
      entry.stopReason = reason;
      controller.abort(new MediaError(reason === 'timeout' ? timedOutReason(timeoutMs) : 'cancelled'));
      // A handler that ignores its signal must not hold a slot for ever.
      graceTimer = setTimeout(() => done(undefined, true), this.abortGraceMs);
    };
    const timer = setTimeout(() => entry.stop?.('timeout'), timeoutMs);

    const ctx: JobContext = {
      id: job.id,
      kind: job.kind,
      attempt: job.attempts,
      signal: controller.signal,
      reportProgress: (fraction, detail) => {
        if (settled || entry.stopReason || !Number.isFinite(fraction)) return;
        entry.progress = Math.min(1, Math.max(0, fraction));
        if (detail !== undefined) entry.detail = detail;
        this.emit(entry);
      },
    };
    Promise.resolve()
      .then(() => {
        // Cancelled between start and this tick: the handler would never see the abort event.
        if (controller.signal.aborted) throw controller.signal.reason;
        if (!handler) throw new MediaError(`no handler for job kind '${job.kind}'`);
        return handler(job.payload, ctx);
      })
      .then(() => done(undefined, false), (err: unknown) => done(err, true));
  }

  private complete(entry: Entry, failed: boolean, error: unknown, timeoutMs: number): void {
    switch (entry.stopReason) {
      case 'shutdown':
        // Back to queued in the store only: this queue is closing and will not run it again.
        entry.job.state = 'queued';
        entry.job.updatedAt = new Date().toISOString();
        this.persist(entry.job);
        return;
      case 'cancel':
        return this.finish(entry, 'cancelled');
      case 'timeout':
        return this.finish(entry, 'failed', timedOutReason(timeoutMs));
      default:
        return failed ? this.finish(entry, 'failed', reasonOf(error)) : this.finish(entry, 'done');
    }
  }

  private finish(entry: Entry, state: 'done' | 'failed' | 'cancelled', error?: string): void {
    entry.job.state = state;
    entry.job.updatedAt = new Date().toISOString();
    delete entry.progress;
    delete entry.detail;
    if (error !== undefined) entry.job.error = error;
    // Outcomes live on the item (the storage layer records the reason); only failures stay here, for retry.
    if (state !== 'failed') this.entries.delete(entry.job.id);
    this.queuedIds.delete(entry.job.id);
    if (state === 'failed') this.failedIds.add(entry.job.id);
    else this.failedIds.delete(entry.job.id);
    this.unpersist(entry.job.id);
    this.emit(entry);
  }

  private persist(job: JobRecord): void {
    const store = this.store;
    if (!store) return;
    this.storeOps.push({ save: structuredClone(job) });
    this.scheduleStore(store);
  }

  /**
   * Store writes go out in batches: everything queued by one synchronous stretch (a scan adding 500
   * jobs) lands in one call of the store's `apply` — one transaction instead of one commit and
   * fsync per job, which held the event loop for seconds when a big library started.
   */
  private scheduleStore(store: JobStore): void {
    if (this.storeScheduled) return;
    this.storeScheduled = true;
    this.storeChain = this.storeChain
      .then(async () => {
        this.storeScheduled = false;
        const ops = this.storeOps.splice(0);
        if (store.apply) return store.apply(ops);
        for (const op of ops) await ('save' in op ? store.save(op.save) : store.remove(op.remove));
      })
      .catch(this.onStoreError);
  }

  private unpersist(id: string): void {
    const store = this.store;
    if (!store) return;
    this.storeOps.push({ remove: id });
    this.scheduleStore(store);
  }

  private emit(entry: Entry): void {
    const { job } = entry;
    const event: JobEvent = { id: job.id, kind: job.kind, state: job.state, attempts: job.attempts };
    if (job.error !== undefined) event.error = job.error;
    if (entry.progress !== undefined) event.progress = entry.progress;
    if (entry.detail !== undefined) event.detail = entry.detail;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        // A broken UI listener must not corrupt the queue's bookkeeping.
        process.emitWarning(`job listener: ${reasonOf(err)}`);
      }
    }
  }
}

function checkConcurrency(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`concurrency must be a positive integer, got ${n}`);
  return n;
}
