/**
 * The match counter's thread (match-counter.ts): a read-only connection of its own to the library's
 * database that runs one COUNT at a time, so counting a large match never holds the host's thread
 * (the Electron main process, `serve`). Nothing here writes; WAL lets it read beside the writer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

interface Ask {
  id: number;
  sql: string;
  params: Record<string, unknown>;
}

const db = new Database((workerData as { file: string }).file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
/** A search's count takes one of a few shapes (which filters are set): each is prepared once. */
const statements = new Map<string, Database.Statement>();

parentPort?.on('message', (m: Ask) => {
  try {
    let st = statements.get(m.sql);
    if (!st) {
      if (statements.size >= 64) statements.clear();
      st = db.prepare(m.sql).pluck();
      statements.set(m.sql, st);
    }
    parentPort?.postMessage({ id: m.id, count: st.get(m.params) as number });
  } catch (err) {
    parentPort?.postMessage({ id: m.id, error: (err as Error).message });
  }
});
