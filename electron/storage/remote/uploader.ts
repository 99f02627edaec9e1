import { existsSync } from 'node:fs';
import { ReelvaultError } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import type { RemoteLink } from './remote-link.js';
import { uploadMultipart, DEFAULT_PART_SIZE } from './multipart.js';
import { isTransient } from './s3-client.js';

/** Blobs above this go in parts (each part streamed from its range of the file). */
export const MULTIPART_THRESHOLD = 64 * 1024 * 1024;
/** Blobs uploaded at once (a multipart blob also sends its own parts in parallel). */
const UPLOAD_CONCURRENCY = 4;
const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 10 * 60_000;
/** An upload that cannot start because gc is deleting the same object: tried again soon. */
const DEFER_MS = 5000;

export interface SyncProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  current: string | null;
  /** Bytes sent of files the bucket has not confirmed yet (the outbox still counts them whole). */
  inFlightBytes: number;
}

export interface SyncReport {
  /** Sent to the bucket in this run. */
  uploaded: number;
  bytesUploaded: number;
  /** Already there (a HEAD said so): confirmed without sending anything. */
  alreadyThere: number;
  /** Still in the outbox after this run. */
  left: number;
  leftBytes: number;
  /** The bucket could not be reached: the outbox waits (with backoff) and nothing was lost. */
  offline: boolean;
  failed: { sha256: string; error: string }[];
}

export interface SyncOptions {
  /** Try every entry now, also those waiting out a backoff (an explicit `reelvault sync`). */
  now?: boolean;
  onProgress?: (p: SyncProgress) => void;
  signal?: AbortSignal;
  multipartThreshold?: number;
  partSize?: number;
  concurrency?: number;
}

interface Due {
  sha256: string;
  size: number;
  attempts: number;
  upload_id: string | null;
}

/**
 * Drains the outbox: every blob not yet confirmed in the bucket is sent once. HEAD first — content
 * addressing makes an object under the blob's key with its size and sha256 metadata the same
 * content, so it is confirmed without sending it. Otherwise a single PUT signed with the blob's hash
 * (the store checks the bytes) or, for large blobs, a multipart upload streamed from the file. The
 * catalog says "confirmed" only after the store answered, in a transaction that refuses if gc is
 * deleting that object at that moment. Failures back off per blob (1 s doubling to 10 min); an
 * unreachable bucket stops the run at once — the outbox keeps everything for the next one.
 */
export async function drainOutbox(ctx: StorageContext, link: RemoteLink, opts: SyncOptions = {}): Promise<SyncReport> {
  const report: SyncReport = { uploaded: 0, bytesUploaded: 0, alreadyThere: 0, left: 0, leftBytes: 0, offline: false, failed: [] };
  const progress: SyncProgress = { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, current: null, inFlightBytes: 0 };
  const seen = new Set<string>();
  // New content may arrive while this runs (the app importing): a few more passes pick it up.
  for (let pass = 0; pass < 5 && !report.offline && !opts.signal?.aborted; pass++) {
    const due = dueRows(ctx, opts.now ? Number.MAX_SAFE_INTEGER : ctx.now().getTime()).filter((r) => !seen.has(r.sha256));
    if (due.length === 0) break;
    for (const r of due) {
      seen.add(r.sha256);
      progress.filesTotal++;
      progress.bytesTotal += r.size;
    }
    opts.onProgress?.({ ...progress });
    let next = 0;
    const worker = async () => {
      while (next < due.length && !report.offline && !opts.signal?.aborted) {
        const row = due[next++] as Due;
        progress.current = row.sha256;
        let sent = 0;
        const onBytes = (n: number) => {
          sent += n;
          progress.bytesDone += n;
          progress.inFlightBytes += n;
          opts.onProgress?.({ ...progress });
        };
        try {
          const outcome = await uploadOne(ctx, link, row, { ...opts, onBytes });
          if (outcome === 'sent') {
            report.uploaded++;
            report.bytesUploaded += row.size;
          } else if (outcome === 'present') {
            report.alreadyThere++;
            progress.bytesDone += row.size;
          }
        } catch (err) {
          progress.bytesDone -= sent;
          const offline = err instanceof ReelvaultError && err.code === 'OFFLINE';
          if (offline) report.offline = true;
          const message = err instanceof Error ? err.message : String(err);
          report.failed.push({ sha256: row.sha256, error: message });
          backOff(ctx, row, message, isTransient((err as { cause?: unknown }).cause ?? err));
        }
        // Confirmed (out of the outbox) or failed (its bytes no longer count as sent): not in flight.
        progress.inFlightBytes -= sent;
        progress.filesDone++;
        opts.onProgress?.({ ...progress });
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? UPLOAD_CONCURRENCY, due.length) }, worker));
    // Offline: the entries this run did not get to wait as long as the ones that failed, instead of
    // each being tried (and failing) on its own next time.
    if (report.offline) {
      const nowMs = ctx.now().getTime();
      const until = ctx.db.prepare('SELECT min(next_try_ms) FROM remote_outbox WHERE next_try_ms > ?').pluck().get(nowMs) as number | null;
      if (until !== null) ctx.db.prepare('UPDATE remote_outbox SET next_try_ms = ? WHERE next_try_ms <= ?').run(until, nowMs);
    }
  }
  const left = ctx.db.prepare('SELECT count(*) AS n, coalesce(sum(b.size), 0) AS bytes FROM remote_outbox o JOIN blobs b ON b.sha256 = o.sha256').get() as { n: number; bytes: number };
  report.left = left.n;
  report.leftBytes = left.bytes;
  return report;
}

