/**
 * A catalog snapshot's copy, made on a thread of its own (catalog-snapshot.ts, takeSnapshotInBackground):
 * VACUUM INTO from a read-only connection of its own — one consistent read, as on the host's
 * connection — then the copy fsynced. At 1,000,000 assets the copy takes ≈ 8 s; on the host's thread
 * that froze the app (or `serve`) at each periodic snapshot. Naming, renaming and trimming the journal
 * stay with the host.
 */
import { closeSync, fsyncSync, openSync, constants as fsc } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, tmp } = workerData as { file: string; tmp: string };
try {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('VACUUM main INTO ?').run(tmp);
  } finally {
    db.close();
  }
  const fd = openSync(tmp, fsc.O_RDWR);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  parentPort?.postMessage({ ok: true });
} catch (err) {
  parentPort?.postMessage({ ok: false, error: (err as Error).message });
}
