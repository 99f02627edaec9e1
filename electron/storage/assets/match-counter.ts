/**
 * Counts a search's whole match ("1,000,000 assets", select-all's count) on a thread of its own
 * (count-worker.ts). A count visits every match — 160 ms for all of 1,000,000 assets, 860 ms for a
 * first letter every asset has — and better-sqlite3 is synchronous: on the host's thread it held every
 * other call (the next key's search, a poster, another window's request) until it was done. The
 * worker opens the database read-only beside the host's connection (WAL: it reads the last commit).
 *
 * Where no worker can run — an in-memory library, sources run without a build (the worker is the
 * compiled count-worker.js next to this file, or out/main/count-worker.js in the app's bundle), a
 * worker that failed — the count runs here, synchronously, as it always did.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../core/db.js';
import { cachedStatement } from '../core/statement-cache.js';

type Reply = { id: number; count: number } | { id: number; error: string };

export class MatchCounter {
  private worker: Worker | null = null;
  private broken = false;
  private next = 1;
  private readonly waiting = new Map<number, { resolve(n: number): void; reject(e: Error): void }>();
  private readonly workerFile: string | null;

  constructor(private readonly db: Db, opts: { workerFile?: string } = {}) {
    const file = opts.workerFile ?? fileURLToPath(new URL('./count-worker.js', import.meta.url));
    this.workerFile = existsSync(file) ? file : null;
  }

  /** Whether counts go to the worker (false: they run on this thread). */
  get offThread(): boolean {
    return this.start() !== null;
  }

  /** COUNT(*) of `sql` (one row, one column) with `params`. */
  async count(sql: string, params: Record<string, unknown>): Promise<number> {
    const w = this.start();
    if (!w) return this.here(sql, params);
    const id = this.next++;
    try {
      return await new Promise<number>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        // Plain values only cross the thread boundary: the params are strings and numbers.
        w.postMessage({ id, sql, params });
      });
    } catch {
      // The worker is gone, or its connection refused the statement (SQLITE_BUSY past its timeout, a
      // schema it has not read yet): counted here instead, since the count is what the caller asked for.
      return this.here(sql, params);
    }
  }

  close(): void {
    this.broken = true;
    const w = this.worker;
    this.worker = null;
    if (w) void w.terminate();
    this.failAll('the library was closed');
  }

  private here(sql: string, params: Record<string, unknown>): number {
    return cachedStatement(this.db, sql).pluck().get(params) as number;
  }

  private start(): Worker | null {
    if (this.worker || this.broken) return this.worker;
    const file = this.db.name;
    if (!this.workerFile || this.db.memory || !file || !existsSync(file)) {
      this.broken = true;
      return null;
    }
    const w = new Worker(this.workerFile, { workerData: { file } });
    // Never what keeps a CLI command or a test process alive.
    w.unref();
    w.on('message', (m: Reply) => {
      const p = this.waiting.get(m.id);
      if (!p) return;
      this.waiting.delete(m.id);
      if ('error' in m) p.reject(new Error(m.error));
      else p.resolve(m.count);
    });
    const gone = (why: string) => {
      if (this.worker === w) this.worker = null;
      this.broken = true;
      this.failAll(why);
    };
    w.on('error', (err) => gone(err.message));
    w.on('exit', (code) => gone(`the count worker exited (${code})`));
    this.worker = w;
    return w;
  }

  private failAll(why: string): void {
    for (const p of this.waiting.values()) {
      const e = new Error(why);
      e.name = 'WorkerGone';
      p.reject(e);
    }
    this.waiting.clear();
  }
}
