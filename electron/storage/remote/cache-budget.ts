import { statfsSync, unlinkSync } from 'node:fs';
import type { StorageContext } from '../core/context.js';

/** With no budget set, the cache may take this share of what it holds plus the disk's free space. */
const DEFAULT_SHARE = 0.5;

export interface CacheStats {
  /** Bytes of content kept in the library folder (the cache, including what is not yet uploaded). */
  localBytes: number;
  localBlobs: number;
  /** Of those, confirmed in the bucket and so evictable (derived images and kept-offline content aside). */
  evictableBytes: number;
  /** Content only in the bucket now (evicted). */
  remoteOnlyBlobs: number;
  remoteOnlyBytes: number;
  confirmedBlobs: number;
  outboxBlobs: number;
  outboxBytes: number;
  /** The outbox entries that failed last time they were tried (offline, refused): with the last error. */
  outboxFailing: number;
  lastError: string | null;
  budgetBytes: number;
  /** True when the budget is the default (a share of the free disk), not a setting. */
  budgetIsDefault: boolean;
}

/**
 * Content that must stay on this disk whatever the budget says: anything not yet confirmed (the
 * outbox), anything being deleted from the bucket, derived images (posters, filmstrips, waveforms —
 * small, and what every grid shows offline), playback proxies (the only thing an
 * HEVC or ProRes original plays through in the page), and what projects marked "keep offline" need.
 */
const PINNED = `
     EXISTS (SELECT 1 FROM remote_outbox o WHERE o.sha256 = r.sha256)
  OR EXISTS (SELECT 1 FROM remote_deletions d WHERE d.sha256 = r.sha256)
  OR EXISTS (SELECT 1 FROM media_info m WHERE m.poster_grid = r.sha256)
  OR EXISTS (SELECT 1 FROM media_info m WHERE m.poster_detail = r.sha256)
  OR EXISTS (SELECT 1 FROM media_info m WHERE m.filmstrip = r.sha256)
  OR EXISTS (SELECT 1 FROM media_info m WHERE m.waveform = r.sha256)
  OR EXISTS (SELECT 1 FROM media_info m WHERE m.proxy = r.sha256)
  OR EXISTS (SELECT 1 FROM remote_keep_offline k JOIN renders x ON x.project_id = k.project_id WHERE x.sha256 = r.sha256)
  OR EXISTS (SELECT 1 FROM remote_keep_offline k JOIN asset_projects ap ON ap.project_id = k.project_id JOIN assets a ON a.seq = ap.asset_seq WHERE a.sha256 = r.sha256)
  OR EXISTS (SELECT 1 FROM checkpoint_entries e JOIN checkpoints c ON c.id = e.checkpoint_id JOIN remote_keep_offline k ON k.project_id = c.project_id WHERE e.sha256 = r.sha256)`;

export function cacheStats(ctx: StorageContext): CacheStats {
  const db = ctx.db;
  const local = db
    .prepare(
      `SELECT count(*) AS n, coalesce(sum(b.size), 0) AS bytes FROM blobs b
        WHERE NOT EXISTS (SELECT 1 FROM remote_blobs r WHERE r.sha256 = b.sha256 AND r.local = 0)`,
    )
    .get() as { n: number; bytes: number };
  const remoteOnly = db.prepare('SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM remote_blobs WHERE local = 0').get() as { n: number; bytes: number };
  const confirmed = db.prepare('SELECT count(*) FROM remote_blobs').pluck().get() as number;
  const evictable = db.prepare(`SELECT coalesce(sum(r.size), 0) FROM remote_blobs r JOIN blobs b ON b.sha256 = r.sha256 WHERE r.local = 1 AND NOT (${PINNED})`).pluck().get() as number;
  const outbox = db.prepare('SELECT count(*) AS n, coalesce(sum(b.size), 0) AS bytes, coalesce(sum(o.attempts > 0), 0) AS failing FROM remote_outbox o JOIN blobs b ON b.sha256 = o.sha256').get() as { n: number; bytes: number; failing: number };
  const lastError = (db.prepare('SELECT last_error FROM remote_outbox WHERE last_error IS NOT NULL ORDER BY attempts DESC LIMIT 1').pluck().get() as string | undefined) ?? null;
  const { bytes: budgetBytes, isDefault } = cacheBudget(ctx, local.bytes);
  return {
    localBytes: local.bytes,
    localBlobs: local.n,
    evictableBytes: evictable,
    remoteOnlyBlobs: remoteOnly.n,
    remoteOnlyBytes: remoteOnly.bytes,
    confirmedBlobs: confirmed,
    outboxBlobs: outbox.n,
    outboxBytes: outbox.bytes,
    outboxFailing: outbox.failing,
    lastError,
    budgetBytes,
    budgetIsDefault: isDefault,
  };
}

