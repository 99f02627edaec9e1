import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Db } from './db.js';
import type { BlobStore } from '../blobs/blob-store.js';

export interface OpenReport {
  /** True when a process that had this library open ended without closing it (a crash or a kill). */
  unclean: boolean;
  checked: boolean;
  problems: string[];
  /** Set when the library was opened read-only, saying why (a read-only or full disk, no permission). */
  readOnly?: string;
}

const MARKER = /^\.open-(\d+)$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Markers of Reelvault versions before per-process temp folders (process-session.ts): `.open-<pid>`
 * in the library root while a process had it open. One whose process is gone means that process did
 * not close cleanly; it is removed (it is ours, and says nothing more).
 */
export function sweepLegacyOpenMarkers(root: string): boolean {
  let unclean = false;
  let names: string[];
  try { names = readdirSync(root); } catch { return false; }
  for (const name of names) {
    const m = MARKER.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && alive(pid)) continue;
    unclean = true;
    rmSync(path.join(root, name), { force: true });
  }
  return unclean;
}

/** After an unclean shutdown: SQLite's quick check, and the content written last is whole. */
export function checkAfterCrash(db: Db, blobs: BlobStore, recent = 200): string[] {
  const problems: string[] = [];
  for (const r of db.pragma('quick_check') as { quick_check: string }[]) if (r.quick_check !== 'ok') problems.push(`database: ${r.quick_check}`);
  // (checkpoint_entries holds each manifest once, under its owner, whoever shares it.)
  // Only content something refers to: an unreferenced row whose file is gone is what a gc stopped
  // midway leaves, harmless, and the next gc drops it.
  const rows = db
    .prepare(
      `SELECT b.sha256, b.size FROM blobs b
        WHERE EXISTS (SELECT 1 FROM assets WHERE sha256 = b.sha256) OR EXISTS (SELECT 1 FROM renders WHERE sha256 = b.sha256)
           OR EXISTS (SELECT 1 FROM checkpoint_entries WHERE sha256 = b.sha256)
        ORDER BY b.created_at DESC LIMIT ?`,
    )
    .all(recent) as { sha256: string; size: number }[];
  for (const b of rows) {
    const st = (() => { try { return statSync(blobs.pathOf(b.sha256)); } catch { return null; } })();
    if (!st) {
      // Evicted after the bucket confirmed it: not missing.
      if (!blobs.remote?.confirmed(b.sha256)) problems.push(`content ${b.sha256} is missing`);
    }
    else if (st.size !== b.size) problems.push(`content ${b.sha256} is ${st.size} bytes, expected ${b.size}`);
  }
  return problems;
}
