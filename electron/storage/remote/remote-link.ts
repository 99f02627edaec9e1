import type { Readable } from 'node:stream';
import { ReelvaultError } from '../../../shared/errors.js';
import type { BlobRemote } from '../blobs/blob-store.js';
import type { StorageContext } from '../core/context.js';
import { cachedStatement } from '../core/statement-cache.js';
import { readRemoteConfig, type RemoteConfig } from './remote-config.js';
import { RemoteStore } from './remote-store.js';
import { fetchIntoCache } from './remote-fetch.js';
import { cacheBudget, enforceBudget } from './cache-budget.js';
import { keptCredentials } from './credentials.js';

/** Whole files being fetched back for a reader who waits on them (restore, export, compare): what the status bar shows. */
export interface FetchProgress {
  files: number;
  bytesDone: number;
  bytesTotal: number;
}

/** A read moves a blob to the front of the cache's LRU order at most this often (one write each). */
const TOUCH_EVERY_MS = 60_000;

/**
 * An open library's link to its bucket: what the blob store asks (is this confirmed, fetch it back,
 * note a read) and what the media route uses to stream ranges of evicted content straight from the
 * bucket while the cache fills behind it.
 */
export class RemoteLink implements BlobRemote {
  readonly store: RemoteStore;
  private readonly fetching = new Map<string, Promise<void>>();
  /** Per blob on its way: its size, bytes so far, and whether anyone waits for it (not only a background fill). */
  private readonly inFlight = new Map<string, { size: number; done: number; waited: boolean }>();
  private readonly fetchListeners = new Set<(started: boolean) => void>();
  private readonly touched = new Map<string, number>();
  private filling = 0;
  /** Fetched in the last minute: the eviction a fetch triggers leaves these be (a reader is on them). */
  private readonly justFetched = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly ctx: StorageContext,
    readonly config: RemoteConfig,
    store?: RemoteStore,
  ) {
    this.store = store ?? new RemoteStore(config, { credentials: keptCredentials(ctx.credentials, config) });
  }

  confirmed(sha256: string): boolean {
    return !!cachedStatement(this.ctx.db, 'SELECT 1 FROM remote_blobs WHERE sha256 = ?').pluck().get(sha256);
  }

  /** The size the bucket confirmed, or null when it holds no confirmed copy. */
  confirmedSize(sha256: string): number | null {
    return (cachedStatement(this.ctx.db, 'SELECT size FROM remote_blobs WHERE sha256 = ?').pluck().get(sha256) as number | undefined) ?? null;
  }

  touch(sha256: string): void {
    const now = this.ctx.now().getTime();
    const last = this.touched.get(sha256);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) return;
    this.touched.set(sha256, now);
    if (this.touched.size > 10_000) this.touched.clear();
    try {
      cachedStatement(this.ctx.db, 'UPDATE remote_blobs SET used_ms = ? WHERE sha256 = ? AND used_ms < ?').run(now, sha256, now);
    } catch {
      // A busy catalog (another process writing): the LRU order is a hint, not worth failing a read.
    }
  }

  /**
   * Fetches an evicted blob into the cache; concurrent callers for one blob share one download. A
   * caller that waits for it (anything but a background fill) makes it count in fetchProgress, so a
   * restore or export over evicted content shows its bytes moving instead of a silent wait.
   */
  fetch(sha256: string, opts: { background?: boolean } = {}): Promise<void> {
    if (!this.confirmed(sha256)) return Promise.reject(new ReelvaultError('NOT_FOUND', `content ${sha256} is neither in the library folder nor confirmed in ${this.store.url}`));
    let p = this.fetching.get(sha256);
    if (!p) {
      const entry = { size: this.confirmedSize(sha256) ?? 0, done: 0, waited: !opts.background };
      this.inFlight.set(sha256, entry);
      p = fetchIntoCache(this.ctx, this.store, sha256, (n) => {
        entry.done += n;
        if (entry.waited) this.tellFetch(false);
      })
        .then(() => {
          this.justFetched.set(sha256, Date.now());
          return this.afterFill();
        })
        .finally(() => {
          this.fetching.delete(sha256);
          this.inFlight.delete(sha256);
          if (entry.waited) this.tellFetch(true);
        });
      this.fetching.set(sha256, p);
      if (entry.waited) this.tellFetch(true);
    } else if (!opts.background) {
      const entry = this.inFlight.get(sha256);
      if (entry && !entry.waited) {
        entry.waited = true;
        this.tellFetch(true);
      }
    }
    return p;
  }

  /** What is being fetched for a waiting reader now, or null. */
  fetchProgress(): FetchProgress | null {
    let files = 0;
    let bytesDone = 0;
    let bytesTotal = 0;
    for (const e of this.inFlight.values()) {
      if (!e.waited) continue;
      files++;
      bytesDone += e.done;
      bytesTotal += Math.max(e.size, e.done);
    }
    return files ? { files, bytesDone, bytesTotal } : null;
  }

  /** Hears fetches for waiting readers start and end (`true`) and move (`false`, every chunk: throttle). */
  onFetch(listener: (startedOrEnded: boolean) => void): () => void {
    this.fetchListeners.add(listener);
    return () => this.fetchListeners.delete(listener);
  }

  private tellFetch(startedOrEnded: boolean): void {
    for (const l of this.fetchListeners) {
      try {
        l(startedOrEnded);
      } catch {
        // A listener's failure is its own; the download goes on.
      }
    }
  }

  /** Bytes start..end of confirmed content, streamed from the bucket (a ranged GET). */
  openRange(sha256: string, start: number, end: number, signal?: AbortSignal): Promise<Readable> {
    return this.store.getRange(this.store.blobKey(sha256), { start, end }, signal);
  }

  /**
   * Starts filling the cache with a blob being streamed, unless it is already on its way; one fill
   * at a time, so playback's own ranged reads keep most of the link, and none for content that does
   * not fit the cache budget at all. Failures are quiet: the next read simply streams again.
   */
  fillInBackground(sha256: string): void {
    if (this.closed || this.fetching.has(sha256) || this.filling >= 1) return;
    // Content larger than the whole budget would only be evicted again: streamed, never cached.
    const size = this.confirmedSize(sha256);
    if (size === null || size > cacheBudget(this.ctx).bytes) return;
    this.filling++;
    this.fetch(sha256, { background: true })
      .catch(() => undefined)
      .finally(() => this.filling--);
  }

  /**
   * Loads the SDK's code paths, resolves the credentials and opens pooled connections (a HEAD of the
   * marker, and one byte of it by the media route's path), so the first frame a player asks for does
   * not pay for them. Quiet when offline.
   */
  async warm(): Promise<void> {
    const marker = this.store.key('reelvault-library.json');
    await this.store.headKey(marker).catch(() => undefined);
    // And the media route's own path (presigned-ranges.ts): its signing key, its kept-alive connection.
    await this.store
      .getRange(marker, { start: 0, end: 0 })
      .then((body) => new Promise<void>((resolve) => body.on('end', resolve).on('error', () => resolve()).resume()))
      .catch(() => undefined);
  }

  /** Waits for downloads in flight (tests, and close). */
  async settle(): Promise<void> {
    while (this.fetching.size > 0) await Promise.allSettled([...this.fetching.values()]);
  }

  private async afterFill(): Promise<void> {
    if (this.closed) return;
    const now = Date.now();
    for (const [sha, at] of this.justFetched) if (now - at > 60_000) this.justFetched.delete(sha);
    await enforceBudget(this.ctx, { keep: new Set(this.justFetched.keys()) }).catch(() => undefined);
  }

  close(): void {
    this.closed = true;
    this.store.close();
  }
}

/**
 * Links an opened library to its bucket when its catalog names one. Nothing goes over the network
 * here: a library with a remote opens offline just like one without.
 */
export function attachRemote(ctx: StorageContext): RemoteLink | null {
  const config = readRemoteConfig(ctx.db);
  detachRemote(ctx);
  if (!config) return null;
  const link = new RemoteLink(ctx, config);
  ctx.remote = link;
  ctx.blobs.remote = link;
  return link;
}

export function detachRemote(ctx: StorageContext): void {
  ctx.remote?.close();
  ctx.remote = null;
  ctx.blobs.remote = null;
}

/** The link, or a clear error for commands that need a bucket. */
export function requireRemote(ctx: StorageContext): RemoteLink {
  if (!ctx.remote) throw new ReelvaultError('INVALID_INPUT', 'this library has no bucket; connect one with "reelvault remote connect s3://bucket/prefix --endpoint URL"');
  return ctx.remote;
}
