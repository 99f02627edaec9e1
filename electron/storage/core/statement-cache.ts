import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

const caches = new WeakMap<Db, Map<string, Statement>>();

/**
 * A statement prepared once per open database and kept for its lifetime. For queries on hot paths
 * (a media request, a grid page): preparing a join with the visibility rule costs tens of
 * microseconds each time, more than running it. Callers that use .pluck()/.raw() must use the same
 * mode for the same SQL every time, since those set state on the shared statement.
 */
export function cachedStatement(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}
