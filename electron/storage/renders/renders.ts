import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Actor, CheckpointSummary, Render } from '../../../shared/models.js';
import { invalid, notFound } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { newId } from '../core/ids.js';
import { projectRow, touchProject, workspaceRoot } from '../projects/project-rows.js';
import { checkpointRow, checkpointSummary, checkpointWithTree, insertCheckpoint } from '../checkpoints/checkpoints.js';
import { scanWorkspace } from '../workspace/tree-scan.js';
import type { PutResult } from '../blobs/blob-store.js';
import { assertContentPresent, gcEpoch, retryIfCollected } from '../maintenance/gc-guard.js';
import { mediaFor } from '../blobs/media-store.js';

interface RenderRow {
  id: string;
  project_id: string;
  checkpoint_id: string;
  sha256: string;
  name: string;
  format: string;
  width: number | null;
  height: number | null;
  fps: number | null;
  duration: number | null;
  codec: string | null;
  bitrate_kbps: number | null;
  size: number;
  created_at: string;
  deleted_at: string | null;
  composition: string | null;
}

export interface RenderMetaInput {
  name?: string | undefined;
  format?: string | undefined;
  /** "1920x1080", or width and height. */
  resolution?: string | undefined;
  width?: number | undefined;
  height?: number | undefined;
  fps?: number | undefined;
  durationSeconds?: number | undefined;
  codec?: string | undefined;
  bitrateKbps?: number | undefined;
  /** The checkpoint the render came from; when absent the current workspace is checkpointed. */
  checkpointId?: string | undefined;
  /** The composition it was rendered from (renders Reelvault makes). */
  composition?: string | undefined;
  /**
   * Checks the stored file is what a render must be (the hosts pass media's "decodable video" check;
   * storage knows no ffmpeg). It throws to refuse: nothing is recorded, and content this call wrote
   * that nothing references is removed again.
   */
  verify?: ((file: string) => Promise<void>) | undefined;
}

export type RenderSource = { path: string } | { stream: Readable | AsyncIterable<Uint8Array>; fileName?: string };

function toRender(ctx: StorageContext, r: RenderRow): Render {
  return {
    id: r.id,
    projectId: r.project_id,
    checkpointId: r.checkpoint_id,
    name: r.name,
    sha256: r.sha256,
    format: r.format,
    width: r.width,
    height: r.height,
    fps: r.fps,
    durationSeconds: r.duration,
    codec: r.codec,
    bitrateKbps: r.bitrate_kbps,
    size: r.size,
    createdAt: r.created_at,
    deletedAt: r.deleted_at,
    media: mediaFor(ctx, [r.sha256]).get(r.sha256) ?? null,
    composition: r.composition ?? null,
  };
}

function parseMeta(m: RenderMetaInput, fileName: string): { format: string; width: number | null; height: number | null } {
  let width = m.width ?? null;
  let height = m.height ?? null;
  if (m.resolution !== undefined) {
    const r = /^(\d{2,5})x(\d{2,5})$/.exec(m.resolution);
    if (!r) throw invalid('resolution must look like 1920x1080');
    width = Number(r[1]);
    height = Number(r[2]);
  }
  for (const [k, v] of [['width', width], ['height', height]] as const) {
    if (v !== null && !(Number.isInteger(v) && v >= 1 && v <= 16384)) throw invalid(`${k} must be 1–16384`);
  }
  if (m.fps !== undefined && !(Number.isFinite(m.fps) && m.fps > 0 && m.fps <= 1000)) throw invalid('fps must be a positive number');
  if (m.durationSeconds !== undefined && !(Number.isFinite(m.durationSeconds) && m.durationSeconds >= 0)) throw invalid('durationSeconds must be ≥ 0');
  if (m.bitrateKbps !== undefined && !(Number.isFinite(m.bitrateKbps) && m.bitrateKbps >= 0)) throw invalid('bitrateKbps must be ≥ 0');
  const format = (m.format ?? path.extname(fileName).slice(1)).toLowerCase() || 'mp4';
  if (!/^[a-z0-9]{1,10}$/.test(format)) throw invalid('format must be a short extension like mp4 or webm');
  return { format, width, height };
}

/**
 * Stores a rendered video for a project. The content is streamed into the blob store (never held in
 * memory) and the render points at the checkpoint it came from: the one given, or one of the current
 * workspace, reused when the workspace matches an existing checkpoint.
 */
export async function storeRender(ctx: StorageContext, actor: Actor, projectId: string, source: RenderSource, meta: RenderMetaInput = {}): Promise<Render> {
  const project = projectRow(ctx, actor, projectId);
  const fileName = 'path' in source ? source.path : (source.fileName ?? 'render.mp4');
  const parsed = parseMeta(meta, fileName);
  const name = (meta.name ?? path.basename(fileName)).trim();
  if (!name || name.length > 255) throw invalid('render name must be 1–255 characters');
  return retryIfCollected(() => storeOnce(ctx, actor, project, source, meta, { ...parsed, name, fileName }));
}

