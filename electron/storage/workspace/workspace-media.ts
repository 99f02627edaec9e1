import { promises as fsp } from 'node:fs';
import type { Actor } from '../../../shared/models.js';
import { invalid } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { projectRow, workspaceRoot } from '../projects/project-rows.js';
import { normalizeRelPath, resolveInside } from './safe-path.js';
import { sniffFile } from '../blobs/sniff.js';

export interface WorkspaceMedia {
  sha256: string;
  size: number;
  mime: string;
}

/**
 * Copies a workspace file into the blob store so the UI can show it by URL (/media/<sha256>): bytes
 * never cross IPC as JSON. The blob gets a row, so verify does not call it stray; nothing references
 * it, so gc reclaims it after its grace period — the viewer asks again when it next opens the file.
 */
export async function storeWorkspaceMedia(ctx: StorageContext, actor: Actor, projectId: string, rel: string): Promise<WorkspaceMedia> {
  const clean = normalizeRelPath(rel);
  if (clean === '') throw invalid('a file path is required');
  const root = workspaceRoot(ctx, projectRow(ctx, actor, projectId));
  const abs = await resolveInside(root, clean);
  const st = await fsp.lstat(abs).catch(() => null);
  if (!st?.isFile()) throw invalid(`not a file: ${clean}`);
  const mime = await sniffFile(abs);
  const sizeKnown = ctx.db.prepare('SELECT 1 FROM blobs WHERE size = ? LIMIT 1').pluck();
  const put = await ctx.blobs.putFile(abs, (n) => sizeKnown.get(n) !== undefined);
  // created_at is what gc's grace period counts from: viewing again restarts it.
  ctx.db
    .prepare('INSERT INTO blobs (sha256, size, created_at) VALUES (?, ?, ?) ON CONFLICT(sha256) DO UPDATE SET created_at = excluded.created_at')
    .run(put.sha256, put.size, nowIso(ctx));
  return { sha256: put.sha256, size: put.size, mime };
}
