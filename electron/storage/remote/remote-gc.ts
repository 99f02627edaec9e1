import { ReelvaultError } from '../../../shared/errors.js';
import type { RemoteGcReport } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';
import type { RemoteLink } from './remote-link.js';
import { libraryIdOf } from './remote-config.js';
import { assertOwned } from './remote-marker.js';
import { acquireLease, describeLease } from './gc-lease.js';

/**
 * Objects nothing references stay in the bucket at least this long after gc marked them. The bucket
 * may hold the only copy, and another process, or a catalog restored elsewhere, may still be about
 * to reference them; restic and kopia keep a similar delay between "unused" and "deleted".
 */
export const REMOTE_GC_GRACE_MS = 24 * 60 * 60 * 1000;
/** Keys per DeleteObjects request (S3's limit); the lease is renewed between batches. */
const BATCH = 1000;

/**
 * The bucket's part of gc, run after the local part removed unreferenced blob rows:
 * 1. marks dropped for content referenced again (a re-import during the grace period);
 * 2. new marks for confirmed objects whose blob row is gone — marked, not deleted;
 * 3. marks older than the grace period are executed: flagged "executing" in one transaction that
 *    re-checks nothing references them (an upload confirming that object is refused from then on),
 *    then deleted with DeleteObjects, then their rows removed. A crash between leaves "executing"
 *    rows, which the next gc deletes again (deleting is idempotent).
 * All of it under the prefix's gc lease, so two gc runs of one prefix never interleave.
 */
export async function collectRemoteGarbage(ctx: StorageContext, link: RemoteLink, opts: { graceMs?: number; leaseSettleMs?: number } = {}): Promise<RemoteGcReport> {
  const report: RemoteGcReport = { marked: 0, deleted: 0, deletedBytes: 0, unmarked: 0, waiting: 0 };
  const grace = opts.graceMs ?? REMOTE_GC_GRACE_MS;
  const db = ctx.db;
  const libraryId = libraryIdOf(db);
  let lease;
  try {
    await assertOwned(link.store, libraryId);
    lease = await acquireLease(link.store, libraryId, { now: () => ctx.now(), settleMs: opts.leaseSettleMs });
  } catch (err) {
    if (err instanceof ReelvaultError && err.code === 'OFFLINE') return { ...report, waiting: countWaiting(ctx), skipped: err.message };
    throw err;
  }
  if ('heldBy' in lease) return { ...report, waiting: countWaiting(ctx), skipped: `another gc of ${link.store.url} is running: ${describeLease(lease.heldBy)}` };
  const held = lease.held;
  try {
    const nowIso = ctx.now().toISOString();
    const cutoff = new Date(ctx.now().getTime() - grace).toISOString();
    db.transaction(() => {
      report.unmarked = db.prepare('DELETE FROM remote_deletions WHERE executing = 0 AND EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = remote_deletions.sha256)').run().changes;
      report.marked = db
        .prepare(
          `INSERT INTO remote_deletions (sha256, marked_at)
           SELECT r.sha256, ? FROM remote_blobs r
            WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = r.sha256)
              AND NOT EXISTS (SELECT 1 FROM remote_deletions d WHERE d.sha256 = r.sha256)`,
        )
        .run(nowIso).changes;
    }).immediate();
    db.transaction(() => {
      const due = db.prepare('SELECT sha256 FROM remote_deletions WHERE executing = 0 AND marked_at <= ?').pluck().all(cutoff) as string[];
      const back = db.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').pluck();
      for (const sha of due) {
        if (back.get(sha)) {
          db.prepare('DELETE FROM remote_deletions WHERE sha256 = ?').run(sha);
          report.unmarked++;
        } else db.prepare('UPDATE remote_deletions SET executing = 1 WHERE sha256 = ?').run(sha);
      }
    }).immediate();
    const executing = db.prepare('SELECT d.sha256, coalesce(r.size, 0) AS size FROM remote_deletions d LEFT JOIN remote_blobs r ON r.sha256 = d.sha256 WHERE d.executing = 1 ORDER BY d.sha256').all() as { sha256: string; size: number }[];
    for (let i = 0; i < executing.length; i += BATCH) {
      if (i > 0) await held.renew();
      const batch = executing.slice(i, i + BATCH);
      const { deleted } = await link.store.deleteMany(batch.map((b) => link.store.blobKey(b.sha256)));
      db.transaction(() => {
        for (const b of batch) {
          if (!deleted.has(link.store.blobKey(b.sha256))) continue;
          db.prepare('DELETE FROM remote_blobs WHERE sha256 = ?').run(b.sha256);
          db.prepare('DELETE FROM remote_deletions WHERE sha256 = ?').run(b.sha256);
          report.deleted++;
          report.deletedBytes += b.size;
        }
      })();
    }
  } catch (err) {
    if (!(err instanceof ReelvaultError && err.code === 'OFFLINE')) throw err;
    report.skipped = err.message;
  } finally {
    await held.release().catch(() => undefined);
  }
  report.waiting = countWaiting(ctx);
  return report;
}

function countWaiting(ctx: StorageContext): number {
  return ctx.db.prepare('SELECT count(*) FROM remote_deletions WHERE executing = 0').pluck().get() as number;
}
