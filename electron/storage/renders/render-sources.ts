import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Actor, CheckpointSummary } from '../../../shared/models.js';
import { invalid, ReelvaultError } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { checkpointRow, checkpointSummary, checkpointWithTree, insertCheckpoint, manifestOf } from '../checkpoints/checkpoints.js';
import { gcEpoch, retryIfCollected } from '../maintenance/gc-guard.js';
import { projectRow, workspaceRoot } from '../projects/project-rows.js';
import { scanWorkspace } from '../workspace/tree-scan.js';

/**
 * What a render starts from: a checkpoint. Rendering "the workspace" checkpoints it first — or reuses
 * the newest checkpoint of exactly this state — so every render points at the files it was made
 * from, and the render itself never reads the live folder again.
 */
export async function checkpointForRender(ctx: StorageContext, actor: Actor, projectId: string): Promise<CheckpointSummary> {
  const project = projectRow(ctx, actor, projectId);
  return retryIfCollected(async () => {
    const epoch = gcEpoch(ctx);
    const scan = await scanWorkspace(ctx, projectId, workspaceRoot(ctx, project), 'store');
    const same = checkpointWithTree(ctx, projectId, scan);
    if (same) return checkpointSummary(ctx, same);
    return insertCheckpoint(ctx, project, scan, { name: 'Rendered from the workspace', description: 'Made automatically before a render of the workspace.', kind: 'auto' }, epoch);
  });
}

/**
 * Writes a checkpoint's files and folders into `dest` (a folder of the caller's, empty or new) from
 * the blob store, with their modes: a render of an old checkpoint runs there, and the live
 * workspace is neither read nor written. Copies are reflinks where the filesystem offers them.
 */
export async function materialiseCheckpoint(ctx: StorageContext, actor: Actor, checkpointId: string, dest: string): Promise<{ files: number; bytes: number }> {
  checkpointRow(ctx, actor, checkpointId);
  if (!path.isAbsolute(dest)) throw invalid('the destination must be an absolute path');
  await fsp.mkdir(dest, { recursive: true });
  if ((await fsp.readdir(dest)).length > 0) throw invalid(`${dest} is not empty`);
  let files = 0;
  let bytes = 0;
  for (const e of manifestOf(ctx, checkpointId)) {
    const parts = e.path.split('/');
    // Manifests only ever hold relative, normalised paths; a row that says otherwise is damage, not a path to follow.
    if (parts.some((p) => p === '' || p === '.' || p === '..')) throw new ReelvaultError('INTERNAL', `checkpoint ${checkpointId} holds a path that is not relative: ${e.path}`);
    const target = path.join(dest, ...parts);
    if (e.kind === 'dir') {
      await fsp.mkdir(target, { recursive: true, mode: 0o755 });
      continue;
    }
    if (!e.sha256) continue;
    await fsp.mkdir(path.dirname(target), { recursive: true });
    try {
      await ctx.blobs.copyOut(e.sha256, target, e.size);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ReelvaultError('IO', `${e.path} of checkpoint ${checkpointId} is missing from the library (run "reelvault verify")`);
      throw err;
    }
    // Blobs are read-only; the copy gets the file's own mode back (writable by its owner, as it was).
    await fsp.chmod(target, (e.mode & 0o777) | 0o200);
    files++;
    bytes += e.size;
  }
  return { files, bytes };
}
