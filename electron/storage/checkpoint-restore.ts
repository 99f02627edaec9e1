import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Actor, CheckpointMeta, CheckpointSummary } from '../../shared/models.js';
import type { StorageContext } from './context.js';
import { nowIso } from './context.js';
import { checkpointRow, checkpointSummary, insertCheckpoint, manifestOf } from './checkpoints.js';
import { touchProject, workspaceRoot } from './project-rows.js';
import { scanWorkspace } from './tree-scan.js';
import { renameDurable, tempName, unlinkQuiet } from './fs-durable.js';
import { replaceAssetTags } from './asset-tags.js';
import { gcEpoch } from './gc-guard.js';

export interface RestoreResult {
  checkpoint: CheckpointSummary;
  /** The safety checkpoint of the state before the restore, when that state matched no checkpoint. */
  safety: CheckpointSummary | null;
  written: number;
  removed: number;
  foldersCreated: number;
}

/**
 * Brings the workspace back to a checkpoint without ever losing the current state: when the current
 * tree matches no checkpoint of the project it is checkpointed first ("Before restore …"). Then only
 * files that differ are rewritten, each atomically; files added since are removed; folders, empty
 * ones included, are recreated. Ignored paths (node_modules, …) are never touched.
 */
export async function restoreCheckpoint(ctx: StorageContext, actor: Actor, checkpointId: string): Promise<RestoreResult> {
  const { row, project } = checkpointRow(ctx, actor, checkpointId);
  const root = workspaceRoot(ctx, project);
  await fsp.mkdir(root, { recursive: true });
  const epoch = gcEpoch(ctx);
  const current = await scanWorkspace(ctx, project.id, root, 'store');
  let safety: CheckpointSummary | null = null;
  const known = ctx.db.prepare('SELECT 1 FROM checkpoints WHERE project_id = ? AND tree_hash = ?').pluck().get(project.id, current.treeHash);
  if (!known) {
    safety = insertCheckpoint(ctx, project, current, {
      name: `Before restore ${nowIso(ctx).replace('T', ' ').slice(0, 19)} UTC`,
      description: `Saved automatically before restoring “${row.name}”.`,
      kind: 'auto',
    }, epoch);
  }

  const target = manifestOf(ctx, checkpointId);
  const have = new Map(current.entries.map((e) => [e.path, e]));
  const want = new Map(target.map((e) => [e.path, e]));
  let written = 0;
  let removed = 0;
  let foldersCreated = 0;

  // Files first leave, then folders are made, then content is written: a path that was a file
  // and is now a folder (or the reverse) resolves cleanly.
  for (const e of [...current.entries].reverse()) {
    const w = want.get(e.path);
    if (w && w.kind === e.kind) continue;
    const abs = path.join(root, ...e.path.split('/'));
    if (e.kind === 'file') {
      await fsp.rm(abs, { force: true });
      removed++;
    } else {
      // A folder that now holds only ignored content (node_modules, …) is kept.
      await fsp.rmdir(abs).then(() => removed++, () => undefined);
    }
  }
  for (const e of target) {
    if (e.kind !== 'dir') continue;
    const abs = path.join(root, ...e.path.split('/'));
    const st = await fsp.lstat(abs).catch(() => null);
    if (st && !st.isDirectory()) await fsp.rm(abs, { recursive: true, force: true });
    if (!st?.isDirectory()) {
      await fsp.mkdir(abs, { recursive: true });
      foldersCreated++;
    }
  }
  for (const e of target) {
    if (e.kind !== 'file' || !e.sha256) continue;
    const abs = path.join(root, ...e.path.split('/'));
    const h = have.get(e.path);
    if (h && h.kind === 'file' && h.sha256 === e.sha256) {
      if ((h.mode & 0o777) !== (e.mode & 0o777)) await fsp.chmod(abs, e.mode & 0o777);
      continue;
    }
    await fsp.mkdir(path.dirname(abs), { recursive: true });
    const st = await fsp.lstat(abs).catch(() => null);
    if (st?.isDirectory()) await fsp.rm(abs, { recursive: true, force: true });
    const tmp = path.join(ctx.dirs.tmp, tempName());
    try {
      await ctx.blobs.copyOut(e.sha256, tmp);
      await fsp.chmod(tmp, e.mode & 0o777);
      await renameDurable(tmp, abs);
    } catch (err) {
      await unlinkQuiet(tmp);
      throw err;
    }
    written++;
  }

  restoreMeta(ctx, project.id, JSON.parse(row.meta) as CheckpointMeta);
  touchProject(ctx, project.id);
  ctx.changed('files', project.id);
  ctx.changed('projects', project.id);
  return { checkpoint: checkpointSummary(ctx, row), safety, written, removed, foldersCreated };
}

/** Puts back the project settings and the names, tags and links of its assets and renders. */
function restoreMeta(ctx: StorageContext, projectId: string, meta: CheckpointMeta): void {
  const now = nowIso(ctx);
  ctx.db.transaction(() => {
    const p = meta.project;
    ctx.db.prepare('UPDATE projects SET name = ?, theme = ?, fps = ?, width = ?, height = ? WHERE id = ?').run(p.name, p.theme, p.fps, p.width, p.height, projectId);
    const inMeta = new Set(meta.assets.map((a) => a.id));
    const linkedNow = ctx.db
      .prepare('SELECT a.id, a.seq FROM assets a JOIN asset_projects l ON l.asset_seq = a.seq WHERE l.project_id = ?')
      .all(projectId) as { id: string; seq: number }[];
    for (const a of linkedNow) {
      if (!inMeta.has(a.id)) ctx.db.prepare('DELETE FROM asset_projects WHERE asset_seq = ? AND project_id = ?').run(a.seq, projectId);
    }
    for (const a of meta.assets) {
      const seq = ctx.db.prepare('SELECT seq FROM assets WHERE id = ?').pluck().get(a.id) as number | undefined;
      if (seq === undefined) continue; // emptied from the trash since: nothing to put back
      ctx.db.prepare('UPDATE assets SET name = ?, updated_at = ? WHERE seq = ?').run(a.name, now, seq);
      ctx.db.prepare('INSERT OR IGNORE INTO asset_projects (asset_seq, project_id) VALUES (?, ?)').run(seq, projectId);
      replaceAssetTags(ctx, seq, a.name, a.tags);
    }
    for (const r of meta.renders) ctx.db.prepare('UPDATE renders SET name = ? WHERE id = ? AND project_id = ?').run(r.name, r.id, projectId);
  })();
  ctx.changed('assets');
  ctx.changed('renders', projectId);
}