/** The budget set for the library, or half of what the cache holds plus the free space beside it. */
export function cacheBudget(ctx: StorageContext, localBytes?: number): { bytes: number; isDefault: boolean } {
  const set = ctx.db.prepare('SELECT cache_max_bytes FROM remote_config WHERE id = 1').pluck().get() as number | null | undefined;
  if (set !== null && set !== undefined) return { bytes: set, isDefault: false };
  const held = localBytes ?? cacheStatsLocalBytes(ctx);
  let free = 0;
  try {
    const s = statfsSync(ctx.dirs.root);
    free = s.bavail * s.bsize;
  } catch {
    // No statfs (or the folder vanished): only what the cache holds counts.
  }
  return { bytes: Math.floor(DEFAULT_SHARE * (free + held)), isDefault: true };
}

function cacheStatsLocalBytes(ctx: StorageContext): number {
  return ctx.db
    .prepare('SELECT coalesce(sum(b.size), 0) FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM remote_blobs r WHERE r.sha256 = b.sha256 AND r.local = 0)')
    .pluck()
    .get() as number;
}

export interface EvictReport {
  evicted: number;
  evictedBytes: number;
  localBytes: number;
  budgetBytes: number;
}

/**
 * Evicts least-recently-used content until the cache fits its budget. Only content the bucket
 * confirmed is ever a candidate, and each one is re-checked inside the write transaction that marks
 * it evicted and removes its file, so an upload, a re-import or a gc deletion that raced the choice
 * wins. A crash after the file went but before the commit leaves a row that still says "local": the
 * next run finds the file gone and takes it off the count; reads check the file anyway.
 */
export async function enforceBudget(ctx: StorageContext, opts: { budgetBytes?: number; keep?: ReadonlySet<string> } = {}): Promise<EvictReport> {
  if (!ctx.remote) return { evicted: 0, evictedBytes: 0, localBytes: 0, budgetBytes: 0 };
  let localBytes = cacheStatsLocalBytes(ctx);
  const budgetBytes = opts.budgetBytes ?? cacheBudget(ctx, localBytes).bytes;
  const report: EvictReport = { evicted: 0, evictedBytes: 0, localBytes, budgetBytes };
  if (localBytes <= budgetBytes) return report;
  const candidates = ctx.db
    .prepare(`SELECT r.sha256, r.size FROM remote_blobs r JOIN blobs b ON b.sha256 = r.sha256 WHERE r.local = 1 AND NOT (${PINNED}) ORDER BY r.used_ms, r.sha256`)
    .all() as { sha256: string; size: number }[];
  const still = ctx.db.prepare(`SELECT 1 FROM remote_blobs r WHERE r.sha256 = ? AND r.local = 1 AND NOT (${PINNED})`).pluck();
  const mark = ctx.db.prepare('UPDATE remote_blobs SET local = 0 WHERE sha256 = ?');
  for (const c of candidates) {
    if (localBytes <= budgetBytes) break;
    if (opts.keep?.has(c.sha256)) continue;
    let took = false;
    ctx.db.transaction(() => {
      if (!still.get(c.sha256)) return;
      mark.run(c.sha256);
      try {
        unlinkSync(ctx.blobs.pathOf(c.sha256));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      took = true;
    }).immediate();
    if (!took) continue;
    localBytes -= c.size;
    report.evicted++;
    report.evictedBytes += c.size;
    // Let other work in: a long eviction never holds the catalog for long at a stretch.
    if (report.evicted % 64 === 0) await new Promise<void>((r) => setImmediate(r));
  }
  report.localBytes = localBytes;
  return report;
}
