import { existsSync, promises as fsp, constants as fsc } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { conflict, invalid } from '../../../shared/errors.js';
import type { BackupReport } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';
import { libraryLayout } from '../core/library.js';
import { schemaVersion } from '../core/db.js';
import { fsyncDir, tempName, unlinkQuiet } from '../core/fs-durable.js';
import { BACKUP_MANIFEST, MARKER_FILE, readMarker, writeMarker } from '../core/library-folder.js';
import { startSession, sweepDeadSessions } from '../core/process-session.js';
import { downloadVerified } from '../remote/remote-fetch.js';
import { backupCatalogToRemote } from '../remote/remote-backup.js';

export type { BackupReport };

interface BackupManifest {
  createdAt: string;
  schema: number;
  source: string;
  /** The library this folder is a backup of (absent in backups made before library ids). */
  libraryId?: string;
}

/**
 * Decides whether `target` may receive a backup of this library: a new or empty folder, or an earlier
 * backup of this same library. A library (it has a marker) or any other non-empty folder is refused:
 * a backup replaces the folder's library.db, and that must never be someone's catalog.
 */
async function checkTarget(ctx: StorageContext, target: string, root: string): Promise<void> {
  const names = await fsp.readdir(target);
  if (names.length === 0) return;
  if (names.includes(MARKER_FILE) || readMarker(target)) throw conflict(`${target} is a Reelvault library, not a backup folder; a backup there would replace its catalog. Choose an empty folder or an earlier backup of this library`);
  let manifest: BackupManifest | null = null;
  try {
    manifest = JSON.parse(await fsp.readFile(path.join(target, BACKUP_MANIFEST), 'utf8')) as BackupManifest;
  } catch {
    manifest = null;
  }
  if (!manifest) throw conflict(`${target} is not empty and is not a Reelvault backup (no ${BACKUP_MANIFEST}); choose an empty folder or an earlier backup of this library`);
  const same = manifest.libraryId !== undefined ? manifest.libraryId === ctx.libraryId : manifest.source === root;
  if (!same) throw conflict(`${target} is a backup of another library (${manifest.libraryId ?? manifest.source}); choose an empty folder or an earlier backup of this library`);
}

/**
 * The backup's previous catalog, before a new one is renamed over it. Its -wal and -shm belong to that
 * old file: left beside the new one, SQLite would read the old WAL against it ("database disk image is
 * malformed"). An empty WAL carries nothing and goes; a WAL with pages means someone opened the backup
 * and wrote to it, so those files are kept, moved aside into replaced-<time>/ (never deleted).
 */
async function clearOldCatalog(dbFile: string, target: string, stamp: string): Promise<void> {
  const wal = await fsp.stat(`${dbFile}-wal`).catch(() => null);
  if (wal && wal.size > 0) {
    const aside = path.join(target, `replaced-${stamp.replace(/[:.]/g, '-')}`);
    await fsp.mkdir(aside, { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(dbFile + suffix)) await fsp.rename(dbFile + suffix, path.join(aside, path.basename(dbFile) + suffix));
    }
    await fsyncDir(target);
    return;
  }
  await unlinkQuiet(`${dbFile}-wal`);
  await unlinkQuiet(`${dbFile}-shm`);
}

/**
 * An incremental backup into a folder, safe while the app runs: the database through SQLite's online
 * backup API (never a file copy, which could catch a half-written WAL), then only the blobs and
 * workspace files the folder does not have yet. Running it again into the same folder copies only
 * what is new. Temp files go to a folder of this process's own in the target's tmp/ (process-session.ts),
 * and a backup that was killed leaves nothing behind after the next one.
 */
