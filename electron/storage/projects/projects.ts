import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Actor, Project, ProjectDetail, Scope, Template } from '../../../shared/models.js';
import { SCOPES, TEMPLATES } from '../../../shared/models.js';
import { isOneOf, limitMessages, PROJECT_FPS, PROJECT_NAME_MAX, PROJECT_SIDE, PROJECT_THEME_MAX, SORT_ORDERS, type ProjectSort } from '../../../shared/limits.js';
import { conflict, invalid } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { newId } from '../core/ids.js';
import { ownershipFor, visibleParams, visibleSql } from '../core/scopes.js';
import { templateFiles } from './templates.js';
import { projectRow, toProject, touchProject, workspaceRoot, type ProjectRow } from './project-rows.js';
import { listCheckpoints } from '../checkpoints/checkpoints.js';

export interface ProjectSettings {
  name: string;
  theme?: string | undefined;
  fps?: number | undefined;
  width?: number | undefined;
  height?: number | undefined;
}

export interface CreateProjectInput extends ProjectSettings {
  scope?: Scope | undefined;
  ttlHours?: number | undefined;
  template?: Template | undefined;
}

export interface AdoptProjectInput extends Omit<CreateProjectInput, 'template' | 'name'> {
  path: string;
  name?: string | undefined;
}

export type { ProjectSort } from '../../../shared/limits.js';

export interface ListProjectsInput {
  scope?: Scope | undefined;
  userId?: string | undefined;
  text?: string | undefined;
  sort?: ProjectSort | undefined;
  order?: 'asc' | 'desc' | undefined;
}

export type ProjectPatch = Partial<Pick<Project, 'name' | 'theme' | 'fps' | 'width' | 'height'>>;

const PROJECT_SORT_COLUMNS = new Map<string, string>([
  ['updated', 'p.updated_at'],
  ['created', 'p.created_at'],
  ['name', 'p.name COLLATE NOCASE'],
] satisfies [ProjectSort, string][]);

const DEFAULTS = { theme: 'default', fps: 30, width: 1920, height: 1080 };

function checkSettings(s: Partial<ProjectSettings>): void {
  if (s.name !== undefined && (typeof s.name !== 'string' || s.name.trim() === '')) throw invalid('name must not be empty');
  if (s.name !== undefined && s.name.length > PROJECT_NAME_MAX) throw invalid(limitMessages.projectName);
  if (s.fps !== undefined && !(Number.isFinite(s.fps) && s.fps >= PROJECT_FPS.min && s.fps <= PROJECT_FPS.max)) throw invalid(limitMessages.fps);
  for (const k of ['width', 'height'] as const) {
    const v = s[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= PROJECT_SIDE.min && v <= PROJECT_SIDE.max)) throw invalid(limitMessages.side(k));
  }
  if (s.theme !== undefined && (typeof s.theme !== 'string' || s.theme.length > PROJECT_THEME_MAX)) throw invalid(limitMessages.theme);
}

function checkScope(scope: unknown): asserts scope is Scope {
  if (!SCOPES.includes(scope as Scope)) throw invalid(`scope must be one of ${SCOPES.join(', ')}`);
}

export async function createProject(ctx: StorageContext, actor: Actor, input: CreateProjectInput): Promise<Project> {
  checkSettings(input);
  const template = input.template ?? 'empty';
  if (!TEMPLATES.includes(template)) throw invalid(`template must be one of ${TEMPLATES.join(', ')}`);
  const scope = input.scope ?? (actor.userId ? 'user' : 'sandbox');
  checkScope(scope);
  const own = ownershipFor(scope, actor, input.ttlHours, ctx.now());
  const id = newId('prj');
  const now = nowIso(ctx);
  const settings = { ...DEFAULTS, ...stripUndefined(input), name: input.name.trim() };
  const root = path.join(ctx.dirs.workspaces, id);
  // The folder and its template files exist before the row does: a crash leaves at most an
  // orphan folder (cleaned by gc), never a project whose workspace is missing.
  await fsp.mkdir(root, { recursive: true });
  try {
    for (const [rel, text] of Object.entries(templateFiles(template, settings))) {
      const abs = path.join(root, ...rel.split('/'));
      if (rel.endsWith('/')) await fsp.mkdir(abs, { recursive: true });
      else {
        await fsp.mkdir(path.dirname(abs), { recursive: true });
        await fsp.writeFile(abs, text);
      }
    }
    insertRow(ctx, { id, settings, template, own, workspacePath: null, now });
  } catch (err) {
    await fsp.rm(root, { recursive: true, force: true });
    throw err;
  }
  ctx.changed('projects', id);
  return getProject(ctx, actor, id);
}

