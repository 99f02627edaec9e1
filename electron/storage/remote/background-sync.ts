import type { StorageContext } from '../core/context.js';
import { enforceBudget } from './cache-budget.js';
import { s3Url } from './remote-config.js';
import { drainOutbox, type SyncProgress } from './uploader.js';
import type { FetchProgress, RemoteLink } from './remote-link.js';

/** How often an idle host looks for due outbox entries (one indexed query). */
const TICK_MS = 3000;
/** While uploading, status goes out at most this often (the uploader reports every read chunk). */
const EMIT_EVERY_MS = 500;
/** The rate is measured over this much of the recent past, so a pause or a burst shows soon. */
const RATE_WINDOW_MS = 5000;

export type SyncState = 'idle' | 'uploading' | 'paused' | 'offline';

/** What the status bar and the jobs panel show for a library with a bucket. */
export interface SyncStatus {
  state: SyncState;
  /** s3://bucket/prefix */
  url: string;
  outboxBlobs: number;
  outboxBytes: number;
  /** What is left to send: the outbox less what this run already sent of the files it is sending. */
  leftBytes: number;
  /** While uploading: this run's progress. */
  progress: SyncProgress | null;
  /** Over the last few seconds of this run; 0 when not uploading. */
  bytesPerSecond: number;
  lastError: string | null;
  /** When the outbox is next tried (offline or failing: its backoff), epoch ms; null when nothing waits. */
  nextTryMs: number | null;
  /** Whole files coming back from the bucket for a restore, an export or a comparison; null when none. */
  fetching: FetchProgress | null;
  /** When this was said (ms, with a fraction; rises within a process): pages keep the later of two (UploadJob.at). */
  at: number;
}

/** Now, ms since the epoch with a fraction, never going back within this process (unlike Date.now()). */
const saidAt = (): number => performance.timeOrigin + performance.now();

interface OutboxCounts {
  blobs: number;
  bytes: number;
  lastError: string | null;
  nextTryMs: number | null;
}

/** The outbox in one small query (the outbox is what is not uploaded yet: short, unlike the cache). */
function outboxCounts(ctx: StorageContext): OutboxCounts {
  const r = ctx.db
    .prepare(
      `SELECT count(*) AS n, coalesce(sum(b.size), 0) AS bytes, min(o.next_try_ms) AS next,
              (SELECT last_error FROM remote_outbox WHERE last_error IS NOT NULL ORDER BY attempts DESC LIMIT 1) AS err
         FROM remote_outbox o JOIN blobs b ON b.sha256 = o.sha256`,
    )
    .get() as { n: number; bytes: number; next: number | null; err: string | null };
  return { blobs: r.n, bytes: r.bytes, lastError: r.err, nextTryMs: r.n > 0 ? r.next : null };
}

/**
 * The upload job of a host (the desktop app, the web host): drains the outbox in the background as
 * content arrives, respecting each entry's backoff, then applies the cache budget. Pausable; the CLI
 * does the same in the foreground (`reelvault sync`, or before a command exits). A bucket connected
 * while it runs is picked up at the next tick. onStatus hears every change of state, the outbox
 * growing or shrinking, and progress while uploading (throttled).
 */
export class BackgroundSync {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private abort: AbortController | null = null;
  private paused = false;
  private offline = false;
  private progress: SyncProgress | null = null;
  private samples: { at: number; bytes: number }[] = [];
  private lastEmit = 0;
  private lastKey = '';
  private stopped = false;
  /** "Retry now" while a run was still trying: run again as soon as it ends, backoff or not. */
  private again = false;
  /** The link whose fetches are reported (a bucket connected later is picked up at the next tick). */
  private watched: { link: RemoteLink; off: () => void } | null = null;

  constructor(
    private readonly ctx: StorageContext,
    private readonly onStatus?: (s: SyncStatus) => void,
    private readonly tickMs = TICK_MS,
  ) {}

  start(): this {
    if (this.timer || this.stopped) return this;
    this.watchFetches();
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.timer.unref();
    void this.ctx.remote?.warm();
    void this.tick();
    return this;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.paused = true;
    this.abort?.abort();
    this.emit(true);
  }

  resume(): void {
    this.paused = false;
    // tick() starts a run synchronously when anything is due: the status said after it is the new one
    // ("uploading"), never a stale "waiting" that would arrive after the caller's own answer.
    void this.tick();
    this.emit(true);
  }

  /** Tries every waiting entry now, backoff or not (the user's "Retry now" after being offline). */
  retryNow(): void {
    if (!this.ctx.remote || this.ctx.readOnly) return;
    this.paused = false;
    // A run still waiting on an unreachable server would end by backing everything off again,
    // undoing this: it is asked to run once more when it ends.
    if (this.running) this.again = true;
    this.makeDue();
    void this.tick();
  }

