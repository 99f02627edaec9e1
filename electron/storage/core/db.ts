import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations/index.js';
import { ReelvaultError } from '../../../shared/errors.js';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** Open without writing anything: no journal-mode switch, no migrations (a read-only library). */
  readonly?: boolean;
  /** Refuse to create the file: the caller has decided a catalog must already be there. */
  mustExist?: boolean;
}

/**
 * Opens the metadata database: WAL for concurrent readers and crash safety, foreign keys on,
 * then brings the schema up to date. A database written by a newer Reelvault is refused rather
 * than guessed at, so an old app can never damage a library a newer one upgraded.
 */
export function openDatabase(file: string, opts: OpenDatabaseOptions = {}): Db {
  const db = new Database(file, { readonly: !!opts.readonly, fileMustExist: !!(opts.readonly || opts.mustExist) });
  try {
    // First, so that the journal-mode switch below waits for another process instead of failing.
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // Statement journals (the undo a statement keeps in case it fails halfway) in memory: by default one
    // that outgrows 64 KiB spills to a temp file, and from then on every statement of the transaction
    // writes its pages there — about a third of a bulk insert's time. Set once, here: changing
    // temp_store later drops every TEMP object, the catalog journal's triggers among them.
    db.pragma('temp_store = MEMORY');
    if (opts.readonly) {
      checkVersion(db, true);
      return db;
    }
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode is durable against application crashes; FULL also survives power loss
    // at the cost of an fsync per commit. A user's library is worth it.
    db.pragma('synchronous = FULL');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Closes a writable catalog. The last connection to close also switches it out of WAL mode: a WAL
 * database can be opened read-only only where its -shm file can be made, so a library on a
 * read-only disk (a mounted backup, a finished project on an archive drive) would not open at all.
 * Where another process still has the catalog open the switch is refused, and that one does it.
 */
export function closeDatabase(db: Db): void {
  if (!db.readonly && db.open && db.name !== ':memory:') {
    try {
      db.pragma('busy_timeout = 0');
      db.pragma('main.journal_mode = DELETE');
    } catch {
      // Busy: someone else has it open.
    }
  }
  db.close();
}

export function schemaVersion(): number {
  return MIGRATIONS.length;
}

function checkVersion(db: Db, readonly: boolean): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new ReelvaultError(
      'CONFLICT',
      `This library was written by a newer Reelvault (schema ${current}; this app knows ${MIGRATIONS.length}). Update Reelvault to open it.`,
    );
  }
  if (readonly && current < MIGRATIONS.length) {
    throw new ReelvaultError(
      'FORBIDDEN',
      `This library was written by an older Reelvault (schema ${current}; this app knows ${MIGRATIONS.length}) and must be upgraded once, which needs write access to ${db.name}.`,
    );
  }
  return current;
}

const migrated = new WeakMap<Db, number>();

/** How many migrations openDatabase applied to this connection's catalog (0: it was current). */
export function migrationsRun(db: Db): number {
  return migrated.get(db) ?? 0;
}

function migrate(db: Db): void {
  const current = checkVersion(db, false);
  migrated.set(db, MIGRATIONS.length - current);
  for (let v = current; v < MIGRATIONS.length; v++) {
    const sql = MIGRATIONS[v] as string;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
