import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, constants as fsc } from 'node:fs';
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
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Changes recorded since the newest snapshot (all of them, where there is none). */
export function changesSinceSnapshot(db: Db, root: string): number {
  const newest = listSnapshots(root)[0]?.position ?? 0;
  return db.prepare('SELECT count(*) FROM journal.changes WHERE seq > ?').pluck().get(newest) as number;
}

/**
 * What an open writable library does now and then: a snapshot when there is none yet and the
 * journal does not reach back to an empty catalog (a library made before journals), or when the
 * journal has grown long. Returns whether it took one.
 */
export function maintainSnapshots(db: Db, root: string, opts: { force?: boolean } = {}): boolean {
  const complete = db.prepare("SELECT value FROM journal.info WHERE key = 'complete_from'").pluck().get() !== undefined;
  const none = listSnapshots(root).length === 0;
  if (opts.force || (none && !complete) || changesSinceSnapshot(db, root) > SNAPSHOT_EVERY_CHANGES) {
    takeSnapshot(db, root);
    return true;
  }
  return false;
}
