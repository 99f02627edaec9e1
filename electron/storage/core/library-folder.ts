import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants as fsc, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ReelvaultError } from '../../../shared/errors.js';

/**
 * What makes a folder a library: a marker file with the library's id and format, written when the
 * library is made. Everything the library later deletes (temp files, unreferenced blobs) it deletes
 * only inside a folder that carries this marker, so pointing Reelvault at an ordinary folder (`--library
 * ~`) can never empty that folder's `tmp/` or anything else in it.
 */
export const MARKER_FILE = 'reelvault-library.json';
export const MARKER_FORMAT = 'reelvault-library';
export const MARKER_VERSION = 1;
/** Written by `backup`: a backup folder is not a library, and is never opened as one by accident. */
export const BACKUP_MANIFEST = 'reelvault-backup.json';

export interface LibraryMarker {
  format: typeof MARKER_FORMAT;
  version: number;
  id: string;
  createdAt: string;
}

export function newLibraryId(): string {
  return `lib_${randomBytes(12).toString('hex')}`;
}

/** The library's folder could not be opened as one; the message names the folder and what to do. */
export class LibraryFolderError extends ReelvaultError {
  constructor(
    readonly reason: 'not-a-library' | 'catalog-lost' | 'foreign-catalog' | 'newer-marker' | 'read-only-new',
    message: string,
  ) {
    super('CONFLICT', message);
  }
}

