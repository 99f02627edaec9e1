import { createHash } from 'node:crypto';
import type { Actor, Checkpoint, CheckpointMeta, CheckpointSummary, ManifestEntry } from '../../../shared/models.js';
import { conflict, invalid, notFound } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { newId } from '../core/ids.js';
import { projectRow, workspaceRoot, type ProjectRow } from '../projects/project-rows.js';
import { scanWorkspace, type ScanProgress, type ScanResult } from '../workspace/tree-scan.js';
import { manifestHash } from '../workspace/manifest-digest.js';
import { assertContentPresent, gcEpoch, retryIfCollected } from '../maintenance/gc-guard.js';

interface CheckpointRow {
  id: string;
  project_id: string;
  name: string;
  description: string | null;
  kind: 'user' | 'auto';
  tree_hash: string;
  file_count: number;
  total_bytes: number;
  meta: string;
  created_at: string;
  seq: number;
  /** Null: this checkpoint owns its manifest rows; else the owner whose rows it shares (migration 8). */
  manifest_id: string | null;
  manifest_hash: string | null;
}

export interface CreateCheckpointInput {
  name: string;
  description?: string | undefined;
}

function summary(ctx: StorageContext, r: CheckpointRow): CheckpointSummary {
  const renderIds = ctx.db.prepare('SELECT id FROM renders WHERE checkpoint_id = ? AND deleted_at IS NULL ORDER BY created_at').pluck().all(r.id) as string[];
  return {
    id: r.id,
    projectId: r.project_id,
    name: r.name,
    description: r.description,
    kind: r.kind,
    treeHash: r.tree_hash,
    fileCount: r.file_count,
    totalBytes: r.total_bytes,
    renderIds,
    createdAt: r.created_at,
  };
}

/** Project settings and the metadata of its linked assets and renders, as they are now. */
export function captureMeta(ctx: StorageContext, project: ProjectRow): CheckpointMeta {
  const assets = ctx.db
    .prepare(
      `SELECT a.id, a.name, a.seq,
              (SELECT json_group_array(tag) FROM (SELECT tag FROM asset_tags t WHERE t.asset_seq = a.seq ORDER BY tag)) AS tags,
              (SELECT json_group_array(project_id) FROM (SELECT project_id FROM asset_projects l WHERE l.asset_seq = a.seq ORDER BY project_id)) AS projects
         FROM assets a JOIN asset_projects ap ON ap.asset_seq = a.seq
        WHERE ap.project_id = ? AND a.deleted_at IS NULL ORDER BY a.id`,
    )
    .all(project.id) as { id: string; name: string; tags: string; projects: string }[];
  const renders = ctx.db.prepare('SELECT id, name FROM renders WHERE project_id = ? AND deleted_at IS NULL ORDER BY created_at, id').all(project.id) as { id: string; name: string }[];
  return {
    project: { name: project.name, theme: project.theme, fps: project.fps, width: project.width, height: project.height },
    assets: assets.map((a) => ({ id: a.id, name: a.name, tags: JSON.parse(a.tags) as string[], projectIds: JSON.parse(a.projects) as string[] })),
    renders,
  };
}

/**
 * Writes an immutable checkpoint row and its manifest in one transaction. A checkpoint whose manifest
 * (every field of every entry) equals an earlier one's of the same project writes no manifest rows:
 * it points at that manifest's owner instead (an unchanged tree costs one row, not one per file).
 */
