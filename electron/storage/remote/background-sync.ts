import type { StorageContext } from '../context.js';
import { cacheStats } from './cache-budget.js';
import { enforceBudget } from './cache-budget.js';
import { drainOutbox, type SyncProgress } from './uploader.js';

/** How often an idle host looks for due outbox entries (one indexed query). */
const TICK_MS = 3000;

export type SyncState = 'idle' | 'uploading' | 'paused' | 'offline';

/** What the status bar shows for a library with a bucket. */
export interface SyncStatus {
  state: SyncState;
  outboxBlobs: number;
  outboxBytes: number;
  /** While uploading: this run's progress and its rate. */
  progress: SyncProgress | null;
  bytesPerSecond: number;
  lastError: string | null;
}

/**
 * The upload job of a host (the desktop app, the web host): drains the outbox in the background as
 * content arrives, respecting each entry's backoff, then applies the cache budget. Pausable; the CLI
 * does the same in the foreground (`reelvault sync`, or before a command exits). A bucket connected
 * while it runs is picked up at the next tick.
 */
export class BackgroundSync {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private abort: AbortController | null = null;
  private paused = false;
  private offline = false;
  private progress: SyncProgress | null = null;
  private startedAt = 0;
  private stopped = false;

  constructor(
    private readonly ctx: StorageContext,
    private readonly onStatus?: (s: SyncStatus) => void,
    private readonly tickMs = TICK_MS,
  ) {}

  start(): this {
    if (this.timer || this.stopped) return this;
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.timer.unref();
    void this.ctx.remote?.warm();
    void this.tick();
    return this;
  }

  pause(): void {
    this.paused = true;
    this.abort?.abort();
    this.emit();
  }

  resume(): void {
    this.paused = false;
    this.emit();
    void this.tick();
  }

  status(): SyncStatus | null {
    if (!this.ctx.remote) return null;
    const s = cacheStats(this.ctx);
    const secs = (Date.now() - this.startedAt) / 1000;
    return {
      state: this.paused ? 'paused' : this.running ? 'uploading' : this.offline ? 'offline' : 'idle',
      outboxBlobs: s.outboxBlobs,
      outboxBytes: s.outboxBytes,
      progress: this.running ? this.progress : null,
      bytesPerSecond: this.running && this.progress && secs > 0 ? Math.round(this.progress.bytesDone / secs) : 0,
      lastError: s.lastError,
    };
  }

  /** Runs one drain now if anything is due (tests, and a host that just stored content). */
  async tick(): Promise<void> {
    if (this.stopped || this.paused || this.running || !this.ctx.remote) return;
    const due = this.ctx.db.prepare('SELECT 1 FROM remote_outbox WHERE next_try_ms <= ? LIMIT 1').pluck().get(this.ctx.now().getTime());
    if (!due) return;
    const link = this.ctx.remote;
    this.abort = new AbortController();
    this.startedAt = Date.now();
    this.progress = null;
    this.running = (async () => {
      try {
        const r = await drainOutbox(this.ctx, link, { signal: this.abort?.signal, onProgress: (p) => { this.progress = p; } });
        this.offline = r.offline;
        if (r.left === 0) await enforceBudget(this.ctx);
      } catch {
        // The next tick tries again; the outbox entries carry their own errors and backoff.
      }
    })();
    this.emit();
    await this.running;
    this.running = null;
    this.abort = null;
    this.emit();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.abort?.abort();
    await this.running;
  }

  private emit(): void {
    if (!this.onStatus) return;
    try {
      const s = this.status();
      if (s) this.onStatus(s);
    } catch {
      // A closed catalog at shutdown: nothing to report.
    }
  }
}
