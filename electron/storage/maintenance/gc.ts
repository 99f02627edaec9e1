import { existsSync, mkdirSync, promises as fsp, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { GcReport } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';
import { isSha256 } from '../blobs/blob-store.js';
import { bumpGcEpoch } from './gc-guard.js';
import { collectRemoteGarbage } from '../remote/remote-gc.js';

/** Blobs younger than this are kept even when unreferenced: an import may be about to reference them. */
export const GC_GRACE_MS = 60 * 60 * 1000;

/**
 * Removes content nothing references (no asset, render, checkpoint or derived image of referenced
 * content; trashed items count as referenced), older
 * than the grace period. Rows and files go in one write transaction that also moves the gc epoch,
 * so a writer that meant to reuse that content sees it and stores it again (gc-guard.ts). A crash
 * midway leaves unreferenced rows without files, which the next gc removes.
 */
export async function collectGarbage(ctx: StorageContext, opts: { graceMs?: number; remoteGraceMs?: number } = {}): Promise<GcReport> {
  const grace = opts.graceMs ?? GC_GRACE_MS;
  // checkpoint_entries holds every manifest once, under its owner (checkpoints sharing a manifest hold
  // no rows of their own, and an owner is deleted only after its rows moved to a sharer), so a blob
  // any checkpoint references has a row here.
  const cutoff = new Date(ctx.now().getTime() - grace).toISOString();
  const unreferenced = `
    SELECT b.sha256, b.size, b.created_at FROM blobs b
     WHERE NOT EXISTS (SELECT 1 FROM assets WHERE sha256 = b.sha256)
       AND NOT EXISTS (SELECT 1 FROM renders WHERE sha256 = b.sha256)
       AND NOT EXISTS (SELECT 1 FROM checkpoint_entries WHERE sha256 = b.sha256)
       AND NOT EXISTS (SELECT 1 FROM media_info WHERE poster_grid = b.sha256 OR poster_detail = b.sha256 OR filmstrip = b.sha256 OR waveform = b.sha256 OR proxy = b.sha256)`;
  let removed: { sha256: string; size: number }[] = [];
  let keptYoung = 0;
  // Files are moved aside inside the write transaction, not deleted: if the transaction fails they
  // go back; if the process dies they sit in tmp/, which the next open empties. Either way no row
  // that survives points at a missing file, and a writer that starts after the commit sees them gone.
  const aside = path.join(ctx.dirs.tmp, `gc-${randomBytes(6).toString('hex')}`);
  const moved: [string, string][] = [];
  try {
    ctx.db.transaction(() => {
      const rows = ctx.db.prepare(unreferenced).all() as { sha256: string; size: number; created_at: string }[];
      removed = rows.filter((r) => r.created_at <= cutoff);
      keptYoung = rows.length - removed.length;
      if (removed.length === 0) return;
      mkdirSync(aside, { recursive: true });
      const del = ctx.db.prepare('DELETE FROM blobs WHERE sha256 = ?');
      for (const r of removed) {
        del.run(r.sha256);
        const from = ctx.blobs.pathOf(r.sha256);
        if (!existsSync(from)) continue;
        const to = path.join(aside, r.sha256);
        renameSync(from, to);
        moved.push([from, to]);
      }
      bumpGcEpoch(ctx);
    }).immediate();
  } catch (err) {
    for (const [from, to] of moved.reverse()) {
      try { renameSync(to, from); } catch { /* left in tmp/: the rows were rolled back, verify will say */ }
    }
    rmSync(aside, { recursive: true, force: true });
    throw err;
  }
  rmSync(aside, { recursive: true, force: true });
  // Files with no row at all (a crash between rename and commit), past the grace period.
  const known = ctx.db.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').pluck();
  let strayBytes = 0;
  let strays = 0;
  for await (const f of ctx.blobs.listOnDisk()) {
    if (isSha256(f.sha256) && known.get(f.sha256)) continue;
    const st = await fsp.stat(f.file).catch(() => null);
    if (!st || ctx.now().getTime() - st.mtimeMs < grace) continue;
    // A writer renames content into place before the transaction that adds its row, so a file with
    // no row may be about to get one. It is taken only inside a write transaction that still finds
    // no row and moves the gc epoch — the writer then sees the move and stores the content again.
    const to = path.join(ctx.dirs.tmp, `gc-stray-${randomBytes(6).toString('hex')}`);
    let took = false;
    try {
      ctx.db.transaction(() => {
        if (isSha256(f.sha256) && known.get(f.sha256)) return;
        renameSync(f.file, to);
        took = true;
        bumpGcEpoch(ctx);
      }).immediate();
    } catch (err) {
      if (took) {
        try { renameSync(to, f.file); } catch { /* left in tmp/, which the next open empties */ }
      }
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    if (!took) continue;
    rmSync(to, { force: true });
    strays++;
    strayBytes += st.size;
  }
  // Workspace folders are never removed here, whatever the catalog says: gc removes only content that
  // is stored elsewhere too or is unreferenced blob files. A folder with no project row (a crash during
  // create) is reported by verify and left for the user.
  const report: GcReport = { removedBlobs: removed.length + strays, removedBytes: removed.reduce((n, r) => n + r.size, 0) + strayBytes, keptYoung };
  // A library with a bucket: objects of content whose rows went are marked, and deleted after a grace period.
  if (ctx.remote) report.remote = await collectRemoteGarbage(ctx, ctx.remote, { graceMs: opts.remoteGraceMs });
  return report;
}