  private makeDue(): void {
    const now = this.ctx.now().getTime();
    this.ctx.db.prepare('UPDATE remote_outbox SET next_try_ms = ? WHERE next_try_ms > ?').run(now, now);
  }

  status(): SyncStatus | null {
    const link = this.ctx.remote;
    if (!link) return null;
    return this.statusOf(outboxCounts(this.ctx), s3Url(link.config));
  }

  private statusOf(o: OutboxCounts, url: string): SyncStatus {
    return {
      state: this.paused ? 'paused' : this.running ? 'uploading' : this.offline && o.blobs > 0 ? 'offline' : 'idle',
      url,
      outboxBlobs: o.blobs,
      outboxBytes: o.bytes,
      leftBytes: this.running && this.progress ? Math.max(0, o.bytes - this.progress.inFlightBytes) : o.bytes,
      progress: this.running ? this.progress : null,
      bytesPerSecond: this.running ? this.rate() : 0,
      lastError: o.lastError,
      nextTryMs: this.running ? null : o.nextTryMs,
      fetching: this.ctx.remote?.fetchProgress() ?? null,
      at: saidAt(),
    };
  }

  /** Reports the current link's fetch-backs: at once when one starts or ends, else with the upload's throttle. */
  private watchFetches(): void {
    const link = this.ctx.remote ?? null;
    if (this.watched?.link === link) return;
    this.watched?.off();
    this.watched = link ? { link, off: link.onFetch((startedOrEnded) => this.emit(startedOrEnded)) } : null;
  }

  private rate(): number {
    const s = this.samples;
    if (s.length < 2) return 0;
    const first = s[0] as { at: number; bytes: number };
    const last = s[s.length - 1] as { at: number; bytes: number };
    const secs = (Date.now() - first.at) / 1000;
    return secs > 0.2 ? Math.max(0, Math.round((last.bytes - first.bytes) / secs)) : 0;
  }

  private noteProgress(p: SyncProgress): void {
    this.progress = p;
    const now = Date.now();
    this.samples.push({ at: now, bytes: p.bytesDone });
    while (this.samples.length > 2 && (this.samples[0] as { at: number }).at < now - RATE_WINDOW_MS) this.samples.shift();
    this.emit(false);
  }

  /** Runs one drain now if anything is due (tests, and a host that just stored content). */
  async tick(): Promise<void> {
    if (this.stopped) return;
    this.watchFetches();
    if (!this.ctx.remote) return;
    // Not starting a run: say so if the outbox grew (an import) or another process drained it (the
    // CLI's sync). A run that starts says "uploading" itself, so no stale "waiting" goes out first.
    if (this.paused || this.running || this.ctx.readOnly) return this.emit(false);
    const due = this.ctx.db.prepare('SELECT 1 FROM remote_outbox WHERE next_try_ms <= ? LIMIT 1').pluck().get(this.ctx.now().getTime());
    if (!due) return this.emit(false);
    const link = this.ctx.remote;
    this.abort = new AbortController();
    this.progress = null;
    this.samples = [{ at: Date.now(), bytes: 0 }];
    // The drain starts a microtask later, once `running` is set: its first progress report then
    // already says "uploading", not a stale "waiting" with the whole outbox.
    this.running = Promise.resolve().then(async () => {
      try {
        const r = await drainOutbox(this.ctx, link, { signal: this.abort?.signal, onProgress: (p) => this.noteProgress(p) });
        this.offline = r.offline;
        if (r.left === 0) await enforceBudget(this.ctx);
      } catch {
        // The next tick tries again; the outbox entries carry their own errors and backoff.
      }
    });
    this.emit(true);
    await this.running;
    this.running = null;
    this.abort = null;
    if (this.again && !this.paused && !this.stopped) {
      this.again = false;
      this.makeDue();
      return this.tick();
    }
    this.again = false;
    this.emit(true);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watched?.off();
    this.watched = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.abort?.abort();
    await this.running;
  }

  /**
   * Tells the host: at once for a change of state (`force`), else only when something shown changed,
   * and while uploading at most every EMIT_EVERY_MS.
   */
  private emit(force: boolean): void {
    if (!this.onStatus) return;
    const now = Date.now();
    // Checked before any query: the uploader reports every read chunk.
    const moving = this.running || this.ctx.remote?.fetchProgress();
    if (!force && moving && now - this.lastEmit < EMIT_EVERY_MS) return;
    try {
      const s = this.status();
      if (!s) return;
      const f = s.fetching;
      const key = `${s.state} ${s.outboxBlobs} ${s.outboxBytes} ${s.leftBytes} ${s.lastError ?? ''} ${s.url} ${f ? `${f.files} ${f.bytesDone} ${f.bytesTotal}` : ''}`;
      if (!force && !this.running && key === this.lastKey) return;
      this.lastKey = key;
      this.lastEmit = now;
      this.onStatus(s);
    } catch {
      // A closed catalog at shutdown: nothing to report.
    }
  }
}
