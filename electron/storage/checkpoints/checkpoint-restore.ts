import { promises as fsp, type Stats } from 'node:fs';
import path from 'node:path';
import type { Actor, CheckpointMeta, CheckpointSummary, ManifestEntry, RestoreResult } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { checkpointRow, checkpointSummary, checkpointWithTree, insertCheckpoint, manifestOf } from './checkpoints.js';
import { touchProject, workspaceRoot } from '../projects/project-rows.js';
import { scanWorkspace } from '../workspace/tree-scan.js';
import { forgetWatchBaseline } from '../workspace/watched-scan.js';
import { treeHash } from '../workspace/manifest-digest.js';
import { escapeBytes, isUtf8Name } from '../workspace/name-bytes.js';
import { pinFolder } from '../workspace/contained-fs.js';
import { MARKER_FILE } from '../core/library-folder.js';
import { conflict } from '../../../shared/errors.js';
import { fsyncDir, renameDurable, tempName, unlinkQuiet } from '../core/fs-durable.js';
import { replaceAssetTags } from '../assets/asset-tags.js';
import { storeUnrecorded, withParents } from './safety-store.js';
import { gcEpoch } from '../maintenance/gc-guard.js';

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

/**
 * Folders written into, each opened once and checked to lie inside the workspace (contained-fs.ts):
 * renames go through the open folder, so a folder swapped for a symlink mid-restore cannot send a
 * file outside the workspace.
 */
class PinnedFolders {
  private readonly pins = new Map<string, { path: string; close(): void }>();
  constructor(private readonly realRoot: string) {}
  destFor(abs: string): string {
    const dir = path.dirname(abs);
    let pin = this.pins.get(dir);
    if (!pin) this.pins.set(dir, (pin = pinFolder(dir, this.realRoot)));
    return path.join(pin.path, path.basename(abs));
  }
  close(): void {
    for (const p of this.pins.values()) p.close();
    this.pins.clear();
  }
}

export type { RestoreResult };

/**
 * Brings the workspace back to a checkpoint without ever losing the current state: when the current
 * tree matches no checkpoint of the project it is checkpointed first ("Before restore …"). Then only
 * files that differ are rewritten, each atomically; files added since are removed; folders, empty
 * ones included, are recreated. A restore destroys only bytes that are stored: an ignored file or
 * folder in the way is stored first, into the safety checkpoint; what cannot be stored (a symlink, a
 * name that is not UTF-8) makes the restore refuse before it changes anything. Ignored paths that are
 * not in the way (node_modules, …) are never touched.
 */
export async function restoreCheckpoint(ctx: StorageContext, actor: Actor, checkpointId: string): Promise<RestoreResult> {
  const { row, project } = checkpointRow(ctx, actor, checkpointId);
  const root = workspaceRoot(ctx, project);
  await fsp.mkdir(root, { recursive: true });
  const epoch = gcEpoch(ctx);
  // A restore rewrites the workspace: the next checkpoint walks it all rather than trust a watcher's baseline.
  forgetWatchBaseline(ctx, project.id);
  const current = await scanWorkspace(ctx, project.id, root, 'store');
  const target = manifestOf(ctx, checkpointId);
  const have = new Map(current.entries.map((e) => [e.path, e]));
  const want = new Map(target.map((e) => [e.path, e]));

  // What the restore would overwrite or remove that the scan did not store (ignored paths, a file
  // replaced by a folder of build output, …) is stored now and goes into the safety checkpoint; what
  // cannot be stored (symlinks, names that are not UTF-8) stops the restore before anything changes.
  const endangered = await endangeredBy(root, target, have);
  if (endangered.refused.length) {
    const list = endangered.refused.slice(0, 5).map((r) => `${r.path} (${r.reason})`).join('; ');
    throw conflict(`restoring "${row.name}" would replace ${endangered.refused.length} thing${endangered.refused.length === 1 ? '' : 's'} Reelvault cannot keep a copy of: ${list}${endangered.refused.length > 5 ? '; …' : ''}. Move ${endangered.refused.length === 1 ? 'it' : 'them'} out of the way, then restore again; nothing was changed`);
  }
  const preserved = await storeUnrecorded(ctx, root, endangered.files, current.entries);
  let safety: CheckpointSummary | null = null;
  const known = preserved.length === 0 ? checkpointWithTree(ctx, project.id, current) : undefined;
  if (!known) {
    const entries = preserved.length ? withParents([...current.entries, ...preserved]) : current.entries;
    safety = insertCheckpoint(ctx, project, { entries, treeHash: preserved.length ? treeHash(entries) : current.treeHash, ...(preserved.length ? {} : { manifestHash: current.manifestHash }) }, {
      name: `Before restore ${nowIso(ctx).replace('T', ' ').slice(0, 19)} UTC`,
      description: `Saved automatically before restoring “${row.name}”.${preserved.length ? ` Includes ${preserved.length} file${preserved.length === 1 ? '' : 's'} outside the usual checkpoints (ignored, or in the way of the restore) that the restore replaced.` : ''}`,
      kind: 'auto',
    }, epoch);
  }
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
  const pins = new PinnedFolders(await fsp.realpath(root));
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
      await renameInto(tmp, pins.destFor(abs), touched);
    } catch (err) {
      await unlinkQuiet(tmp);
      throw err;
    }
    written++;
  };
  let next = 0;
  const failures: unknown[] = [];
  try {
    await Promise.all(
      Array.from({ length: Math.min(WRITE_CONCURRENCY, toWrite.length) }, async () => {
        // After one failure the others finish the file they hold and stop: the error is reported once.
        while (next < toWrite.length && failures.length === 0) {
          await writeOne(toWrite[next++] as ManifestEntry).catch((err: unknown) => void failures.push(err));
        }
      }),
    );
    await Promise.all([...touched].map((d) => fsyncDir(d)));
  } finally {
    pins.close();
  }
  if (failures.length) throw failures[0];

  restoreMeta(ctx, project.id, JSON.parse(row.meta) as CheckpointMeta);
  touchProject(ctx, project.id);
  ctx.changed('files', project.id);
  ctx.changed('projects', project.id);
  forgetWatchBaseline(ctx, project.id);
  return { checkpoint: checkpointSummary(ctx, row), safety, written, removed, foldersCreated, preserved: preserved.length };
}