function dueRows(ctx: StorageContext, nowMs: number): Due[] {
  return ctx.db
    .prepare(
      `SELECT o.sha256, b.size, o.attempts, o.upload_id FROM remote_outbox o JOIN blobs b ON b.sha256 = o.sha256
        WHERE o.next_try_ms <= ? ORDER BY o.next_try_ms, o.queued_at, o.sha256`,
    )
    .all(nowMs) as Due[];
}

type Outcome = 'sent' | 'present' | 'deferred';

async function uploadOne(ctx: StorageContext, link: RemoteLink, row: Due, opts: SyncOptions & { onBytes: (n: number) => void }): Promise<Outcome> {
  const store = link.store;
  const { sha256, size } = row;
  if (deletionExecuting(ctx, sha256)) return defer(ctx, sha256);
  // A multipart upload a crash or a dead server left open: aborted first, so no parts linger.
  if (row.upload_id) {
    await store.abortUpload(store.blobKey(sha256), row.upload_id);
    setUploadId(ctx, sha256, null);
  }
  const head = await store.head(sha256, opts.signal);
  if (head && head.size === size && head.sha256 === sha256) return confirm(ctx, sha256, size) ? 'present' : defer(ctx, sha256);
  await sendBlob(ctx, link, sha256, size, opts);
  return confirm(ctx, sha256, size) ? 'sent' : defer(ctx, sha256);
}

/** Sends a blob's local copy to the bucket, whatever is there now (repair overwrites damage with it). */
export async function sendBlob(ctx: StorageContext, link: RemoteLink, sha256: string, size: number, opts: SyncOptions & { onBytes?: (n: number) => void } = {}): Promise<void> {
  const store = link.store;
  const file = ctx.blobs.pathOf(sha256);
  if (!existsSync(file)) throw new ReelvaultError('NOT_FOUND', `content ${sha256} is not in the library folder any more and not in the bucket; run "reelvault verify"`);
  if (size > (opts.multipartThreshold ?? MULTIPART_THRESHOLD)) {
    await uploadMultipart(
      store,
      sha256,
      file,
      size,
      { began: (id) => setUploadId(ctx, sha256, id), ended: () => setUploadId(ctx, sha256, null) },
      { partSize: opts.partSize ?? DEFAULT_PART_SIZE, signal: opts.signal, onBytes: opts.onBytes },
    );
    await abortStrayUploads(link, sha256);
  } else {
    await store.putBlobFile(sha256, file, size, { signal: opts.signal, onBytes: opts.onBytes });
  }
}

/**
 * Other multipart uploads of the same key (an earlier attempt by a process that died before it
 * recorded its upload id, or another process racing this one) are redundant once the object exists:
 * aborted, so the bucket keeps no orphan parts. A racing process's completion then fails, and its
 * retry finds the object by HEAD.
 */
async function abortStrayUploads(link: RemoteLink, sha256: string): Promise<void> {
  const key = link.store.blobKey(sha256);
  for (const u of await link.store.listUploads(key)) if (u.key === key) await link.store.abortUpload(key, u.uploadId);
}

function deletionExecuting(ctx: StorageContext, sha256: string): boolean {
  return !!ctx.db.prepare('SELECT 1 FROM remote_deletions WHERE sha256 = ? AND executing = 1').pluck().get(sha256);
}

/** Records the confirmation unless gc began deleting the object meanwhile; false then. */
export function confirm(ctx: StorageContext, sha256: string, size: number): boolean {
  const now = ctx.now();
  let ok = false;
  ctx.db.transaction(() => {
    if (deletionExecuting(ctx, sha256)) return;
    ctx.db
      .prepare(
        `INSERT INTO remote_blobs (sha256, size, confirmed_at, local, used_ms) VALUES (@sha256, @size, @at, @local, @ms)
         ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, confirmed_at = excluded.confirmed_at, local = excluded.local`,
      )
      .run({ sha256, size, at: now.toISOString(), local: existsSync(ctx.blobs.pathOf(sha256)) ? 1 : 0, ms: now.getTime() });
    ctx.db.prepare('DELETE FROM remote_outbox WHERE sha256 = ?').run(sha256);
    ok = true;
  }).immediate();
  return ok;
}

function defer(ctx: StorageContext, sha256: string): Outcome {
  ctx.db.prepare('UPDATE remote_outbox SET next_try_ms = ? WHERE sha256 = ?').run(ctx.now().getTime() + DEFER_MS, sha256);
  return 'deferred';
}

function setUploadId(ctx: StorageContext, sha256: string, id: string | null): void {
  ctx.db.prepare('UPDATE remote_outbox SET upload_id = ? WHERE sha256 = ?').run(id, sha256);
}

/** Exponential backoff with jitter; a failure that will not go away by waiting waits the longest. */
function backOff(ctx: StorageContext, row: Due, error: string, transient: boolean): void {
  const attempts = row.attempts + 1;
  const base = transient ? Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempts - 1, 20)) : BACKOFF_MAX_MS;
  const wait = Math.round(base * (0.75 + Math.random() * 0.5));
  ctx.db.prepare('UPDATE remote_outbox SET attempts = ?, next_try_ms = ?, last_error = ? WHERE sha256 = ?').run(attempts, ctx.now().getTime() + wait, error.slice(0, 500), row.sha256);
}
