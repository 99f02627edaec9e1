import { closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync, constants as fsc } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Db } from '../core/db.js';
import { JOURNAL_DIR, journalPosition } from './catalog-journal.js';

/**
 * Snapshots of the catalog, the base a rebuild replays the journal over (catalog-journal.ts). Named
 * for the journal position read just before they were taken: a snapshot named J holds every change
 * up to J (and maybe some after, which replaying again is harmless). Two are kept; the journal keeps
 * every change after the older one, so a damaged newest snapshot still leaves a complete way back.
 */
const SNAPSHOT = /^snapshot-(\d{12})\.db$/;
/** Past this many changes since the newest snapshot, the next maintenance takes a new one. */
export const SNAPSHOT_EVERY_CHANGES = 200_000;

export interface SnapshotFile {
  file: string;
  position: number;
}

export function listSnapshots(root: string): SnapshotFile[] {
  const dir = path.join(root, JOURNAL_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: SnapshotFile[] = [];
  for (const n of names) {
    const m = SNAPSHOT.exec(n);
    if (m) out.push({ file: path.join(dir, n), position: Number(m[1]) });
  }
  return out.sort((a, b) => b.position - a.position);
}

function fsyncPath(p: string, flags = fsc.O_RDONLY): void {
  let fd: number | null = null;
  try {
    fd = openSync(p, flags);
    fsyncSync(fd);
  } catch {
    // A folder some filesystems cannot fsync; the rename is still atomic.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Takes a snapshot of the catalog (VACUUM INTO: one consistent read, a compact copy), makes it
 * durable, then trims the journal up to the previous snapshot's position. Synchronous: it runs when a
 * library is adopted or upgraded, and when the journal has grown past SNAPSHOT_EVERY_CHANGES.
 */
export function takeSnapshot(db: Db, root: string): SnapshotFile {
  const dir = path.join(root, JOURNAL_DIR);
  const position = journalPosition(db);
  const tmp = path.join(dir, `.snapshot-${randomBytes(6).toString('hex')}.tmp`);
  try {
    db.prepare('VACUUM main INTO ?').run(tmp);
    fsyncPath(tmp, fsc.O_RDWR);
    return finishSnapshot(db, root, tmp, position);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** The compiled snapshot worker next to this file (dist), or out/main/snapshot-worker.js in the app's bundle. */
const SNAPSHOT_WORKER = fileURLToPath(new URL('./snapshot-worker.js', import.meta.url));

/**
 * takeSnapshot with its copy made on a worker thread (snapshot-worker.ts), for a host that keeps
 * running while it is made: the position is read first, as takeSnapshot does, so the copy holds every
 * change up to it (and maybe some after, which replaying again is harmless). Where no worker can run
 * (an in-memory catalog, sources run without a build) it is takeSnapshot itself. `stillOpen` is asked
 * before the copy is put in place: a library closed meanwhile keeps the snapshots it had.
 */
export async function takeSnapshotInBackground(db: Db, root: string, stillOpen: () => boolean, workerFile = SNAPSHOT_WORKER): Promise<SnapshotFile | null> {
  if (db.memory || !existsSync(workerFile)) return takeSnapshot(db, root);
  const dir = path.join(root, JOURNAL_DIR);
  const position = journalPosition(db);
  const tmp = path.join(dir, `.snapshot-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await new Promise<void>((resolve, reject) => {
      const w = new Worker(workerFile, { workerData: { file: db.name, tmp } });
      w.unref();
      w.once('message', (m: { ok: boolean; error?: string }) => (m.ok ? resolve() : reject(new Error(m.error))));
      w.once('error', reject);
      w.once('exit', (code) => reject(new Error(`the snapshot worker exited (${code}) before it was done`)));
    });
    if (!stillOpen()) {
      rmSync(tmp, { force: true });
      return null;
    }
    return finishSnapshot(db, root, tmp, position);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Puts a finished, fsynced copy in place as the snapshot at `position`, keeps two, trims the journal. */
function finishSnapshot(db: Db, root: string, tmp: string, position: number): SnapshotFile {
  const dir = path.join(root, JOURNAL_DIR);
  const file = path.join(dir, `snapshot-${String(position).padStart(12, '0')}.db`);
  renameSync(tmp, file);
  fsyncPath(dir);
  const all = listSnapshots(root);
  const keep = all.slice(0, 2);
  for (const old of all.slice(2)) rmSync(old.file, { force: true });
  const previous = keep[1];
  if (previous) {
    // Changes up to the previous snapshot are in both snapshots; the journal no longer reaches back
    // to an empty catalog, so a rebuild must start from a snapshot from now on.
    db.transaction(() => {
      db.prepare('DELETE FROM journal.changes WHERE seq <= ?').run(previous.position);
      db.prepare("DELETE FROM journal.info WHERE key = 'complete_from'").run();
    })();
    db.pragma('journal.incremental_vacuum');
  }
  return { file, position };
}

/** A copy older than this is no process's snapshot in the making (one of a 1,000,000-asset catalog takes seconds). */
const STALE_COPY_MS = 60 * 60_000;

/**
 * Removes snapshot copies a process left behind when it exited or died mid-copy (`.snapshot-….tmp`,
 * each the size of the catalog). Only old ones: another process may be making one right now.
 * Returns how many went.
 */
export function sweepStaleSnapshotCopies(root: string, now = Date.now()): number {
  const dir = path.join(root, JOURNAL_DIR);
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const n of names) {
    if (!/^\.snapshot-[0-9a-f]+\.tmp$/.test(n)) continue;
    const file = path.join(dir, n);
    try {
      if (now - statSync(file).mtimeMs < STALE_COPY_MS) continue;
      rmSync(file, { force: true });
      removed++;
    } catch {
      // Gone already, or not ours to remove: the next open tries again.
    }
  }
  return removed;
}

/**
 * Changes recorded since the newest snapshot (all of them, where there is none): the distance between
 * positions, one index seek, so a host can ask every minute (counting the rows took ≈ 0.1 s per
 * million). Changes are numbered in order and only those up to a snapshot are ever trimmed.
 */
export function changesSinceSnapshot(db: Db, root: string): number {
  const newest = listSnapshots(root)[0]?.position ?? 0;
  return Math.max(0, journalPosition(db) - newest);
}

/**
 * Whether a snapshot is needed before this library may be written, whatever it costs: none exists and
 * the journal does not reach back to an empty catalog (a library made before journals), so a rebuild
 * would have no base. A long journal is not such a reason: a host's snapshot check takes that one in
 * the background (library.ts).
 */
export function snapshotNeededNow(db: Db, root: string): boolean {
  const complete = db.prepare("SELECT value FROM journal.info WHERE key = 'complete_from'").pluck().get() !== undefined;
  return !complete && listSnapshots(root).length === 0;
}

/**
 * maintainSnapshots for a running host's periodic sweep: the same decision, the copy made off the
 * host's thread (takeSnapshotInBackground). Resolves with whether it took one.
 */
export async function maintainSnapshotsInBackground(db: Db, root: string, stillOpen: () => boolean): Promise<boolean> {
  return snapshotDue(db, root) && (await takeSnapshotInBackground(db, root, stillOpen)) !== null;
}

/** Whether the catalog wants a snapshot: one is needed before writes (snapshotNeededNow), or the journal grew long. */
function snapshotDue(db: Db, root: string): boolean {
  return snapshotNeededNow(db, root) || changesSinceSnapshot(db, root) > SNAPSHOT_EVERY_CHANGES;
}

/**
 * What an open writable library does now and then: a snapshot when there is none yet and the
 * journal does not reach back to an empty catalog (a library made before journals), or when the
 * journal has grown long. Returns whether it took one.
 */
export function maintainSnapshots(db: Db, root: string, opts: { force?: boolean } = {}): boolean {
  if (opts.force || snapshotDue(db, root)) {
    takeSnapshot(db, root);
    return true;
  }
  return false;
}