async function storeOnce(
  ctx: StorageContext,
  actor: Actor,
  project: ReturnType<typeof projectRow>,
  source: RenderSource,
  meta: RenderMetaInput,
  parsed: { format: string; width: number | null; height: number | null; name: string; fileName: string },
): Promise<Render> {
  const projectId = project.id;
  const name = parsed.name;
  const epoch = gcEpoch(ctx);
  let checkpoint: CheckpointSummary | null = null;
  if (meta.checkpointId !== undefined) {
    const { row } = checkpointRow(ctx, actor, meta.checkpointId);
    if (row.project_id !== projectId) throw invalid('that checkpoint belongs to another project');
    checkpoint = checkpointSummary(ctx, row);
  }
  let put: PutResult;
  if ('path' in source) {
    const st = await fsp.stat(source.path).catch(() => null);
    if (!st?.isFile()) throw invalid(`not a file: ${source.path}`);
    put = await ctx.blobs.putFile(source.path);
  } else {
    put = await ctx.blobs.putStream(source.stream);
  }
  if (put.size === 0) throw invalid('the render is empty (0 bytes)');
  if (meta.verify) {
    try {
      await meta.verify(ctx.blobs.pathOf(put.sha256));
    } catch (err) {
      if (put.written && !ctx.db.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').pluck().get(put.sha256)) await ctx.blobs.remove(put.sha256);
      throw err;
    }
  }
  // The workspace is checkpointed only after the check, so a refused file leaves no checkpoint made for it.
  if (!checkpoint) {
    const scan = await scanWorkspace(ctx, projectId, workspaceRoot(ctx, project), 'store');
    const same = checkpointWithTree(ctx, projectId, scan);
    checkpoint = same ? checkpointSummary(ctx, same) : insertCheckpoint(ctx, project, scan, { name: `Render ${name}`, description: 'Made automatically when the render was stored.', kind: 'auto' }, epoch);
  }
  const id = newId('rnd');
  const now = nowIso(ctx);
  ctx.db.transaction(() => {
    assertContentPresent(ctx, epoch, [put.sha256]);
    ctx.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)').run(put.sha256, put.size, now);
    ctx.db
      .prepare(
        `INSERT INTO renders (id, project_id, checkpoint_id, sha256, name, format, width, height, fps, duration, codec, bitrate_kbps, size, created_at, composition)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, projectId, checkpoint.id, put.sha256, name, parsed.format, parsed.width, parsed.height, meta.fps ?? null, meta.durationSeconds ?? null, meta.codec ?? null, meta.bitrateKbps ?? null, put.size, now, meta.composition ?? null);
  }).immediate();
  touchProject(ctx, projectId);
  ctx.changed('renders', projectId);
  return getRender(ctx, actor, id);
}

export function renderRow(ctx: StorageContext, actor: Actor, id: string, opts: { includeTrashed?: boolean } = {}): RenderRow {
  const row = ctx.db.prepare('SELECT * FROM renders WHERE id = ?').get(id) as RenderRow | undefined;
  if (!row || (row.deleted_at !== null && !opts.includeTrashed)) throw notFound(`render ${id}`);
  try {
    projectRow(ctx, actor, row.project_id);
  } catch {
    throw notFound(`render ${id}`);
  }
  return row;
}

export function getRender(ctx: StorageContext, actor: Actor, id: string): Render {
  return toRender(ctx, renderRow(ctx, actor, id));
}

/** A project's renders, newest first. */
export function listRenders(ctx: StorageContext, actor: Actor, projectId: string): Render[] {
  projectRow(ctx, actor, projectId);
  const rows = ctx.db.prepare('SELECT * FROM renders WHERE project_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, id DESC').all(projectId) as RenderRow[];
  return rows.map((r) => toRender(ctx, r));
}

export function readRender(ctx: StorageContext, actor: Actor, id: string, range?: { start: number; end: number }): Readable {
  return ctx.blobs.read(renderRow(ctx, actor, id).sha256, range);
}

/** Fills or corrects metadata (the media probe writes through here). */
export function updateRender(ctx: StorageContext, actor: Actor, id: string, meta: RenderMetaInput): Render {
  const row = renderRow(ctx, actor, id);
  const parsed = parseMeta({ format: row.format, ...meta }, row.name);
  const name = meta.name?.trim() ?? row.name;
  if (!name) throw invalid('render name must not be empty');
  ctx.db
    .prepare('UPDATE renders SET name = ?, format = ?, width = ?, height = ?, fps = ?, duration = ?, codec = ?, bitrate_kbps = ? WHERE id = ?')
    .run(
      name,
      parsed.format,
      parsed.width ?? row.width,
      parsed.height ?? row.height,
      meta.fps ?? row.fps,
      meta.durationSeconds ?? row.duration,
      meta.codec ?? row.codec,
      meta.bitrateKbps ?? row.bitrate_kbps,
      id,
    );
  ctx.changed('renders', row.project_id);
  return getRender(ctx, actor, id);
}

export async function exportRender(ctx: StorageContext, actor: Actor, id: string, dest: string, opts: { overwrite?: boolean } = {}): Promise<string> {
  const row = renderRow(ctx, actor, id);
  if (!path.isAbsolute(dest)) throw invalid('export destination must be an absolute path');
  const st = await fsp.stat(dest).catch(() => null);
  const target = st?.isDirectory() ? path.join(dest, row.name.includes('.') ? row.name : `${row.name}.${row.format}`) : dest;
  if (!opts.overwrite && (await fsp.stat(target).catch(() => null))) throw invalid(`${target} already exists`);
  await ctx.blobs.copyOut(row.sha256, target);
  await fsp.chmod(target, 0o644);
  return target;
}

/** Moves a render to the trash. */
export function deleteRender(ctx: StorageContext, actor: Actor, id: string): void {
  const row = renderRow(ctx, actor, id);
  ctx.db.prepare('UPDATE renders SET deleted_at = ? WHERE id = ?').run(nowIso(ctx), id);
  ctx.changed('renders', row.project_id);
  ctx.changed('trash');
}
