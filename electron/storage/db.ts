import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';
import { ReelvaultError } from '../../shared/errors.js';

export type Db = Database.Database;

/**
 * Opens the metadata database: WAL for concurrent readers and crash safety, foreign keys on,
 * then brings the schema up to date. A database written by a newer Reelvault is refused rather
 * than guessed at, so an old app can never damage a library a newer one upgraded.
 */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode is durable against application crashes; FULL also survives power loss
    // at the cost of an fsync per commit. A user's library is worth it.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function schemaVersion(): number {
  return MIGRATIONS.length;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new ReelvaultError(
      'CONFLICT',
      `This library was written by a newer Reelvault (schema ${current}; this app knows ${MIGRATIONS.length}). Update Reelvault to open it.`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    const sql = MIGRATIONS[v] as string;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
