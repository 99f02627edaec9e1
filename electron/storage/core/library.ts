import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobStore } from '../blobs/blob-store.js';
import { closeDatabase, migrationsRun, openDatabase, type Db } from './db.js';
import type { ChangeKind, StorageContext } from './context.js';
import { sweepExpired } from '../maintenance/expiry.js';
import { checkAfterCrash, sweepLegacyOpenMarkers, type OpenReport } from './open-check.js';
import { checkLibraryFolder, isWritableFolder, LibraryFolderError, newLibraryId, readMarker, writeMarker } from './library-folder.js';
import { startSession, sweepDeadSessions, type ProcessSession } from './process-session.js';
import { attachJournal } from '../maintenance/catalog-journal.js';
import { maintainSnapshots, maintainSnapshotsInBackground, snapshotNeededNow, sweepStaleSnapshotCopies } from '../maintenance/catalog-snapshot.js';
import { attachRemote, detachRemote } from '../remote/remote-link.js';
import { environmentCredentials, type CredentialProvider } from '../remote/credentials.js';

export type LibraryOptions =
  | {
      provider: 'filesystem';
      dir: string;
      now?: () => Date;
      sweepIntervalMs?: number;
      watchIntervalMs?: number;
      /** How often a long journal is looked for, to snapshot the catalog in the background (default 60 s; the first 5 s after open). */
      snapshotCheckMs?: number;
      /** Open without writing anything. Chosen by itself where the folder cannot be written. */
      readOnly?: boolean;
      /**
       * The folder is the app's own data folder (Electron's userData, which Electron fills with its own
       * files before the library opens), so a new library may be made there though it is not empty.
       */
      appOwned?: boolean;
      /** Where a bucket's S3 keys come from (default: the environment). */
      credentials?: CredentialProvider;
    }
  | { provider: 'memory'; now?: () => Date; sweepIntervalMs?: number; watchIntervalMs?: number; snapshotCheckMs?: number; credentials?: CredentialProvider };

export type ChangeListener = (kind: ChangeKind, id?: string) => void;

/** The open library: the context every operation takes, plus its lifecycle. */
export interface OpenLibrary {
  ctx: StorageContext;
  /** What opening found: whether the last session ended uncleanly, and what the quick check saw. */
  openReport: OpenReport;
  onChange(listener: ChangeListener): () => void;
  close(): void;
}

/** The on-disk layout of a library folder. */
export function libraryLayout(root: string) {
  return {
    root,
    db: path.join(root, 'library.db'),
    blobs: path.join(root, 'blobs', 'sha256'),
    workspaces: path.join(root, 'workspaces'),
    tmp: path.join(root, 'tmp'),
  };
}

interface Opened {
  db: Db;
  id: string;
  tmp: string;
  session: ProcessSession | null;
  unclean: boolean;
  readOnly: boolean;
  readOnlyReason: string | null;
}

/**
 * A filesystem library: the folder is checked first (library-folder.ts: an ordinary folder, a lost
 * catalog or a backup is refused, never turned into a new empty library), then this process takes a
 * temp folder of its own (process-session.ts) and clears only what dead processes left, then the
 * catalog opens with its journal attached (catalog-journal.ts). A folder this process cannot write is
 * opened read-only: nothing is written, not even a marker.
 */
function openFolder(root: string, opts: { readOnly?: boolean; appOwned?: boolean }, now: () => Date): Opened {
  const layout = libraryLayout(root);
  const check = checkLibraryFolder(root, layout.db, { appOwned: !!opts.appOwned });
  const readOnly = opts.readOnly ?? (existsSync(root) && !isWritableFolder(root));
  if (!readOnly) {
    try {
      return openWritable(root, check, now);
    } catch (err) {
      // A full disk or a filesystem that refuses writes (mounted read-only, a quota): reading must still
      // work — list, show, verify, back up, serve — so the library opens read-only instead.
      const reason = cannotWrite(err);
      if (reason === null || opts.readOnly === false) throw err;
      return { ...openReadOnly(root, check), readOnlyReason: `${reason}: ${(err as Error).message}` };
    }
  }
  return { ...openReadOnly(root, check), readOnlyReason: opts.readOnly ? 'opened read-only, as asked' : 'this process cannot write to the library folder' };
}

