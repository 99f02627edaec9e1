import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { purgeProject } from './trash.js';
import { removeWithWorkspaces } from '../workspace/workspace-removal.js';
import { workspaceRoot, type ProjectRow } from '../projects/project-rows.js';

/**
 * Removes session (scratch) items past their expiry. They are already invisible from the moment they
 * expire (the visibility rule checks the clock); this reclaims the rows and workspace folders.
 */
export async function sweepExpired(ctx: StorageContext): Promise<{ projects: number; assets: number }> {
  const now = nowIso(ctx);
  const projects = ctx.db.prepare('SELECT * FROM projects WHERE expires_at IS NOT NULL AND expires_at <= ?').all(now) as ProjectRow[];
  const assets = ctx.db.prepare('SELECT seq FROM assets WHERE expires_at IS NOT NULL AND expires_at <= ?').pluck().all(now) as number[];
  const folders = projects.filter((p) => p.workspace_path === null).map((p) => workspaceRoot(ctx, p));
  await removeWithWorkspaces(ctx, folders, () => ctx.db.transaction(() => {
    for (const p of projects) purgeProject(ctx, p.id);
    for (const seq of assets) {
      ctx.db.prepare('DELETE FROM assets_fts WHERE rowid = ?').run(seq);
      ctx.db.prepare('DELETE FROM assets WHERE seq = ?').run(seq);
    }
  })());
  if (projects.length) ctx.changed('projects');
  if (assets.length) ctx.changed('assets');
  return { projects: projects.length, assets: assets.length };
}
