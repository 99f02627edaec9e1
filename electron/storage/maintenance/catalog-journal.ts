import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../core/db.js';
import { ReelvaultError } from '../../../shared/errors.js';

/**
 * The catalog's journal: every committed change to a catalog row, kept in a second database beside
 * the catalog (catalog/journal.db), so that a lost, emptied or unreadable library.db loses nothing
 * that was acknowledged — `repair --rebuild` replays it over the newest snapshot (catalog-snapshot.ts).
 *
 * How: the journal is ATTACHed to every writable connection, and TEMP triggers on each catalog table
 * append the row's new image (or its key, for a delete) to journal.changes inside the same
 * transaction. Generic on purpose: a write path added later is journaled without anyone remembering
 * to. A transaction's writes land in both files before the commit returns (synchronous = FULL on
 * both), so what a caller was told is saved is in the journal. Replay is by full row images in commit
 * order (`seq`), so it is idempotent from any earlier state: a snapshot taken at journal position J
 * plus every change after J gives the catalog.
 *
 * Left out: data that is derived and recomputed after a rebuild (the stat cache, media results, the
 * job queue, the full-text index, meta counters).
 */
export const JOURNAL_DIR = 'catalog';
export const JOURNAL_FILE = 'journal.db';
const NOT_JOURNALED = new Set(['stat_cache', 'media_info', 'jobs', 'meta']);

export function journalPath(root: string): string {
  return path.join(root, JOURNAL_DIR, JOURNAL_FILE);
}

/** Tables whose rows the journal keeps: every real table of the catalog but the derived ones. */
export function journaledTables(db: Db, schema = 'main'): string[] {
  const names = db
    .prepare(`SELECT name FROM ${schema}.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`)
    .pluck()
    .all() as string[];
  // The full-text index's shadow tables (assets_fts_data, …) are the index itself.
  return names.filter((n) => !NOT_JOURNALED.has(n) && !n.startsWith('assets_fts'));
}

export interface TableShape {
  columns: string[];
  /** Primary-key columns, in key order; the rowid where a table declares none. */
  key: string[];
}

export function tableShape(db: Db, table: string, schema = 'main'): TableShape {
  const info = db.prepare(`SELECT name, pk FROM pragma_table_info(?, ?)`).all(table, schema) as { name: string; pk: number }[];
  const columns = info.map((c) => c.name);
  const key = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
  return { columns, key: key.length ? key : ['rowid'] };
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A value as JSON that reads back exactly: text, integers and NULL as themselves; a REAL as its
 * 17-significant-digit text (SQLite's JSON prints 15, which loses the last bits of 30000/1001); a
 * BLOB as hex (JSON has no bytes).
 */
function encoded(ref: string): string {
  return `CASE typeof(${ref}) WHEN 'real' THEN json_array('r', printf('%!.17g', ${ref})) WHEN 'blob' THEN json_array('b', hex(${ref})) ELSE ${ref} END`;
}

/** Decodes what `encoded` wrote. */
export function decodeValue(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  const [tag, text] = v as [string, string];
  return tag === 'r' ? Number(text) : Buffer.from(text, 'hex');
}

/**
 * Attaches the journal (made on first use, stamped with the library id) and installs the triggers on
 * this connection. Refuses a journal that belongs to another library.
 */
export function attachJournal(db: Db, root: string, libraryId: string): void {
  const file = journalPath(root);
  mkdirSync(path.dirname(file), { recursive: true });
  // Made here, empty (SQLite takes a zero-length file as a new database): a catalog opened with
  // fileMustExist passes that flag on to ATTACH, which then could not create it.
  closeSync(openSync(file, 'a'));
  db.prepare('ATTACH DATABASE ? AS journal').run(file);
  // Before the first table exists, so space freed by trimming (catalog-snapshot.ts) can be returned.
  db.pragma('journal.auto_vacuum = INCREMENTAL');
  db.pragma('journal.journal_mode = WAL');
  db.pragma('journal.synchronous = FULL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS journal.info (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS journal.shapes (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, columns TEXT NOT NULL, key TEXT NOT NULL, UNIQUE (tbl, columns));
    CREATE TABLE IF NOT EXISTS journal.changes (seq INTEGER PRIMARY KEY, shape INTEGER NOT NULL, op TEXT NOT NULL CHECK (op IN ('U','D')), row TEXT NOT NULL);
  `);
  const owner = db.prepare("SELECT value FROM journal.info WHERE key = 'library_id'").pluck().get() as string | undefined;
  if (owner === undefined) {
    db.prepare("INSERT INTO journal.info (key, value) VALUES ('library_id', ?)").run(libraryId);
    // A journal started together with its catalog holds every change from the start; one started beside
    // an existing catalog (a library made before journals) needs a snapshot as its base (catalog-snapshot.ts).
    const fresh = (db.prepare('SELECT count(*) FROM main.projects').pluck().get() as number) === 0 && (db.prepare('SELECT count(*) FROM main.blobs').pluck().get() as number) === 0;
    if (fresh) db.prepare("INSERT INTO journal.info (key, value) VALUES ('complete_from', '0')").run();
  }
  else if (owner !== libraryId) throw new ReelvaultError('CONFLICT', `${file} is the journal of another library (${owner}, not ${libraryId}); move it away`);
  installTriggers(db);
}

function shapeId(db: Db, table: string, s: TableShape): number {
  const cols = JSON.stringify(s.columns);
  const key = JSON.stringify(s.key);
  db.prepare('INSERT OR IGNORE INTO journal.shapes (tbl, columns, key) VALUES (?, ?, ?)').run(table, cols, key);
  return db.prepare('SELECT id FROM journal.shapes WHERE tbl = ? AND columns = ?').pluck().get(table, cols) as number;
}

/** TEMP triggers: per connection, so every connection of a writable library runs this at open. */
function installTriggers(db: Db): void {
  for (const table of journaledTables(db)) {
    const shape = tableShape(db, table);
    const id = shapeId(db, table, shape);
    const row = (who: 'NEW' | 'OLD', cols: string[]) => `json_array(${cols.map((c) => encoded(`${who}.${q(c)}`)).join(', ')})`;
    const keyChanged = shape.key.map((k) => `OLD.${q(k)} IS NOT NEW.${q(k)}`).join(' OR ');
    const t = table.replace(/[^a-z0-9_]/gi, '_');
    db.exec(`
      CREATE TEMP TRIGGER IF NOT EXISTS rvj_${t}_ins AFTER INSERT ON main.${q(table)} BEGIN
        INSERT INTO journal.changes (shape, op, row) VALUES (${id}, 'U', ${row('NEW', shape.columns)});
      END;
      CREATE TEMP TRIGGER IF NOT EXISTS rvj_${t}_upd AFTER UPDATE ON main.${q(table)} BEGIN
        INSERT INTO journal.changes (shape, op, row) SELECT ${id}, 'D', ${row('OLD', shape.key)} WHERE ${keyChanged};
        INSERT INTO journal.changes (shape, op, row) VALUES (${id}, 'U', ${row('NEW', shape.columns)});
      END;
      CREATE TEMP TRIGGER IF NOT EXISTS rvj_${t}_del AFTER DELETE ON main.${q(table)} BEGIN
        INSERT INTO journal.changes (shape, op, row) VALUES (${id}, 'D', ${row('OLD', shape.key)});
      END;
    `);
  }
}

/** The journal's position: the seq of the newest change (0 for none). */
export function journalPosition(db: Db, schema = 'journal'): number {
  return (db.prepare(`SELECT coalesce(max(seq), 0) FROM ${schema}.changes`).pluck().get() as number) ?? 0;
}