export async function backupLibrary(ctx: StorageContext, dir: string, onProgress?: (done: number, total: number) => void): Promise<BackupReport> {
  if (!path.isAbsolute(dir)) throw invalid('backup folder must be an absolute path');
  const root = await fsp.realpath(ctx.dirs.root);
  await fsp.mkdir(dir, { recursive: true });
  const target = await fsp.realpath(dir);
  if (target === root || target.startsWith(root + path.sep) || root.startsWith(target + path.sep)) throw invalid('a backup must not be inside the library, nor the library inside it');
  await checkTarget(ctx, target, root);
  const out = libraryLayout(target);
  for (const d of [out.blobs, out.workspaces, out.tmp]) await fsp.mkdir(d, { recursive: true });
  const session = startSession(out.tmp);
  try {
    sweepDeadSessions(out.tmp, session.dir);
    return await backupInto(ctx, root, target, session.dir, onProgress);
  } finally {
    session.close();
  }
}

async function backupInto(ctx: StorageContext, root: string, target: string, tmp: string, onProgress?: (done: number, total: number) => void): Promise<BackupReport> {
  const out = libraryLayout(target);
  // 1. Snapshot the database to a temp file, then rename: the backup's db is always a whole one.
  const tmpDb = path.join(tmp, tempName('db'));
  await ctx.db.backup(tmpDb);
  const snap = new Database(tmpDb, { readonly: true });
  const wanted = snap.prepare('SELECT sha256, size FROM blobs').all() as { sha256: string; size: number }[];
  const workspaceIds = snap.prepare('SELECT id FROM projects WHERE workspace_path IS NULL').pluck().all() as string[];
  snap.close();

  // 2. Blobs the snapshot knows and the backup lacks.
  const report: BackupReport = { dir: target, createdAt: ctx.now().toISOString(), blobsCopied: 0, blobsSkipped: 0, bytesCopied: 0, workspaceFilesCopied: 0, missing: [] };
  let done = 0;
  for (const b of wanted) {
    const src = ctx.blobs.pathOf(b.sha256);
    const dest = path.join(out.blobs, b.sha256.slice(0, 2), b.sha256);
    const have = await fsp.stat(dest).catch(() => null);
    if (have?.size === b.size) report.blobsSkipped++;
    // Evicted from the cache: straight from the bucket into the backup, not through the cache.
    else if (!existsSync(src) && ctx.remote?.confirmed(b.sha256)) {
      await downloadVerified(ctx.remote.store, b.sha256, dest, tmp);
      report.blobsCopied++;
      report.bytesCopied += b.size;
    } else if (!existsSync(src)) report.missing.push(b.sha256);
    else {
      await copyDurable(src, dest, tmp);
      report.blobsCopied++;
      report.bytesCopied += b.size;
    }
    onProgress?.(++done, wanted.length);
  }

  // 3. Library workspaces (adopted folders live elsewhere and are the user's to back up).
  for (const id of workspaceIds) {
    report.workspaceFilesCopied += await mirror(Buffer.from(path.join(ctx.dirs.workspaces, id)), Buffer.from(path.join(out.workspaces, id)), tmp);
  }

  await clearOldCatalog(out.db, target, report.createdAt);
  await fsp.rename(tmpDb, out.db);
  await fsyncDir(target);
  const manifest: BackupManifest = { createdAt: report.createdAt, schema: schemaVersion(), source: root, libraryId: ctx.libraryId };
  const mtmp = path.join(tmp, tempName('manifest'));
  await fsp.writeFile(mtmp, JSON.stringify(manifest, null, 2) + '\n');
  await fsp.rename(mtmp, path.join(target, BACKUP_MANIFEST));
  await fsyncDir(target);
  // A library with a bucket: the catalog goes there too, so the library can come back from the bucket alone.
  // Offline, the folder backup still stands; the report says the bucket's part was not done.
  if (ctx.remote) {
    try {
      report.remote = await backupCatalogToRemote(ctx, ctx.remote);
    } catch (err) {
      if ((err as { code?: string }).code !== 'OFFLINE') throw err;
      report.remoteSkipped = (err as Error).message;
    }
  }
  return report;
}

/**
 * Brings a library back from a backup folder into `dest` (which must be empty or not exist). The
 * result is a complete library folder, marked with the backed-up library's id: open it with
 * --library, or move it into place.
 */