export function insertCheckpoint(
  ctx: StorageContext,
  project: ProjectRow,
  scan: Pick<ScanResult, 'entries' | 'treeHash'> & Partial<Pick<ScanResult, 'manifestHash'>>,
  input: { name: string; description: string | null; kind: 'user' | 'auto' },
  /** The gc epoch noted before the scan stored or reused content (gc-guard.ts). */
  epoch: number,
): CheckpointSummary {
  const id = newId('ckp');
  const files = scan.entries.filter((e) => e.kind === 'file');
  const totalBytes = files.reduce((n, e) => n + e.size, 0);
  const meta = captureMeta(ctx, project);
  const mHash = scan.manifestHash ?? manifestHash(scan.entries);
  ctx.db.transaction(() => {
    assertContentPresent(ctx, epoch, scan.entries.map((e) => e.sha256));
    const seq = (ctx.db.prepare('SELECT coalesce(max(seq), 0) + 1 FROM checkpoints').pluck().get() as number);
    // Looked up inside the write transaction, so the owner cannot be deleted before this row points at it.
    const owner = ctx.db
      .prepare('SELECT coalesce(manifest_id, id) FROM checkpoints WHERE project_id = ? AND tree_hash = ? AND manifest_hash = ? ORDER BY seq LIMIT 1')
      .pluck()
      .get(project.id, scan.treeHash, mHash) as string | undefined;
    ctx.db
      .prepare(
        `INSERT INTO checkpoints (id, project_id, name, description, kind, tree_hash, file_count, total_bytes, meta, created_at, seq, manifest_id, manifest_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, project.id, input.name, input.description, input.kind, scan.treeHash, files.length, totalBytes, JSON.stringify(meta), nowIso(ctx), seq, owner ?? null, mHash);
    if (owner !== undefined) return;
    const add = ctx.db.prepare('INSERT INTO checkpoint_entries (checkpoint_id, path, kind, sha256, size, mode) VALUES (?, ?, ?, ?, ?, ?)');
    // In content-hash order: the sha256 index is then walked front to back, one page after the
    // next, instead of being hit at random (the rows' own order, by path, is kept by their key).
    for (const e of [...scan.entries].sort(bySha)) add.run(id, e.path, e.kind, e.sha256, e.size, e.mode);
    const dir = ctx.db.prepare('INSERT INTO checkpoint_dirs (checkpoint_id, path, hash) VALUES (?, ?, ?)');
    for (const [p, h] of listingHashes(scan.entries)) dir.run(id, p, h);
  }).immediate();
  ctx.changed('checkpoints', project.id);
  return summary(ctx, ctx.db.prepare('SELECT * FROM checkpoints WHERE id = ?').get(id) as CheckpointRow);
}

/** The folder holding a path ('' for the workspace root) and the path's own name. */
export function splitPath(p: string): [string, string] {
  const i = p.lastIndexOf('/');
  return i < 0 ? ['', p] : [p.slice(0, i), p.slice(i + 1)];
}

/**
 * A hash per folder (and the root, '') of its immediate children: name, kind, content hash,
 * permissions. Two checkpoints whose folder hashes match have the same children there (checkpoint-diff.ts).
 */
export function listingHashes(entries: readonly ManifestEntry[]): Map<string, string> {
  const children = new Map<string, string[]>([['', []]]);
  for (const e of entries) if (e.kind === 'dir') children.set(e.path, []);
  for (const e of entries) {
    const [parent, name] = splitPath(e.path);
    // The full permission bits, not only the exec bit: a mode-only change must make the folder differ,
    // or a diff of two checkpoints would never look inside it (listings from before this differ from
    // every new one, which only costs a row-by-row comparison of that folder).
    const line = `${e.kind}\t${name}\t${e.sha256 ?? '-'}\t${e.kind === 'file' ? `m${(e.mode & 0o777).toString(8)}` : '-'}`;
    (children.get(parent) ?? children.set(parent, []).get(parent))?.push(line);
  }
  const out = new Map<string, string>();
  for (const [p, lines] of children) out.set(p, createHash('sha256').update(lines.sort().join('\n')).digest('hex'));
  return out;
}

function bySha(a: ManifestEntry, b: ManifestEntry): number {
  const x = a.sha256 ?? '';
  const y = b.sha256 ?? '';
  return x < y ? -1 : x > y ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function checkName(input: CreateCheckpointInput): { name: string; description: string | null } {
  if (typeof input.name !== 'string' || input.name.trim() === '') throw invalid('checkpoint name must not be empty');
  if (input.name.length > 200) throw invalid('checkpoint name must be at most 200 characters');
  if (input.description !== undefined && input.description !== null && typeof input.description !== 'string') throw invalid('description must be text');
  const description = input.description?.trim() ? input.description : null;
  return { name: input.name.trim(), description };
}

export async function createCheckpoint(ctx: StorageContext, actor: Actor, projectId: string, input: CreateCheckpointInput, opts: { onProgress?: (p: ScanProgress) => void } = {}): Promise<CheckpointSummary> {
  const { name, description } = checkName(input);
  const project = projectRow(ctx, actor, projectId);
  return retryIfCollected(async () => {
    const epoch = gcEpoch(ctx);
    // A watcher the host keeps on this workspace lets the scan stat only what changed (tree-scan.ts).
    const scan = await scanWorkspace(ctx, projectId, workspaceRoot(ctx, project), 'store', { watched: true, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    const made = insertCheckpoint(ctx, project, scan, { name, description, kind: 'user' }, epoch);
    return scan.skipped.length ? { ...made, skipped: scan.skipped } : made;
  });
}

/** Oldest first, with file count, bytes and the renders made from each. */
export function listCheckpoints(ctx: StorageContext, actor: Actor, projectId: string): CheckpointSummary[] {
  projectRow(ctx, actor, projectId);
  const rows = ctx.db.prepare('SELECT * FROM checkpoints WHERE project_id = ? ORDER BY seq').all(projectId) as CheckpointRow[];
  return rows.map((r) => summary(ctx, r));
}

/** Loads a checkpoint row through its project, so visibility is the project's. */
export function checkpointRow(ctx: StorageContext, actor: Actor, checkpointId: string): { row: CheckpointRow; project: ProjectRow } {
  const row = ctx.db.prepare('SELECT * FROM checkpoints WHERE id = ?').get(checkpointId) as CheckpointRow | undefined;
  if (!row) throw notFound(`checkpoint ${checkpointId}`);
  try {
    return { row, project: projectRow(ctx, actor, row.project_id) };
  } catch {
    throw notFound(`checkpoint ${checkpointId}`);
  }
}

/**
 * The checkpoint id under which a checkpoint's manifest rows (checkpoint_entries, checkpoint_dirs)
 * are kept: its own, or its manifest owner's. Every reader of those rows goes through this.
 */
export function manifestKey(ctx: StorageContext, checkpointId: string): string {
  const key = ctx.db.prepare('SELECT coalesce(manifest_id, id) FROM checkpoints WHERE id = ?').pluck().get(checkpointId) as string | undefined;
  if (key === undefined) throw notFound(`checkpoint ${checkpointId}`);
  return key;
}

export function manifestOf(ctx: StorageContext, checkpointId: string): ManifestEntry[] {
  return ctx.db
    .prepare('SELECT path, kind, sha256, size, mode FROM checkpoint_entries WHERE checkpoint_id = ? ORDER BY path')
    .all(manifestKey(ctx, checkpointId)) as ManifestEntry[];
}

export function getCheckpoint(ctx: StorageContext, actor: Actor, checkpointId: string): Checkpoint {
  const { row } = checkpointRow(ctx, actor, checkpointId);
  return { ...summary(ctx, row), entries: manifestOf(ctx, checkpointId), meta: JSON.parse(row.meta) as CheckpointMeta };
}

/**
 * Deletes a checkpoint; refused while renders still point at it, so no render loses its origin. A
 * checkpoint that owns a manifest others share hands its rows to the oldest sharer first (which
 * becomes the owner; the rest point at it), in the same transaction as the delete.
 */
export function deleteCheckpoint(ctx: StorageContext, actor: Actor, checkpointId: string): void {
  const { row } = checkpointRow(ctx, actor, checkpointId);
  ctx.db.transaction(() => {
    const n = ctx.db.prepare('SELECT count(*) FROM renders WHERE checkpoint_id = ?').pluck().get(checkpointId) as number;
    if (n > 0) throw conflict(`${n} render${n === 1 ? '' : 's'} came from this checkpoint; delete ${n === 1 ? 'it' : 'them'} first`);
    const heir = ctx.db.prepare('SELECT id FROM checkpoints WHERE manifest_id = ? ORDER BY seq LIMIT 1').pluck().get(checkpointId) as string | undefined;
    if (heir !== undefined) {
      ctx.db.prepare('UPDATE checkpoint_entries SET checkpoint_id = ? WHERE checkpoint_id = ?').run(heir, checkpointId);
      ctx.db.prepare('UPDATE checkpoint_dirs SET checkpoint_id = ? WHERE checkpoint_id = ?').run(heir, checkpointId);
      ctx.db.prepare('UPDATE checkpoints SET manifest_id = NULL WHERE id = ?').run(heir);
      ctx.db.prepare('UPDATE checkpoints SET manifest_id = ? WHERE manifest_id = ?').run(heir, checkpointId);
    }
    ctx.db.prepare('DELETE FROM checkpoints WHERE id = ?').run(checkpointId);
  }).immediate();
  ctx.changed('checkpoints', row.project_id);
}

/**
 * The newest checkpoint that holds exactly this state, if any: same tree hash and, where it has one
 * (migration 8 on), same manifest hash — which also covers full modes and cannot be confused by tabs
 * or newlines in names. "Known" states skip the safety checkpoint before a restore, so equal must
 * mean equal in every field a restore would put back.
 */
export function checkpointWithTree(ctx: StorageContext, projectId: string, scan: Pick<ScanResult, 'treeHash' | 'manifestHash'>): CheckpointRow | undefined {
  return ctx.db
    .prepare('SELECT * FROM checkpoints WHERE project_id = ? AND tree_hash = ? AND (manifest_hash IS NULL OR manifest_hash = ?) ORDER BY seq DESC LIMIT 1')
    .get(projectId, scan.treeHash, scan.manifestHash) as CheckpointRow | undefined;
}

export { summary as checkpointSummary };
export type { CheckpointRow };
