import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { conflict } from '../../../shared/errors.js';
import type { RebuildReport } from '../../../shared/models.js';
import { closeDatabase, openDatabase, type Db } from '../core/db.js';
import { decodeValue, JOURNAL_DIR, journalPath } from './catalog-journal.js';
import { listSnapshots, maintainSnapshots } from './catalog-snapshot.js';
import { openLibrary } from '../core/library.js';
import { fsyncDirSync, holdsLibraryContent, LibraryFolderError, readMarker, writeMarker } from '../core/library-folder.js';
import { liveSessions, startSession, sweepDeadSessions } from '../core/process-session.js';
import { isSha256 } from '../blobs/blob-store.js';
import { searchableName } from '../assets/asset-tags.js';

export type { RebuildReport };

/** The query of migration 6: do assets still arrive in time order (seq order = created_at order)? */
const TIME_ORDER = `SELECT CASE WHEN EXISTS (
    SELECT 1 FROM (SELECT created_at, max(created_at) OVER (ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before FROM assets)
     WHERE created_at < before
  ) THEN '0' ELSE '1' END`;

interface Shape {
  tbl: string;
  columns: string[];
  key: string[];
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Brings back a lost, emptied or unreadable catalog from what is in the library folder: the newest
 * readable snapshot (catalog/snapshot-*.db) with every journaled change after it replayed in commit
 * order (catalog-journal.ts), then what is derived is recomputed — the full-text index, media results
 * (the media queue makes them again), the stat cache — and blob files no row knows are re-linked.
 * The old library.db and its -wal/-shm are moved aside into catalog/lost-<time>/, never deleted.
 * Refused while another process has the library open.
 */
export function rebuildCatalog(rootDir: string, now: () => Date = () => new Date()): RebuildReport {
  const root = path.resolve(rootDir);
  const tmpRoot = path.join(root, 'tmp');
  const marker = readMarker(root);
  const journalFile = journalPath(root);
  if (!marker && !existsSync(journalFile) && !holdsLibraryContent(root)) {
    throw new LibraryFolderError('not-a-library', `${root} is not a Reelvault library (no marker, journal or stored content): there is nothing to rebuild from`);
  }
  mkdirSync(tmpRoot, { recursive: true });
  let report: RebuildReport;
  const session = startSession(tmpRoot);
  try {
    sweepDeadSessions(tmpRoot, session.dir);
    const others = liveSessions(tmpRoot, session.dir);
    if (others.length) throw conflict(`another Reelvault process has ${root} open (${others.length} running); close the app, \`reelvault serve\` and other commands on this library, then rebuild`);
    report = rebuildInto(root, session.dir, marker?.id ?? null, now);
  } finally {
    session.close();
  }
  // Opened once the usual way (journal attached, marker checked), and snapshotted: the rebuilt catalog
  // is the new base, and what the rebuild recomputed (re-linked rows, the index) is in it.
  const lib = openLibrary({ provider: 'filesystem', dir: root, now });
  try {
    maintainSnapshots(lib.ctx.db, root, { force: true });
  } finally {
    lib.close();
  }
  return report;
}

function rebuildInto(root: string, work: string, markerId: string | null, now: () => Date): RebuildReport {
  const report: RebuildReport = {
    base: 'empty',
    snapshot: null,
    changesReplayed: 0,
    projects: 0,
    assets: 0,
    renders: 0,
    checkpoints: 0,
    blobsRelinked: 0,
    missingContent: [],
    movedAside: null,
    warnings: [],
  };
  const journal = existsSync(journalFile(root)) ? new Database(journalFile(root), { fileMustExist: true }) : null;
  let db: Db | null = null;
  const file = path.join(work, 'rebuilt.db');
  try {
    const journalId = journal ? (journal.prepare("SELECT value FROM info WHERE key = 'library_id'").pluck().get() as string | undefined) : undefined;
    if (markerId && journalId && journalId !== markerId) throw conflict(`${journalFile(root)} is the journal of another library (${journalId}, not ${markerId}); it cannot rebuild this one`);
    const id = markerId ?? journalId;
    if (!id) throw conflict(`${root} has neither a marker nor a journal that names the library: its catalog cannot be rebuilt`);
    const complete = journal ? journal.prepare("SELECT value FROM info WHERE key = 'complete_from'").pluck().get() !== undefined : false;

    let position = 0;
    for (const s of listSnapshots(root)) {
      try {
        copyFileSync(s.file, file);
        const candidate = openDatabase(file);
        const ok = (candidate.pragma('quick_check') as { quick_check: string }[]).every((r) => r.quick_check === 'ok');
        if (ok) {
          db = candidate;
          position = s.position;
          report.base = 'snapshot';
          report.snapshot = s.file;
          break;
        }
        candidate.close();
        report.warnings.push(`snapshot ${path.basename(s.file)} is damaged; an older one was used`);
      } catch (err) {
        report.warnings.push(`snapshot ${path.basename(s.file)} could not be read (${(err as Error).message}); an older one was used`);
      }
    }
    if (!db) {
      db = openDatabase(file);
      if (!journal || !complete) {
        report.base = 'content-only';
        report.warnings.push('no snapshot and no complete journal: only stored content could be re-linked; project, asset, render and checkpoint records made before this version of Reelvault are not recoverable');
      }
    }
    const rebuilt = db;
    if (journal) report.changesReplayed = replay(rebuilt, journal, position, report);
    recomputeDerived(rebuilt, root, id, now, report);
    for (const [k, table] of [['projects', 'projects'], ['assets', 'assets'], ['renders', 'renders'], ['checkpoints', 'checkpoints']] as const) {
      report[k] = rebuilt.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    }
    closeDatabase(rebuilt);
    db = null;
    journal?.close();
    installRebuilt(root, file, now, report);
    if (!readMarker(root)) writeMarker(root, id, now().toISOString());
    return report;
  } finally {
    db?.close();
    if (journal?.open) journal.close();
  }
}

const journalFile = (root: string) => journalPath(root);

/** Applies every change after `position`, in commit order, with foreign keys off (rows arrive in any order). */
function replay(db: Db, journal: Database.Database, position: number, report: RebuildReport): number {
  const shapes = new Map<number, Shape>();
  for (const s of journal.prepare('SELECT id, tbl, columns, key FROM shapes').all() as { id: number; tbl: string; columns: string; key: string }[]) {
    shapes.set(s.id, { tbl: s.tbl, columns: JSON.parse(s.columns) as string[], key: JSON.parse(s.key) as string[] });
  }
  const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
  const columnsOf = new Map<string, Set<string>>();
  const statements = new Map<string, Database.Statement>();
  const skipped = new Set<string>();
  let n = 0;
  db.pragma('foreign_keys = OFF');
  db.transaction(() => {
    const rows = journal.prepare('SELECT seq, shape, op, row FROM changes WHERE seq > ? ORDER BY seq').iterate(position) as IterableIterator<{ seq: number; shape: number; op: 'U' | 'D'; row: string }>;
    for (const c of rows) {
      const shape = shapes.get(c.shape);
      if (!shape || !tables.has(shape.tbl)) {
        skipped.add(shape?.tbl ?? `shape ${c.shape}`);
        continue;
      }
      let have = columnsOf.get(shape.tbl);
      if (!have) columnsOf.set(shape.tbl, (have = new Set((db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(shape.tbl) as string[]))));
      const values = (JSON.parse(c.row) as unknown[]).map(decodeValue);
      const names = c.op === 'U' ? shape.columns : shape.key;
      const keep = names.map((name, i) => [name, i] as const).filter(([name]) => (have as Set<string>).has(name) || name === 'rowid');
      const sig = `${c.op}\0${shape.tbl}\0${keep.map(([name]) => name).join('\0')}`;
      let st = statements.get(sig);
      if (!st) {
        st = c.op === 'U'
          ? db.prepare(`INSERT OR REPLACE INTO ${q(shape.tbl)} (${keep.map(([name]) => q(name)).join(', ')}) VALUES (${keep.map(() => '?').join(', ')})`)
          : db.prepare(`DELETE FROM ${q(shape.tbl)} WHERE ${keep.map(([name]) => `${q(name)} IS ?`).join(' AND ')}`);
        statements.set(sig, st);
      }
      st.run(...keep.map(([, i]) => values[i]));
      n++;
    }
  })();
  db.pragma('foreign_keys = ON');
  for (const t of skipped) report.warnings.push(`journaled changes to ${t} were skipped: this version has no such table`);
  const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
  if (broken.length) report.warnings.push(`${broken.length} rebuilt row(s) point at rows that are gone (first: ${broken[0]?.table} → ${broken[0]?.parent}); "reelvault verify" lists them`);
  return n;
}

/** What is not journaled because it is derived: made again from the rebuilt rows and the folder. */
function recomputeDerived(db: Db, root: string, id: string, now: () => Date, report: RebuildReport): void {
  db.transaction(() => {
    for (const t of ['stat_cache', 'media_info', 'jobs']) db.prepare(`DELETE FROM ${t}`).run();
    db.prepare("DELETE FROM meta WHERE key LIKE 'stat_cache_gen:%'").run();
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('library_id', ?)").run(id);
    // Every writer noted an epoch of the old catalog; none is running, but moving it costs nothing.
    db.prepare("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'gc_epoch'").run();
    db.prepare('DELETE FROM assets_fts').run();
    const fts = db.prepare('INSERT INTO assets_fts (rowid, name, tags) VALUES (?, ?, ?)');
    const assets = db.prepare("SELECT a.seq, a.name, coalesce((SELECT group_concat(tag, ' ') FROM (SELECT tag FROM asset_tags t WHERE t.asset_seq = a.seq ORDER BY tag)), '') AS tags FROM assets a").all() as { seq: number; name: string; tags: string }[];
    for (const a of assets) fts.run(a.seq, searchableName(a.name), a.tags);
    db.prepare("UPDATE meta SET value = (" + TIME_ORDER + ") WHERE key = 'assets_in_time_order'").run();

    // Content on disk that no row knows: it was stored, so it gets its row back (kept by gc for its
    // grace period from now, like anything new, and kept for good once something references it).
    const known = db.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').pluck();
    const add = db.prepare('INSERT INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)');
    const blobsDir = path.join(root, 'blobs', 'sha256');
    const stamp = now().toISOString();
    for (const shard of safeList(blobsDir)) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of safeList(path.join(blobsDir, shard))) {
        if (!isSha256(name) || !name.startsWith(shard) || known.get(name)) continue;
        const st = lstatSync(path.join(blobsDir, shard, name));
        if (!st.isFile()) continue;
        add.run(name, st.size, stamp);
        report.blobsRelinked++;
      }
    }
  })();
  const referenced = db
    .prepare('SELECT sha256 FROM assets UNION SELECT sha256 FROM renders UNION SELECT sha256 FROM checkpoint_entries WHERE sha256 IS NOT NULL')
    .pluck()
    .all() as string[];
  for (const sha of referenced) {
    if (!existsSync(path.join(root, 'blobs', 'sha256', sha.slice(0, 2), sha))) report.missingContent.push(sha);
  }
}

/** The old catalog files go aside (kept, never deleted), the rebuilt one takes their place. */
function installRebuilt(root: string, file: string, now: () => Date, report: RebuildReport): void {
  const db = path.join(root, 'library.db');
  const old = ['', '-wal', '-shm'].map((s) => db + s).filter((f) => existsSync(f));
  if (old.length) {
    const aside = path.join(root, JOURNAL_DIR, `lost-${now().toISOString().replace(/[:.]/g, '-')}`);
    mkdirSync(aside, { recursive: true });
    for (const f of old) renameSync(f, path.join(aside, path.basename(f)));
    report.movedAside = aside;
  }
  renameSync(file, db);
  fsyncDirSync(root);
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
