import type { Actor, SavedSearch } from '../../../shared/models.js';
import { invalid, notFound } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { newId } from '../core/ids.js';

interface Row {
  id: string;
  user_id: string | null;
  name: string;
  filter: string;
  created_at: string;
}

const toSearch = (r: Row): SavedSearch => ({ id: r.id, name: r.name, filter: JSON.parse(r.filter) as Record<string, unknown>, shared: r.user_id === null, createdAt: r.created_at });

/** The actor's saved searches and the shared ones, by name. */
export function listSearches(ctx: StorageContext, actor: Actor): SavedSearch[] {
  const rows = ctx.db.prepare('SELECT * FROM saved_searches WHERE user_id IS NULL OR user_id = ? ORDER BY name COLLATE NOCASE, created_at').all(actor.userId ?? null) as Row[];
  return rows.map(toSearch);
}

/** Saves a search under a name; the same name again (for the same owner) replaces its filter. */
export function saveSearch(ctx: StorageContext, actor: Actor, name: string, filter: Record<string, unknown>, opts: { shared?: boolean } = {}): SavedSearch {
  const clean = name.trim();
  if (!clean) throw invalid('a saved search needs a name');
  const owner = opts.shared || !actor.userId ? null : actor.userId;
  const json = JSON.stringify(filter);
  let id = '';
  ctx.db.transaction(() => {
    const same = ctx.db.prepare('SELECT id FROM saved_searches WHERE name = ? AND user_id IS ?').pluck().get(clean, owner) as string | undefined;
    if (same) {
      ctx.db.prepare('UPDATE saved_searches SET filter = ? WHERE id = ?').run(json, same);
      id = same;
    } else {
      id = newId('srch');
      ctx.db.prepare('INSERT INTO saved_searches (id, user_id, name, filter, created_at) VALUES (?, ?, ?, ?, ?)').run(id, owner, clean, json, nowIso(ctx));
    }
  })();
  return toSearch(ctx.db.prepare('SELECT * FROM saved_searches WHERE id = ?').get(id) as Row);
}

export function deleteSearch(ctx: StorageContext, actor: Actor, id: string): void {
  const r = ctx.db.prepare('SELECT * FROM saved_searches WHERE id = ?').get(id) as Row | undefined;
  if (!r || (r.user_id !== null && r.user_id !== actor.userId)) throw notFound(`saved search ${id}`);
  ctx.db.prepare('DELETE FROM saved_searches WHERE id = ?').run(id);
}
