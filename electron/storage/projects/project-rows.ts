import path from 'node:path';
import type { Actor, Project, Scope, Template } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { assertVisible, gridPath } from '../core/scopes.js';

export interface ProjectRow {
  id: string;
  name: string;
  theme: string;
  fps: number;
  width: number;
  height: number;
  template: string;
  scope: string;
  user_id: string | null;
  session_id: string | null;
  ttl_hours: number | null;
  expires_at: string | null;
  workspace_path: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export function workspaceRoot(ctx: StorageContext, row: Pick<ProjectRow, 'id' | 'workspace_path'>): string {
  return row.workspace_path ?? path.join(ctx.dirs.workspaces, row.id);
}

export function toProject(ctx: StorageContext, r: ProjectRow): Project {
  return {
    id: r.id,
    name: r.name,
    theme: r.theme,
    fps: r.fps,
    width: r.width,
    height: r.height,
    template: r.template as Template,
    namespace: {
      scope: r.scope as Scope,
      userId: r.user_id,
      sessionId: r.session_id,
      ttlHours: r.ttl_hours,
      expiresAt: r.expires_at,
      gridPath: gridPath(r, r.id),
      workspacePath: workspaceRoot(ctx, r),
      adopted: r.workspace_path !== null,
    },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deletedAt: r.deleted_at,
  };
}

/**
 * Loads a project the actor may see; NOT_FOUND otherwise. Every operation on a project, its files,
 * renders and checkpoints starts here, which is how visibility is enforced on reads and writes alike.
 */
export function projectRow(ctx: StorageContext, actor: Actor, id: string, opts: { includeTrashed?: boolean } = {}): ProjectRow {
  const row = ctx.db.prepare('SELECT * FROM projects WHERE id = ?').get(id) as ProjectRow | undefined;
  const seen = assertVisible(row, actor, nowIso(ctx), `project ${id}`);
  if (seen.deleted_at !== null && !opts.includeTrashed) assertVisible(undefined, actor, '', `project ${id}`);
  return seen;
}

/** Marks the project as changed now; createdAt never moves. */
export function touchProject(ctx: StorageContext, id: string): void {
  ctx.db.prepare('UPDATE projects SET updated_at = ? WHERE id = ?').run(nowIso(ctx), id);
}
