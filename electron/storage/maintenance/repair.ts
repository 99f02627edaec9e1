import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import type { RepairReport } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';
import { verifyLibrary } from './verify.js';
import { repairRemote } from '../remote/remote-repair.js';

export type { RepairReport };

/**
 * Repairs what can be repaired without ever deleting user content:
 * - a blob file present on disk that a manifest or record names, but with no row, is re-linked;
 * - a damaged blob (wrong size or, with `full`, wrong hash) is moved to quarantine/, not deleted;
 * - assets, renders and checkpoints whose content is gone are marked, so the UI can say so; a mark
 *   is cleared again when the content comes back (say, from a backup).
 */
export async function repairLibrary(ctx: StorageContext, opts: { full?: boolean } = {}): Promise<RepairReport> {
  const report: RepairReport = { relinked: 0, quarantined: [], assetsMissing: 0, rendersMissing: 0, checkpointsDamaged: 0, cleared: 0 };
  const named = ctx.db.prepare(
    `SELECT 1 WHERE EXISTS (SELECT 1 FROM assets WHERE sha256 = @s) OR EXISTS (SELECT 1 FROM renders WHERE sha256 = @s)
        OR EXISTS (SELECT 1 FROM checkpoint_entries WHERE sha256 = @s)`,
  ).pluck();
  const known = ctx.db.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').pluck();
  for await (const f of ctx.blobs.listOnDisk()) {
    if (known.get(f.sha256) || !named.get({ s: f.sha256 })) continue;
    const h = await ctx.blobs.hashFile(f.file);
    if (h.sha256 !== f.sha256) continue; // verify reports it; not ours to guess at
    ctx.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)').run(h.sha256, h.size, ctx.now().toISOString());
    report.relinked++;
  }

  const v = await verifyLibrary(ctx, { full: !!opts.full });
  const quarantine = path.join(ctx.dirs.root, 'quarantine');
  for (const p of v.problems) {
    if (p.kind !== 'size-mismatch' && p.kind !== 'hash-mismatch') continue;
    const sha = /content ([0-9a-f]{64})/.exec(p.detail)?.[1];
    if (!sha) continue;
    await fsp.mkdir(quarantine, { recursive: true });
    const dest = path.join(quarantine, `${sha}.${Date.now()}`);
    await fsp.rename(ctx.blobs.pathOf(sha), dest);
    report.quarantined.push(dest);
  }

  // The bucket: what it lost is uploaded again from local copies; what is gone everywhere is said so.
  if (ctx.remote) await repairRemote(ctx, ctx.remote, v.problems, report);

  // Marks, from what is on disk now (or safely in the bucket).
  const present = (sha: string) => existsSync(ctx.blobs.pathOf(sha)) || !!ctx.blobs.remote?.confirmed(sha);
  ctx.db.transaction(() => {
    for (const table of ['assets', 'renders'] as const) {
      const rows = ctx.db.prepare(`SELECT rowid AS r, sha256, content_missing FROM ${table}`).all() as { r: number; sha256: string; content_missing: number }[];
      for (const row of rows) {
        const missing = present(row.sha256) ? 0 : 1;
        if (missing !== row.content_missing) {
          ctx.db.prepare(`UPDATE ${table} SET content_missing = ? WHERE rowid = ?`).run(missing, row.r);
          if (!missing) report.cleared++;
        }
        if (missing && table === 'assets') report.assetsMissing++;
        if (missing && table === 'renders') report.rendersMissing++;
      }
    }
    // A checkpoint's files are the rows of its manifest's owner (itself, or the one it shares with).
    const cps = ctx.db.prepare('SELECT id, coalesce(manifest_id, id) AS manifest, missing_files FROM checkpoints').all() as { id: string; manifest: string; missing_files: number }[];
    const entries = ctx.db.prepare("SELECT sha256 FROM checkpoint_entries WHERE checkpoint_id = ? AND kind = 'file'").pluck();
    const missingIn = new Map<string, number>();
    for (const c of cps) {
      let missing = missingIn.get(c.manifest);
      if (missing === undefined) missingIn.set(c.manifest, (missing = (entries.all(c.manifest) as string[]).filter((s) => !present(s)).length));
      if (missing !== c.missing_files) {
        ctx.db.prepare('UPDATE checkpoints SET missing_files = ? WHERE id = ?').run(missing, c.id);
        if (!missing) report.cleared++;
      }
      if (missing) report.checkpointsDamaged++;
    }
  })();
  return report;
}
