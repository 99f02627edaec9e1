import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Temp files belong to the process that makes them. Each process that opens a library (the desktop
 * app, `reelvault serve`, every CLI command) gets a folder of its own under tmp/ — `tmp/s-<random>/`
 * — and holds a lock inside it for as long as it lives: an exclusive SQLite lock on `tmp/s-…/lock`,
 * which the OS releases the moment the process ends, however it ends. Another process opening the
 * library removes only the folders whose lock it can take (their owner is gone: a crash or a kill),
 * never a live process's files — a CLI command beside a running import used to empty tmp/ under it.
 * A pid alone would not do: pids are reused, and a container restarts them from 1.
 */
export interface ProcessSession {
  /** This process's temp folder: every temp file, gc's set-aside files and media scratch go here. */
  dir: string;
  /** Releases the lock and removes the folder (nothing in it is worth keeping once we are done). */
  close(): void;
}

const SESSION = /^s-[0-9a-f]{16}$/;
/** Temp names of Reelvault versions before per-process folders: `.rv-<pid>-…tmp`, `.blob-<pid>-…tmp`, … */
const LEGACY_WITH_PID = /^\.(?:rv|db|copy|blob)-(\d+)-[0-9a-f]+(?:-[0-9a-z]+)?\.tmp$/;
/** gc's and the media worker's folders of those versions carried no pid: taken only once they are old. */
const LEGACY_NO_PID = /^(?:gc|gc-stray|media)-[0-9a-f]{12}$/;
/** A session folder still being made (startSession): taken when its lock is not held (see startSession). */
const MAKING = /^\.s-new-[0-9a-f]{16}$/;
const LEGACY_MIN_AGE_MS = 60 * 60 * 1000;

export function startSession(tmpRoot: string): ProcessSession {
  mkdirSync(tmpRoot, { recursive: true });
  // Made under a name no one uses yet, locked, then renamed: no other process ever sees a session
  // folder whose lock is not held. (The lock is on the file, so it survives the rename.) Another
  // process's sweep may remove a folder still being made here (its lock not yet held looks like a
  // dead one's); then this simply tries again with a new name.
  for (let attempt = 1; ; attempt++) {
    const stem = randomBytes(8).toString('hex');
    const making = path.join(tmpRoot, `.s-new-${stem}`);
    const dir = path.join(tmpRoot, `s-${stem}`);
    let lock: Database.Database | null = null;
    try {
      mkdirSync(making);
      lock = holdLock(path.join(making, 'lock'));
      renameSync(making, dir);
    } catch (err) {
      lock?.close();
      rmSync(making, { recursive: true, force: true });
      const code = (err as { code?: string }).code ?? '';
      if (attempt < 5 && (code === 'ENOENT' || code.startsWith('SQLITE_CANTOPEN'))) continue;
      throw err;
    }
    const held = lock;
    let closed = false;
    return {
      dir,
      close() {
        if (closed) return;
        closed = true;
        held.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

/** An exclusive lock that lasts as long as the connection: taken by the first write, kept until close. */
function holdLock(file: string): Database.Database {
  const db = new Database(file);
  try {
    // The rollback journal in memory: the file holds nothing worth one, and no -journal file is left.
    db.pragma('journal_mode = MEMORY');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS owner (pid INTEGER, started TEXT); DELETE FROM owner;');
    db.prepare('INSERT INTO owner VALUES (?, ?)').run(process.pid, new Date().toISOString());
    db.exec('COMMIT');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** True when a live process holds the session's lock. */
function lockHeld(dir: string): boolean {
  const file = path.join(dir, 'lock');
  if (!existsSync(file)) return false;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { timeout: 0 });
    db.exec('BEGIN EXCLUSIVE');
    db.exec('ROLLBACK');
    return false;
  } catch {
    // Busy: its owner is alive. Anything else (a damaged lock file, no access): keep it, to be safe.
    return true;
  } finally {
    db?.close();
  }
}

function youngerThan(p: string, ms: number): boolean {
  try {
    return Date.now() - statSync(p).mtimeMs < ms;
  } catch {
    return false;
  }
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what processes that are gone left in tmp/ (their session folders, and temp files of older
 * versions whose pid is dead) and reports how many sessions ended without closing: an unclean
 * shutdown. Anything else in tmp/ is not ours and stays. `except` is the caller's own session.
 */
export function sweepDeadSessions(tmpRoot: string, except?: string): { deadSessions: number; removed: number } {
  let names: string[];
  try {
    names = readdirSync(tmpRoot);
  } catch {
    return { deadSessions: 0, removed: 0 };
  }
  let deadSessions = 0;
  let removed = 0;
  for (const name of names) {
    const abs = path.join(tmpRoot, name);
    if (abs === except) continue;
    let take = false;
    if (SESSION.test(name)) {
      take = !lockHeld(abs);
      if (take) deadSessions++;
    } else {
      const m = LEGACY_WITH_PID.exec(name);
      if (m) take = !pidAlive(Number(m[1]));
      else if (LEGACY_NO_PID.test(name)) take = !youngerThan(abs, LEGACY_MIN_AGE_MS);
      else if (MAKING.test(name)) take = !lockHeld(abs);
    }
    if (!take) continue;
    rmSync(abs, { recursive: true, force: true });
    removed++;
  }
  return { deadSessions, removed };
}

/** Session folders under tmp/ whose owner is alive (other than `except`): other processes using the library. */
export function liveSessions(tmpRoot: string, except?: string): string[] {
  let names: string[];
  try {
    names = readdirSync(tmpRoot);
  } catch {
    return [];
  }
  return names.filter((n) => SESSION.test(n) && path.join(tmpRoot, n) !== except && lockHeld(path.join(tmpRoot, n)));
}