/** Adopts an existing folder in place: the files stay where they are; only metadata lives in the library. */
export async function adoptProject(ctx: StorageContext, actor: Actor, input: AdoptProjectInput): Promise<Project> {
  if (typeof input.path !== 'string' || !path.isAbsolute(input.path)) throw invalid('path must be an absolute folder path');
  const st = await fsp.stat(input.path).catch(() => null);
  if (!st?.isDirectory()) throw invalid(`not a folder: ${input.path}`);
  const real = await fsp.realpath(input.path);
  const libRoot = await fsp.realpath(ctx.dirs.root);
  const within = (inner: string, outer: string) => inner === outer || inner.startsWith(outer.endsWith(path.sep) ? outer : outer + path.sep);
  // Library and workspaces never nest. A workspace holding the library would checkpoint its catalog
  // and temp files, and a restore of it would delete the library's own blobs.
  if (within(real, libRoot)) throw invalid(`${real} is inside the library (${libRoot}); a folder inside the library cannot be adopted`);
  if (within(libRoot, real)) throw invalid(`${real} holds this library (${libRoot}); libraries and workspaces must not nest — move the library out of it, or adopt a folder beside it`);
  const taken = ctx.db.prepare('SELECT id FROM projects WHERE workspace_path = ? AND deleted_at IS NULL').get(real) as { id: string } | undefined;
  if (taken) throw conflict(`this folder is already the project ${taken.id}`);
  // Nor do two workspaces: a checkpoint of the outer one would hold the inner project's files too.
  const others = ctx.db.prepare('SELECT id, workspace_path FROM projects WHERE workspace_path IS NOT NULL AND deleted_at IS NULL').all() as { id: string; workspace_path: string }[];
  for (const o of others) {
    if (within(real, o.workspace_path)) throw conflict(`${real} is inside the workspace of the project ${o.id} (${o.workspace_path}); workspaces must not nest`);
    if (within(o.workspace_path, real)) throw conflict(`${real} holds the workspace of the project ${o.id} (${o.workspace_path}); workspaces must not nest`);
  }
  const name = (input.name ?? path.basename(real)).trim();
  checkSettings({ ...input, name });
  const scope = input.scope ?? (actor.userId ? 'user' : 'sandbox');
  checkScope(scope);
  const own = ownershipFor(scope, actor, input.ttlHours, ctx.now());
  const id = newId('prj');
  const settings = { ...DEFAULTS, ...stripUndefined(input), name };
  const template: Template = existsSync(path.join(real, 'remotion.config.ts')) ? 'remotion' : 'empty';
  insertRow(ctx, { id, settings, template, own, workspacePath: real, now: nowIso(ctx) });
  ctx.changed('projects', id);
  return getProject(ctx, actor, id);
}

function insertRow(
  ctx: StorageContext,
  r: { id: string; settings: typeof DEFAULTS & { name: string }; template: Template; own: ReturnType<typeof ownershipFor>; workspacePath: string | null; now: string },
): void {
  ctx.db
    .prepare(
      `INSERT INTO projects (id, name, theme, fps, width, height, template, scope, user_id, session_id, ttl_hours, expires_at, workspace_path, created_at, updated_at)
       VALUES (@id, @name, @theme, @fps, @width, @height, @template, @scope, @userId, @sessionId, @ttlHours, @expiresAt, @workspacePath, @now, @now)`,
    )
    .run({
      id: r.id,
      name: r.settings.name,
      theme: r.settings.theme,
      fps: r.settings.fps,
      width: r.settings.width,
      height: r.settings.height,
      template: r.template,
      ...r.own,
      workspacePath: r.workspacePath,
      now: r.now,
    });
}

export function getProject(ctx: StorageContext, actor: Actor, id: string): ProjectDetail {
  const row = projectRow(ctx, actor, id);
  const renderCount = (ctx.db.prepare('SELECT count(*) AS n FROM renders WHERE project_id = ? AND deleted_at IS NULL').get(id) as { n: number }).n;
  return { ...toProject(ctx, row), checkpoints: listCheckpoints(ctx, actor, id), renderCount };
}

export function updateProject(ctx: StorageContext, actor: Actor, id: string, patch: ProjectPatch): ProjectDetail {
  projectRow(ctx, actor, id);
  const clean = stripUndefined(patch);
  checkSettings(clean);
  const keys = (['name', 'theme', 'fps', 'width', 'height'] as const).filter((k) => k in clean);
  if (keys.length > 0) {
    const values: Record<string, unknown> = { id, now: nowIso(ctx) };
    for (const k of keys) values[k] = k === 'name' ? String(clean.name).trim() : clean[k];
    ctx.db.prepare(`UPDATE projects SET ${keys.map((k) => `${k} = @${k}`).join(', ')}, updated_at = @now WHERE id = @id`).run(values);
    ctx.changed('projects', id);
  }
  return getProject(ctx, actor, id);
}

/**
 * Every project the actor may see (the original hid session projects from listings). `userId`
 * narrows to one owner; `text` matches the name; trashed projects are listed by the trash.
 */
export function listProjects(ctx: StorageContext, actor: Actor, input: ListProjectsInput = {}): Project[] {
  const where = [visibleSql('p'), 'p.deleted_at IS NULL'];
  const params: Record<string, unknown> = visibleParams(actor, nowIso(ctx));
  if (input.scope !== undefined) {
    checkScope(input.scope);
    where.push('p.scope = @scope');
    params.scope = input.scope;
  }
  if (input.userId !== undefined) {
    where.push('p.user_id = @userId');
    params.userId = input.userId;
  }
  if (input.text) {
    where.push("p.name LIKE @text ESCAPE '\\'");
    params.text = `%${input.text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  }
  // A Map, not an object literal: 'constructor' or 'toString' must not find a column.
  const sortCol = PROJECT_SORT_COLUMNS.get(input.sort ?? 'updated');
  if (!sortCol) throw invalid(limitMessages.projectSort);
  const order = input.order ?? (input.sort === 'name' ? 'asc' : 'desc');
  if (!isOneOf(SORT_ORDERS, order)) throw invalid(limitMessages.order);
  const rows = ctx.db.prepare(`SELECT p.* FROM projects p WHERE ${where.join(' AND ')} ORDER BY ${sortCol} ${order}, p.id ${order}`).all(params) as ProjectRow[];
  return rows.map((r) => toProject(ctx, r));
}

/** Moves a project to the trash; its workspace stays on disk until the trash is emptied. */
export function deleteProject(ctx: StorageContext, actor: Actor, id: string): void {
  projectRow(ctx, actor, id);
  ctx.db.prepare('UPDATE projects SET deleted_at = ? WHERE id = ?').run(nowIso(ctx), id);
  ctx.changed('projects', id);
  ctx.changed('trash', id);
}

export { touchProject, workspaceRoot };

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