export function readMarker(root: string): LibraryMarker | null {
  let text: string;
  try {
    text = readFileSync(path.join(root, MARKER_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let m: Partial<LibraryMarker>;
  try {
    m = JSON.parse(text) as Partial<LibraryMarker>;
  } catch {
    throw new LibraryFolderError('not-a-library', `${path.join(root, MARKER_FILE)} is not a Reelvault library marker (it does not read as JSON); Reelvault will not guess`);
  }
  if (m.format !== MARKER_FORMAT || typeof m.id !== 'string' || typeof m.version !== 'number') {
    throw new LibraryFolderError('not-a-library', `${path.join(root, MARKER_FILE)} is not a Reelvault library marker`);
  }
  if (m.version > MARKER_VERSION) {
    throw new LibraryFolderError('newer-marker', `${root} is a library of a newer Reelvault (folder format ${m.version}; this app knows ${MARKER_VERSION}). Update Reelvault to open it.`);
  }
  return m as LibraryMarker;
}

/** Writes the marker durably (temp file, fsync, rename, folder fsync): it either is whole or absent. */
export function writeMarker(root: string, id: string, createdAt: string): LibraryMarker {
  const marker: LibraryMarker = { format: MARKER_FORMAT, version: MARKER_VERSION, id, createdAt };
  const tmp = path.join(root, `.${MARKER_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, JSON.stringify(marker, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path.join(root, MARKER_FILE));
  fsyncDirSync(root);
  return marker;
}

export function fsyncDirSync(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, fsc.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // Some filesystems cannot fsync a folder; the rename is still atomic.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** What is in library.db, looked at without creating or changing anything. */
export type CatalogState =
  | { kind: 'missing' }
  | { kind: 'empty' }
  | { kind: 'unreadable'; detail: string }
  | { kind: 'foreign'; detail: string }
  | { kind: 'ours'; libraryId: string | null };

/** The tables every Reelvault catalog has had since its first schema. */
const CORE_TABLES = ['blobs', 'projects', 'assets', 'checkpoints', 'renders'];

export function inspectCatalog(file: string): CatalogState {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw err;
  }
  // A zero-length file is what `: > library.db` or a crashed copy leaves. (A WAL beside it could hold
  // pages, but pages without their database are not a catalog to trust.)
  if (size === 0) return { kind: 'empty' };
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return classify(db);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    // A WAL left by a killed process needs recovering, which a read-only connection cannot do
    // (SQLITE_READONLY_RECOVERY), nor can it make a missing -shm in a read-only folder: that is not
    // damage. Looked at again read-write — the open that follows recovers it anyway — and where even
    // that cannot be (a read-only disk), the open decides.
    if (e.code?.startsWith('SQLITE_READONLY') || e.code === 'SQLITE_CANTOPEN') return inspectWritable(file) ?? { kind: 'ours', libraryId: null };
    return { kind: 'unreadable', detail: e.message ?? String(err) };
  } finally {
    db?.close();
  }
}

function inspectWritable(file: string): CatalogState | null {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { fileMustExist: true });
    return classify(db);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code?.startsWith('SQLITE_READONLY') || e.code === 'SQLITE_CANTOPEN') return null;
    return { kind: 'unreadable', detail: e.message ?? String(err) };
  } finally {
    db?.close();
  }
}

function classify(db: Database.Database): CatalogState {
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
  if (tables.size === 0 && version === 0) return { kind: 'empty' };
  const missing = CORE_TABLES.filter((t) => !tables.has(t));
  if (version === 0 || missing.length > 0) return { kind: 'foreign', detail: missing.length ? `it has no ${missing.join(', ')} table` : 'it has no schema version' };
  const id = tables.has('meta') ? (db.prepare("SELECT value FROM meta WHERE key = 'library_id'").pluck().get() as string | undefined) : undefined;
  return { kind: 'ours', libraryId: id ?? null };
}

/**
 * True when the folder holds what only a library holds: blob files under blobs/sha256/<2 hex>/ or
 * project workspaces (workspaces/prj_…). A folder that merely has a `workspaces/` or `tmp/` of its
 * own is an ordinary folder.
 */
export function holdsLibraryContent(root: string): boolean {
  const list = (dir: string): string[] => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  const blobs = path.join(root, 'blobs', 'sha256');
  if (list(blobs).some((s) => /^[0-9a-f]{2}$/.test(s) && list(path.join(blobs, s)).some((n) => /^[0-9a-f]{64}$/.test(n) && n.startsWith(s)))) return true;
  return list(path.join(root, 'workspaces')).some((n) => /^prj_[0-9a-z]{9}[0-9a-f]{16}$/.test(n));
}

export function isWritableFolder(dir: string): boolean {
  try {
    accessSync(dir, fsc.W_OK);
    return true;
  } catch {
    return false;
  }
}

const rebuildHint = (root: string) => `run "reelvault repair --rebuild --library ${root}" (or Library ▸ Rebuild Catalog in the app) to bring it back from the library's journal and content`;

/**
 * Decides whether `root` may be opened as a library, and how. Returns the library id when it is one
 * already, or null when a new library is to be made here (the folder is missing, empty, or the app's
 * own data folder). Refuses, naming the folder and the reason:
 * - a non-empty folder with no marker and no catalog of ours (an ordinary folder);
 * - a marked folder whose catalog is missing, empty or unreadable: a lost catalog is never silently
 *   a new, empty library (a gc in one would delete every blob);
 * - a catalog that belongs to another library, or is not a Reelvault catalog at all.
 * A folder with a catalog of ours and no marker is a library made before markers existed: it is
 * adopted (the marker is written by the caller once the catalog is open).
 */
export function checkLibraryFolder(root: string, dbFile: string, opts: { appOwned: boolean }): { id: string | null; legacy: boolean } {
  if (!existsSync(root)) return { id: null, legacy: false };
  const st = statSync(root);
  if (!st.isDirectory()) throw new LibraryFolderError('not-a-library', `${root} is a file, not a library folder`);
  const marker = readMarker(root);
  const catalog = inspectCatalog(dbFile);
  if (marker) {
    if (catalog.kind === 'ours') {
      if (catalog.libraryId !== null && catalog.libraryId !== marker.id) {
        throw new LibraryFolderError('foreign-catalog', `${dbFile} belongs to another library (${catalog.libraryId}, not ${marker.id}); it was copied in from elsewhere. Put this library's own catalog back, or ${rebuildHint(root)}`);
      }
      return { id: marker.id, legacy: false };
    }
    const what = catalog.kind === 'missing' ? 'is missing' : catalog.kind === 'empty' ? 'is empty' : catalog.kind === 'unreadable' ? `cannot be read (${catalog.detail})` : `is not a Reelvault catalog (${catalog.detail})`;
    throw new LibraryFolderError('catalog-lost', `The catalog of the library ${root} ${what}; Reelvault will not start an empty catalog over existing content. ${rebuildHint(root)}`);
  }
  if (existsSync(path.join(root, BACKUP_MANIFEST))) {
    throw new LibraryFolderError('not-a-library', `${root} is a Reelvault backup, not a library; bring it back with "reelvault restore-backup ${root} <new folder>"`);
  }
  if (catalog.kind === 'ours') return { id: catalog.libraryId, legacy: true };
  if (catalog.kind !== 'missing' || holdsLibraryContent(root)) {
    const why = catalog.kind === 'missing' ? 'its library.db is missing' : catalog.kind === 'empty' ? 'its library.db is empty' : catalog.kind === 'unreadable' ? `its library.db cannot be read (${catalog.detail})` : `its library.db is not a Reelvault catalog (${catalog.detail})`;
    if (catalog.kind === 'foreign') throw new LibraryFolderError('foreign-catalog', `${root} is not a Reelvault library: ${why}`);
    throw new LibraryFolderError('catalog-lost', `${root} holds library content but ${why}; Reelvault will not start an empty catalog over it. ${rebuildHint(root)}`);
  }
  const entries = readdirSync(root);
  if (entries.length === 0 || opts.appOwned) return { id: null, legacy: false };
  throw new LibraryFolderError(
    'not-a-library',
    `${root} is not a Reelvault library (it has no ${MARKER_FILE}) and is not empty; choose an empty or new folder for a new library, or the folder of an existing one`,
  );
}

export function ensureFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
}
