import { existsSync, promises as fsp, constants as fsc } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { invalid } from '../../shared/errors.js';
import type { BackupReport } from '../../shared/models.js';
import type { StorageContext } from './context.js';
import { libraryLayout } from './library.js';
import { schemaVersion } from './db.js';
import { fsyncDir, tempName, unlinkQuiet } from './fs-durable.js';
import { downloadVerified } from './remote/remote-fetch.js';
import { backupCatalogToRemote } from './remote/remote-backup.js';

export type { BackupReport };

const MANIFEST = 'reelvault-backup.json';

/**
 * An incremental backup into a folder, safe while the app runs: the database through SQLite's online
 * backup API (never a file copy, which could catch a half-written WAL), then only the blobs and
 * workspace files the folder does not have yet. Running it again into the same folder copies only
 * what is new.
 */
export async function backupLibrary(ctx: StorageContext, dir: string, onProgress?: (done: number, total: number) => void): Promise<BackupReport> {
  if (!path.isAbsolute(dir)) throw invalid('backup folder must be an absolute path');
  const root = await fsp.realpath(ctx.dirs.root);
  await fsp.mkdir(dir, { recursive: true });
  const target = await fsp.realpath(dir);
  if (target === root || target.startsWith(root + path.sep) || root.startsWith(target + path.sep)) throw invalid('a backup must not be inside the library, nor the library inside it');
  const out = libraryLayout(target);
  for (const d of [out.blobs, out.workspaces, out.tmp]) await fsp.mkdir(d, { recursive: true });

  // 1. Snapshot the database to a temp file, then rename: the backup's db is always a whole one.
  const tmpDb = path.join(out.tmp, tempName('db'));
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
      await downloadVerified(ctx.remote.store, b.sha256, dest, out.tmp);
      report.blobsCopied++;
      report.bytesCopied += b.size;
    } else if (!existsSync(src)) report.missing.push(b.sha256);
    else {
      await copyDurable(src, dest, out.tmp);
      report.blobsCopied++;
      report.bytesCopied += b.size;
    }
    onProgress?.(++done, wanted.length);
  }

  // 3. Library workspaces (adopted folders live elsewhere and are the user's to back up).
  for (const id of workspaceIds) {
    report.workspaceFilesCopied += await mirror(path.join(ctx.dirs.workspaces, id), path.join(out.workspaces, id), out.tmp);
  }

  await fsp.rename(tmpDb, out.db);
  await fsyncDir(target);
  await fsp.writeFile(path.join(target, MANIFEST), JSON.stringify({ createdAt: report.createdAt, schema: schemaVersion(), source: root }, null, 2) + '\n');
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
 * result is a complete library folder: open it with --library, or move it into place.
 */
export async function restoreBackup(backupDir: string, dest: string): Promise<{ dir: string; blobs: number; workspaceFiles: number }> {
  const from = libraryLayout(path.resolve(backupDir));
  if (!existsSync(path.join(from.root, MANIFEST)) || !existsSync(from.db)) throw invalid(`${backupDir} is not a Reelvault backup (no ${MANIFEST} and library.db)`);
  const to = libraryLayout(path.resolve(dest));
  const entries = await fsp.readdir(to.root).catch(() => [] as string[]);
  if (entries.length > 0) throw invalid(`${dest} is not empty; restore into a new folder`);
  for (const d of [to.blobs, to.workspaces, to.tmp]) await fsp.mkdir(d, { recursive: true });
  let blobs = 0;
  for (const shard of await fsp.readdir(from.blobs).catch(() => [] as string[])) {
    for (const name of await fsp.readdir(path.join(from.blobs, shard))) {
      await copyDurable(path.join(from.blobs, shard, name), path.join(to.blobs, shard, name), to.tmp);
      blobs++;
    }
  }
  const workspaceFiles = await mirror(from.workspaces, to.workspaces, to.tmp);
  await copyDurable(from.db, to.db, to.tmp, 0o644);
  return { dir: to.root, blobs, workspaceFiles };
}

async function copyDurable(src: string, dest: string, tmpDir: string, mode = 0o444): Promise<void> {
  await fsp.mkdir(path.dirname(dest), { recursive: true });
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

/** Copies files that are new or changed (size or mtime) from one tree to another; returns the count. */
async function mirror(fromDir: string, toDir: string, tmpDir: string): Promise<number> {
  let copied = 0;
  const walk = async (rel: string): Promise<void> => {
    const dirents = await fsp.readdir(path.join(fromDir, rel), { withFileTypes: true }).catch(() => []);
    await fsp.mkdir(path.join(toDir, rel), { recursive: true });
    for (const d of dirents) {
      const r = path.join(rel, d.name);
      if (d.isDirectory()) await walk(r);
      else if (d.isFile()) {
        const a = await fsp.stat(path.join(fromDir, r));
        const b = await fsp.stat(path.join(toDir, r)).catch(() => null);
        // utimes round-trips through a float of seconds: allow a millisecond or two of drift.
        if (b && b.size === a.size && Math.abs(b.mtimeMs - a.mtimeMs) < 2) continue;
        await copyDurable(path.join(fromDir, r), path.join(toDir, r), tmpDir, a.mode & 0o777);
        await fsp.utimes(path.join(toDir, r), a.atime, a.mtime);
        copied++;
      }
    }
  };
  await walk('');
  return copied;
}
