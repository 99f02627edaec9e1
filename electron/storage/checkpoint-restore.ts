import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Actor, CheckpointMeta, CheckpointSummary, ManifestEntry, RestoreResult } from '../../shared/models.js';
import type { StorageContext } from './context.js';
import { nowIso } from './context.js';
import { checkpointRow, checkpointSummary, checkpointWithTree, insertCheckpoint, manifestOf } from './checkpoints.js';
import { touchProject, workspaceRoot } from './project-rows.js';
import { scanWorkspace } from './tree-scan.js';
import { fsyncDir, renameDurable, tempName, unlinkQuiet } from './fs-durable.js';
import { replaceAssetTags } from './asset-tags.js';
import { gcEpoch } from './gc-guard.js';

/** Files written at once while restoring: their opens, copies and renames overlap. */
const WRITE_CONCURRENCY = 8;

/**
 * Renames a finished temp file over dest and notes dest's folder for one fsync later. When the temp
 * folder and dest are on different filesystems (an adopted folder elsewhere), renameDurable copies
 * next to dest first and makes that durable itself.
 */
async function renameInto(tmp: string, dest: string, touched: Set<string>): Promise<void> {
  try {
    await fsp.rename(tmp, dest);
    touched.add(path.dirname(dest));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await renameDurable(tmp, dest);
  }
}

export type { RestoreResult };

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
  const known = checkpointWithTree(ctx, project.id, current);
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
  // Content is written several files at a time; each lands by an atomic rename, and the folders
  // renamed into are fsynced once each at the end (not once per file) before the restore returns.
  const toWrite: ManifestEntry[] = [];
  for (const e of target) {
    if (e.kind !== 'file' || !e.sha256) continue;
    const h = have.get(e.path);
    if (h && h.kind === 'file' && h.sha256 === e.sha256) {
      if ((h.mode & 0o777) !== (e.mode & 0o777)) await fsp.chmod(path.join(root, ...e.path.split('/')), e.mode & 0o777);
      continue;
    }
    toWrite.push(e);
  }
  const made = new Set<string>();
  const touched = new Set<string>();
  const writeOne = async (e: ManifestEntry): Promise<void> => {
    const abs = path.join(root, ...e.path.split('/'));
    const dir = path.dirname(abs);
    if (!made.has(dir)) {
      await fsp.mkdir(dir, { recursive: true });
      made.add(dir);
    }
    const st = await fsp.lstat(abs).catch(() => null);
    if (st?.isDirectory()) await fsp.rm(abs, { recursive: true, force: true });
    const tmp = path.join(ctx.dirs.tmp, tempName());
    try {
      await ctx.blobs.copyOut(e.sha256 as string, tmp, e.size);
      await fsp.chmod(tmp, e.mode & 0o777);
      await renameInto(tmp, abs, touched);
    } catch (err) {
      await unlinkQuiet(tmp);
      throw err;
    }
    written++;
  };
  let next = 0;
  const failures: unknown[] = [];
  await Promise.all(
    Array.from({ length: Math.min(WRITE_CONCURRENCY, toWrite.length) }, async () => {
      // After one failure the others finish the file they hold and stop: the error is reported once.
      while (next < toWrite.length && failures.length === 0) {
        await writeOne(toWrite[next++] as ManifestEntry).catch((err: unknown) => void failures.push(err));
      }
    }),
  );
  await Promise.all([...touched].map((d) => fsyncDir(d)));
  if (failures.length) throw failures[0];

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