/** Errors that say the disk will take no writes now (as opposed to a damaged or foreign library). */
function cannotWrite(err: unknown): string | null {
  const code = String((err as { code?: unknown }).code ?? '');
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return 'the disk is full';
  if (code === 'EROFS' || code.startsWith('SQLITE_READONLY')) return 'the disk is read-only';
  if (code === 'EACCES' || code === 'EPERM') return 'no permission to write';
  return null;
}

function openReadOnly(root: string, check: { id: string | null; legacy: boolean }): Opened {
  if (check.id === null && !check.legacy) throw new LibraryFolderError('read-only-new', `${root} is not a library yet, and a new one cannot be made there: it cannot be written to`);
  const db = openDatabase(libraryLayout(root).db, { readonly: true });
  return { db, id: check.id ?? 'unknown', tmp: libraryLayout(root).tmp, session: null, unclean: false, readOnly: true, readOnlyReason: null };
}

function openWritable(root: string, check: { id: string | null; legacy: boolean }, now: () => Date): Opened {
  const layout = libraryLayout(root);
  for (const d of [root, layout.blobs, layout.workspaces, layout.tmp]) mkdirSync(d, { recursive: true });
  const session = startSession(layout.tmp);
  let db: Db | null = null;
  try {
    const dead = sweepDeadSessions(layout.tmp, session.dir);
    const legacyUnclean = sweepLegacyOpenMarkers(root);
    const unclean = dead.deadSessions > 0 || legacyUnclean;
    const existed = check.id !== null || check.legacy;
    db = openDatabase(layout.db, { mustExist: existed });
    const inCatalog = db.prepare("SELECT value FROM meta WHERE key = 'library_id'").pluck().get() as string | undefined;
    const id = check.id ?? inCatalog ?? newLibraryId();
    if (inCatalog === undefined) db.prepare("INSERT INTO meta (key, value) VALUES ('library_id', ?)").run(id);
    attachJournal(db, root, id);
    // Written last: a crash before this leaves a catalog without a marker, which the next open adopts.
    if (!readMarker(root)) writeMarker(root, id, now().toISOString());
    // A snapshot becomes the base a rebuild starts from, now, when the journal may not tell the whole
    // story: after migrations (they change rows without the journal's triggers, which come after), and
    // after a process died. SQLite commits a transaction over two WAL-mode files one file at a time —
    // the catalog first — so a process killed between the two leaves the catalog one transaction ahead
    // of its journal; later changes build on it. The snapshot holds the catalog as it is.
    // A journal grown long is not such a moment: the snapshot check after open (below) takes that one
    // on a worker thread, instead of holding the open for seconds (13 s at 1,000,000 assets).
    if ((existed && (migrationsRun(db) > 0 || unclean)) || snapshotNeededNow(db, root)) maintainSnapshots(db, root, { force: true });
    sweepStaleSnapshotCopies(root);
    return { db, id, tmp: session.dir, session, unclean, readOnly: false, readOnlyReason: null };
  } catch (err) {
    if (db) closeDatabase(db);
    session.close();
    throw err;
  }
}

/**
 * Opens (creating if needed) a library. 'filesystem' is the real thing: everything survives a
 * restart. 'memory' is a throwaway library — metadata in an in-memory SQLite database, content in a
 * private scratch folder in RAM where the OS offers one (/dev/shm) — gone at close(). Workspaces
 * stay real folders in both, since tools such as Remotion must be able to run in them.
 */
