import { promises as fsp, type Stats } from 'node:fs';
import path from 'node:path';
import type { CheckpointSummary } from '../../../shared/models.js';
import { conflict } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { MARKER_FILE } from '../core/library-folder.js';
import type { ProjectRow } from '../projects/project-rows.js';
import { escapeBytes, isUtf8Name } from '../workspace/name-bytes.js';
import { scanWorkspace } from '../workspace/tree-scan.js';
import { treeHash } from '../workspace/manifest-digest.js';
import { gcEpoch, retryIfCollected } from '../maintenance/gc-guard.js';
import { insertCheckpoint } from './checkpoints.js';
import { storeUnrecorded, withParents } from './safety-store.js';

interface AtRisk {
  /** Regular files the operation would remove or overwrite. */
  files: string[];
  /** What would go that no checkpoint can hold: the operation is refused. */
  refused: { path: string; reason: string }[];
}

/**
 * The file operations' half of "a restore (or a file operation) destroys only bytes that are stored".
 * Before a delete, a move over a file or a write over a file, every regular file it would remove or
 * overwrite is hashed; when each one's content is already in a checkpoint of the project, nothing more
 * is done (the common case costs one read of what goes, no scan). Otherwise the workspace as it is —
 * ignored files in the way included, as a restore does — goes into a safety checkpoint first
 * ("Before deleting …"), so restoring it brings back exactly the tree the operation changed. What no
 * checkpoint can hold (a name that is not UTF-8, a library inside the workspace) makes the operation
 * refuse, naming it. Symlinks and special files hold none of the user's bytes and may go.
 *
 * A file changed by another process between this check and the operation (milliseconds) is not
 * covered; the same window exists for a restore.
 */
export async function keepBeforeChange(ctx: StorageContext, project: ProjectRow, root: string, targets: readonly string[], doing: string): Promise<CheckpointSummary | null> {
  const realRoot = await fsp.realpath(root);
  const risk: AtRisk = { files: [], refused: [] };
  for (const rel of targets) {
    const st = await fsp.lstat(path.join(root, ...rel.split('/'))).catch(() => null);
    if (st) await collect(root, rel, st, risk);
  }
  if (risk.refused.length) {
    const list = risk.refused.slice(0, 5).map((r) => `${r.path} (${r.reason})`).join('; ');
    throw conflict(`${doing} would remove ${risk.refused.length === 1 ? 'something' : `${risk.refused.length} things`} Reelvault cannot keep a copy of: ${list}${risk.refused.length > 5 ? '; …' : ''}. Move ${risk.refused.length === 1 ? 'it' : 'them'} out of the workspace first; nothing was changed`);
  }
  const inCheckpoint = ctx.db.prepare('SELECT 1 FROM checkpoint_entries e JOIN checkpoints c ON c.id = e.checkpoint_id WHERE e.sha256 = ? AND c.project_id = ? LIMIT 1').pluck();
  const unstored: string[] = [];
  const present: string[] = [];
  for (const rel of risk.files) {
    const hashed = await ctx.blobs.hashFile(path.join(root, ...rel.split('/')), { within: realRoot }).catch(vanished);
    if (hashed) present.push(rel);
    if (hashed && inCheckpoint.get(hashed.sha256, project.id) === undefined) unstored.push(rel);
  }
  if (unstored.length === 0) return null;

  return retryIfCollected(async () => {
    const epoch = gcEpoch(ctx);
    const current = await scanWorkspace(ctx, project.id, root, 'store');
    const recorded = new Set(current.entries.filter((e) => e.kind === 'file').map((e) => e.path));
    // Ignored files (and files under an ignored folder) the scan left out are stored beside it.
    const preserved = await storeUnrecorded(ctx, root, present.filter((f) => !recorded.has(f)), current.entries);
    const entries = preserved.length ? withParents([...current.entries, ...preserved]) : current.entries;
    const shown = unstored.slice(0, 3).join(', ') + (unstored.length > 3 ? ', …' : '');
    return insertCheckpoint(ctx, project, { entries, treeHash: preserved.length ? treeHash(entries) : current.treeHash }, {
      name: `Before ${doing}`,
      description: `Saved automatically at ${nowIso(ctx).replace('T', ' ').slice(0, 19)} UTC: ${unstored.length} file${unstored.length === 1 ? '' : 's'} that ${doing} replaced or removed ${unstored.length === 1 ? 'was' : 'were'} in no checkpoint (${shown}).${preserved.length ? ` Includes ${preserved.length} ignored file${preserved.length === 1 ? '' : 's'}.` : ''}`,
      kind: 'auto',
    }, epoch);
  });
}

/** A file that went meanwhile (another process) has nothing left to keep. */
function vanished(err: unknown): null {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
  throw err;
}

/** Every regular file at or under rel, and what no checkpoint can hold. */
async function collect(root: string, rel: string, st: Stats, out: AtRisk): Promise<void> {
  if (st.isFile()) {
    out.files.push(rel);
    return;
  }
  if (!st.isDirectory()) return; // a symlink (only the link goes, never its target), a FIFO, a socket
  const abs = path.join(root, ...rel.split('/'));
  const names = await fsp.readdir(abs, { encoding: 'buffer' });
  if (names.some((b) => b.toString() === MARKER_FILE)) {
    out.refused.push({ path: rel, reason: 'a Reelvault library' });
    return;
  }
  for (const b of names) {
    if (!isUtf8Name(b)) {
      out.refused.push({ path: `${rel}/${escapeBytes(b)}`, reason: 'its name is not valid UTF-8' });
      continue;
    }
    const child = `${rel}/${b.toString('utf8')}`;
    const cst = await fsp.lstat(path.join(abs, b.toString('utf8'))).catch(() => null);
    if (cst) await collect(root, child, cst, out);
  }
}