export async function restoreBackup(backupDir: string, dest: string): Promise<{ dir: string; blobs: number; workspaceFiles: number }> {
  const from = libraryLayout(path.resolve(backupDir));
  if (!existsSync(path.join(from.root, BACKUP_MANIFEST)) || !existsSync(from.db)) throw invalid(`${backupDir} is not a Reelvault backup (no ${BACKUP_MANIFEST} and library.db)`);
  const to = libraryLayout(path.resolve(dest));
  const entries = await fsp.readdir(to.root).catch(() => [] as string[]);
  if (entries.length > 0) throw invalid(`${dest} is not empty; restore into a new folder`);
  for (const d of [to.blobs, to.workspaces, to.tmp]) await fsp.mkdir(d, { recursive: true });
  const session = startSession(to.tmp);
  try {
    let blobs = 0;
    for (const shard of await fsp.readdir(from.blobs).catch(() => [] as string[])) {
      for (const name of await fsp.readdir(path.join(from.blobs, shard))) {
        await copyDurable(path.join(from.blobs, shard, name), path.join(to.blobs, shard, name), session.dir);
        blobs++;
      }
    }
    const workspaceFiles = await mirror(Buffer.from(from.workspaces), Buffer.from(to.workspaces), session.dir);
    await copyDurable(from.db, to.db, session.dir, 0o644);
    const snap = new Database(to.db, { readonly: true });
    const id = snap.prepare("SELECT value FROM meta WHERE key = 'library_id'").pluck().get() as string | undefined;
    snap.close();
    if (id !== undefined) writeMarker(to.root, id, new Date().toISOString());
    return { dir: to.root, blobs, workspaceFiles };
  } finally {
    session.close();
  }
}

async function copyDurable(src: string | Buffer, dest: string | Buffer, tmpDir: string, mode = 0o444): Promise<void> {
  await fsp.mkdir(dirnameOf(dest), { recursive: true });
  const tmp = path.join(tmpDir, tempName('copy'));
  try {
    await fsp.copyFile(src, tmp, fsc.COPYFILE_FICLONE);
    const fh = await fsp.open(tmp, 'r+');
    try { await fh.sync(); } finally { await fh.close(); }
    await fsp.chmod(tmp, mode);
    await fsp.rm(dest, { force: true });
    await fsp.rename(tmp, dest);
  } catch (err) {
    await unlinkQuiet(tmp);
    throw err;
  }
}

/** A path's folder, for string and byte paths alike (names that are not UTF-8 travel as bytes). */
function dirnameOf(p: string | Buffer): string | Buffer {
  if (typeof p === 'string') return path.dirname(p);
  const i = p.lastIndexOf(path.sep.charCodeAt(0));
  return i <= 0 ? Buffer.from(path.sep) : p.subarray(0, i);
}

const joinBytes = (dir: Buffer, name: Buffer): Buffer => Buffer.concat([dir, Buffer.from(path.sep), name]);

/**
 * Copies files that are new or changed (size or mtime) from one tree to another; returns the count.
 * Paths are walked as bytes, so a name that is not valid UTF-8 is copied like any other.
 */
async function mirror(fromDir: Buffer, toDir: Buffer, tmpDir: string): Promise<number> {
  let copied = 0;
  const walk = async (from: Buffer, to: Buffer): Promise<void> => {
    const dirents = await fsp.readdir(from, { withFileTypes: true, encoding: 'buffer' }).catch(() => []);
    await fsp.mkdir(to, { recursive: true });
    for (const d of dirents) {
      const a = joinBytes(from, d.name);
      const b = joinBytes(to, d.name);
      if (d.isDirectory()) await walk(a, b);
      else if (d.isFile()) {
        const sa = await fsp.stat(a);
        const sb = await fsp.stat(b).catch(() => null);
        // utimes round-trips through a float of seconds: allow a millisecond or two of drift.
        if (sb && sb.size === sa.size && Math.abs(sb.mtimeMs - sa.mtimeMs) < 2) continue;
        await copyDurable(a, b, tmpDir, sa.mode & 0o777);
        await fsp.utimes(b, sa.atime, sa.mtime);
        copied++;
      }
    }
  };
  await walk(fromDir, toDir);
  return copied;
}
