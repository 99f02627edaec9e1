import type { Actor, AssetType, TrashItem } from '../../../shared/models.js';
import { invalid, notFound } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { visibleParams, visibleSql } from '../core/scopes.js';
import { projectRow, workspaceRoot, type ProjectRow } from '../projects/project-rows.js';
import { assetRow } from '../assets/asset-rows.js';
import { renderRow } from '../renders/renders.js';
import { tagsOf, writeFts } from '../assets/asset-tags.js';
import { removeWithWorkspaces } from '../workspace/workspace-removal.js';
import { genKey } from '../workspace/tree-scan.js';

interface TrashRow {
  kind: TrashItem['kind'];
  id: string;
  name: string;
  deletedAt: string;
  size: number;
  projectId: string | null;
  projectName: string | null;
  assetType: AssetType | null;
  checkpoints: number | null;
  renders: number | null;
}

/** What the actor has in the trash, newest first, with what each holds. */
export function listTrash(ctx: StorageContext, actor: Actor): TrashItem[] {
  const p = visibleParams(actor, nowIso(ctx));
  const projects = ctx.db
    .prepare(
      `SELECT 'project' AS kind, id, name, deleted_at AS deletedAt,
         COALESCE((SELECT SUM(size) FROM renders WHERE project_id = p.id), 0)
           + COALESCE((SELECT total_bytes FROM checkpoints WHERE project_id = p.id ORDER BY seq DESC LIMIT 1), 0) AS size,
         (SELECT COUNT(*) FROM checkpoints WHERE project_id = p.id) AS checkpoints,
         (SELECT COUNT(*) FROM renders WHERE project_id = p.id) AS renders
       FROM projects p WHERE deleted_at IS NOT NULL AND ${visibleSql('p')}`,
    )
    .all(p) as TrashRow[];
  const assets = ctx.db.prepare(`SELECT 'asset' AS kind, id, name, deleted_at AS deletedAt, size, type AS assetType FROM assets a WHERE deleted_at IS NOT NULL AND ${visibleSql('a')}`).all(p) as TrashRow[];
  const renders = ctx.db
    .prepare(`SELECT 'render' AS kind, r.id, r.name, r.deleted_at AS deletedAt, r.size, p.id AS projectId, p.name AS projectName FROM renders r JOIN projects p ON p.id = r.project_id WHERE r.deleted_at IS NOT NULL AND p.deleted_at IS NULL AND ${visibleSql('p')}`)
    .all(p) as TrashRow[];
  return [...projects, ...assets, ...renders]
    .sort((a, b) => (a.deletedAt < b.deletedAt ? 1 : a.deletedAt > b.deletedAt ? -1 : 0))
    .map((r) => ({
      kind: r.kind,
      id: r.id,
      name: r.name,
      deletedAt: r.deletedAt,
      size: r.size,
      ...(r.projectId && r.projectName !== null ? { project: { id: r.projectId, name: r.projectName } } : {}),
      ...(r.assetType ? { assetType: r.assetType } : {}),
      ...(r.kind === 'project' ? { counts: { checkpoints: r.checkpoints ?? 0, renders: r.renders ?? 0 } } : {}),
    }));
}

function kindOf(ctx: StorageContext, id: string): 'project' | 'asset' | 'render' {
  if (id.startsWith('prj_')) return 'project';
  if (id.startsWith('ast_')) return 'asset';
  if (id.startsWith('rnd_')) return 'render';
  throw invalid(`not a trashable id: ${id}`);
}

/** Takes items back out of the trash. */
export function restoreFromTrash(ctx: StorageContext, actor: Actor, ids: readonly string[]): void {
  ctx.db.transaction(() => {
    for (const id of ids) {
      const kind = kindOf(ctx, id);
      if (kind === 'project') {
        const r = projectRow(ctx, actor, id, { includeTrashed: true });
        if (r.deleted_at === null) throw notFound(`${id} in the trash`);
        ctx.db.prepare('UPDATE projects SET deleted_at = NULL WHERE id = ?').run(id);
      } else if (kind === 'asset') {
        const r = assetRow(ctx, actor, id, { includeTrashed: true });
        if (r.deleted_at === null) throw notFound(`${id} in the trash`);
        ctx.db.prepare('UPDATE assets SET deleted_at = NULL WHERE seq = ?').run(r.seq);
        writeFts(ctx, r.seq, r.name, tagsOf(ctx, r.seq));
      } else {
        const r = renderRow(ctx, actor, id, { includeTrashed: true });
        if (r.deleted_at === null) throw notFound(`${id} in the trash`);
        ctx.db.prepare('UPDATE renders SET deleted_at = NULL WHERE id = ?').run(id);
      }
    }
  })();
  ctx.changed('trash');
  ctx.changed('projects');
  ctx.changed('assets');
  ctx.changed('renders');
}

/**
 * Deletes for good what the actor has in the trash (or only the ids given). Library workspaces are
 * removed from disk; an adopted folder is the user's and is never deleted, only forgotten. Content
 * blobs are left to gc, which removes what nothing references any more.
 */
export async function emptyTrash(ctx: StorageContext, actor: Actor, ids?: readonly string[]): Promise<{ removed: number }> {
  const items = listTrash(ctx, actor).filter((i) => !ids || ids.includes(i.id));
  const folders = items
    .filter((i) => i.kind === 'project')
    .map((i) => ctx.db.prepare('SELECT * FROM projects WHERE id = ?').get(i.id) as ProjectRow)
    .filter((row) => row.workspace_path === null)
    .map((row) => workspaceRoot(ctx, row));
  await removeWithWorkspaces(ctx, folders, () => ctx.db.transaction(() => {
    for (const i of items) {
      if (i.kind === 'project') {
        purgeProject(ctx, i.id);
      } else if (i.kind === 'asset') {
        const seq = ctx.db.prepare('SELECT seq FROM assets WHERE id = ?').pluck().get(i.id) as number;
        ctx.db.prepare('DELETE FROM assets_fts WHERE rowid = ?').run(seq);
        ctx.db.prepare('DELETE FROM assets WHERE seq = ?').run(seq);
      } else {
        ctx.db.prepare('DELETE FROM renders WHERE id = ?').run(i.id);
      }
    }
  })());
  if (items.length) ctx.changed('trash');
  return { removed: items.length };
}

/** Removes a project's rows; renders first, since they pin checkpoints. */
export function purgeProject(ctx: StorageContext, id: string): void {
  ctx.db.prepare('DELETE FROM renders WHERE project_id = ?').run(id);
  ctx.db.prepare('DELETE FROM checkpoints WHERE project_id = ?').run(id);
  ctx.db.prepare('DELETE FROM projects WHERE id = ?').run(id);
  ctx.db.prepare('DELETE FROM meta WHERE key = ?').run(genKey(id));
}