export function openLibrary(opts: LibraryOptions): OpenLibrary {
  const now = opts.now ?? (() => new Date());
  let root: string;
  let scratch: string | null = null;
  let opened: Opened;
  if (opts.provider === 'filesystem') {
    root = path.resolve(opts.dir);
    opened = openFolder(root, opts, now);
  } else {
    const base = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
    scratch = mkdtempSync(path.join(base, 'reelvault-mem-'));
    root = scratch;
    const layout = libraryLayout(root);
    for (const d of [layout.blobs, layout.workspaces, layout.tmp]) mkdirSync(d, { recursive: true });
    opened = { db: openDatabase(':memory:'), id: 'memory', tmp: layout.tmp, session: null, unclean: false, readOnly: false, readOnlyReason: null };
  }
  const { db } = opened;
  const layout = libraryLayout(root);
  const listeners = new Set<ChangeListener>();
  const ctx: StorageContext = {
    db,
    blobs: new BlobStore(layout.blobs, opened.tmp),
    dirs: { root, workspaces: layout.workspaces, tmp: opened.tmp },
    provider: opts.provider,
    libraryId: opened.id,
    readOnly: opened.readOnly,
    readOnlyReason: opened.readOnlyReason,
    credentials: opts.credentials ?? environmentCredentials,
    now,
    changed: (kind, id) => {
      for (const l of listeners) {
        try { l(kind, id); } catch { /* a listener's failure is its own */ }
      }
    },
  };

  // A bucket behind the blob store, when the catalog names one (no network on open).
  attachRemote(ctx);

  const openReport: OpenReport = { unclean: opened.unclean, checked: false, problems: [], ...(opened.readOnly ? { readOnly: opened.readOnlyReason ?? 'opened read-only' } : {}) };
  if (opened.unclean) {
    openReport.checked = true;
    openReport.problems = checkAfterCrash(db, ctx.blobs);
  }

  let closed = false;
  const sweep = () => {
    if (closed || opened.readOnly) return;
    void sweepExpired(ctx).catch(() => undefined);
  };
  if (!opened.readOnly) void sweepExpired(ctx).catch(() => undefined);
  const timer = setInterval(sweep, opts.sweepIntervalMs ?? 10 * 60_000);
  timer.unref();

  // The catalog is snapshotted as its journal grows (past SNAPSHOT_EVERY_CHANGES), the copy on a worker
  // thread: seconds at 1,000,000 assets that neither the open nor the host's thread waits out. Checked
  // soon after open and then every minute (one index seek); a process that exits first leaves it to
  // the next one that runs long enough.
  let snapshotting = false;
  const checkSnapshots = () => {
    if (closed || opened.readOnly || opts.provider !== 'filesystem' || snapshotting) return;
    snapshotting = true;
    void maintainSnapshotsInBackground(db, root, () => !closed)
      .catch(() => undefined) // tried again at the next check
      .finally(() => (snapshotting = false));
  };
  const firstCheck = setTimeout(checkSnapshots, opts.snapshotCheckMs ?? 5_000);
  firstCheck.unref();
  const snapshotTimer = setInterval(checkSnapshots, opts.snapshotCheckMs ?? 60_000);
  snapshotTimer.unref();

  // Another process (the CLI next to the app, a second window's host) may change the library: SQLite's
  // data_version moves when another connection commits. Polling it is one cheap pragma, and turns
  // those changes into the same notifications our own writes make, so open screens stay live.
  let dataVersion = opts.provider === 'filesystem' ? (db.pragma('data_version', { simple: true }) as number) : 0;
  const watch = setInterval(() => {
    if (closed || opts.provider !== 'filesystem') return;
    const v = db.pragma('data_version', { simple: true }) as number;
    if (v === dataVersion) return;
    dataVersion = v;
    for (const kind of ['projects', 'assets', 'renders', 'checkpoints', 'trash'] as const) ctx.changed(kind);
  }, opts.watchIntervalMs ?? 2000);
  watch.unref();

  return {
    ctx,
    openReport,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      clearInterval(watch);
      clearTimeout(firstCheck);
      clearInterval(snapshotTimer);
      detachRemote(ctx);
      closeDatabase(db);
      opened.session?.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}