interface Endangered {
  /** Files on disk, not stored by the scan, that the restore would overwrite or delete. */
  files: string[];
  /** Things the restore would replace that cannot be stored: it is refused. */
  refused: { path: string; reason: string }[];
}

/**
 * Looks, before anything changes, at every place the restore will write or clear that the scan did not
 * record: a file there (ignored, say) would be overwritten; a folder there (build output, a file replaced
 * by a folder) would be removed with everything in it. Each such file is listed to be stored; links,
 * devices and names that are not UTF-8 are listed as refusals.
 */
async function endangeredBy(root: string, target: readonly ManifestEntry[], have: ReadonlyMap<string, ManifestEntry>): Promise<Endangered> {
  const out: Endangered = { files: [], refused: [] };
  const seen = new Set<string>();
  const visit = async (rel: string, st: Stats): Promise<void> => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const recorded = have.get(rel);
    if (st.isSymbolicLink()) out.refused.push({ path: rel, reason: 'a symlink' });
    else if (st.isFile()) {
      if (!recorded || recorded.kind !== 'file') out.files.push(rel);
    } else if (st.isDirectory()) {
      const abs = path.join(root, ...rel.split('/'));
      const names = await fsp.readdir(abs, { encoding: 'buffer' }).catch(() => [] as Buffer[]);
      if (names.some((b) => b.toString() === MARKER_FILE)) {
        out.refused.push({ path: rel, reason: 'a Reelvault library' });
        return;
      }
      for (const b of names) {
        const name = b.toString('utf8');
        if (!isUtf8Name(b)) {
          out.refused.push({ path: `${rel}/${escapeBytes(b)}`, reason: 'its name is not valid UTF-8' });
          continue;
        }
        const child = `${rel}/${name}`;
        const cst = await fsp.lstat(path.join(abs, name)).catch(() => null);
        if (cst) await visit(child, cst);
      }
    } else out.refused.push({ path: rel, reason: 'a special file (FIFO, socket or device)' });
  };
  for (const e of target) {
    const h = have.get(e.path);
    // Already recorded as what the target wants there: a file is rewritten from a stored copy, a folder kept.
    if (h && h.kind === e.kind) continue;
    const st = await fsp.lstat(path.join(root, ...e.path.split('/'))).catch(() => null);
    if (!st) continue;
    if (e.kind === 'dir' && st.isDirectory()) continue; // kept as it is, contents and all
    if (h && h.kind === 'dir' && e.kind === 'file') {
      // A recorded folder where the target has a file: what is inside it that the scan left out goes too.
      await visit(e.path, st);
      continue;
    }
    if (!h) await visit(e.path, st);
  }
  return out;
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
