import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobStore } from './blob-store.js';
import { openDatabase } from './db.js';
import type { ChangeKind, StorageContext } from './context.js';
import { sweepExpired } from './expiry.js';
import { checkAfterCrash, markOpen, type OpenReport } from './open-check.js';
import { attachRemote, detachRemote } from './remote/remote-link.js';

export type LibraryOptions =
  | { provider: 'filesystem'; dir: string; now?: () => Date; sweepIntervalMs?: number; watchIntervalMs?: number }
  | { provider: 'memory'; now?: () => Date; sweepIntervalMs?: number; watchIntervalMs?: number };

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

/**
 * Opens (creating if needed) a library. 'filesystem' is the real thing: everything survives a
 * restart. 'memory' is a throwaway library — metadata in an in-memory SQLite database, content in a
 * private scratch folder in RAM where the OS offers one (/dev/shm) — gone at close(). Workspaces
 * stay real folders in both, since tools such as Remotion must be able to run in them.
 */
export function openLibrary(opts: LibraryOptions): OpenLibrary {
  let root: string;
  let scratch: string | null = null;
  if (opts.provider === 'filesystem') {
    root = path.resolve(opts.dir);
  } else {
    const base = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
    scratch = mkdtempSync(path.join(base, 'reelvault-mem-'));
    root = scratch;
  }
  const layout = libraryLayout(root);
  for (const d of [root, layout.blobs, layout.workspaces, layout.tmp]) mkdirSync(d, { recursive: true });
  // Partial writes of a crashed process are worthless: tmp/ is emptied at every open.
  for (const name of safeReaddir(layout.tmp)) rmSync(path.join(layout.tmp, name), { recursive: true, force: true });

  const open = opts.provider === 'filesystem' ? markOpen(root) : null;
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(opts.provider === 'filesystem' ? layout.db : ':memory:');
  } catch (err) {
    if (open) rmSync(open.marker, { force: true });
    throw err;
  }
  const listeners = new Set<ChangeListener>();
  const ctx: StorageContext = {
    db,
    blobs: new BlobStore(layout.blobs, layout.tmp),
    dirs: { root, workspaces: layout.workspaces, tmp: layout.tmp },
    provider: opts.provider,
    now: opts.now ?? (() => new Date()),
    changed: (kind, id) => {
      for (const l of listeners) {
        try { l(kind, id); } catch { /* a listener's failure is its own */ }
      }
    },
  };

  // A bucket behind the blob store, when the catalog names one (no network on open).
  attachRemote(ctx);

  const openReport: OpenReport = { unclean: !!open?.unclean, checked: false, problems: [] };
  if (open?.unclean) {
    openReport.checked = true;
    openReport.problems = checkAfterCrash(db, ctx.blobs);
  }

  let closed = false;
  const sweep = () => { if (!closed) void sweepExpired(ctx).catch(() => undefined); };
  sweep();
  const timer = setInterval(sweep, opts.sweepIntervalMs ?? 10 * 60_000);
  timer.unref();

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
      detachRemote(ctx);
      db.close();
      if (open) rmSync(open.marker, { force: true });
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
