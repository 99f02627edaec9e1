import type { Actor, Scope } from '../../../shared/models.js';
import { invalid, notFound } from '../../../shared/errors.js';

export interface Owned {
  scope: string;
  user_id: string | null;
  session_id: string | null;
  expires_at: string | null;
}

/**
 * The visibility rule, in one place: session items belong to their session and vanish at expiry,
 * user items to their user, sandbox items to everyone. Used as SQL for listings and as a
 * function for single-item reads and writes, so no path can skip it.
 */
export function visibleSql(alias: string): string {
  const a = alias ? `${alias}.` : '';
  return `(
    (${a}scope = 'sandbox')
    OR (${a}scope = 'user' AND ${a}user_id IS NOT NULL AND ${a}user_id = @actorUser)
    OR (${a}scope = 'session' AND ${a}session_id IS NOT NULL AND ${a}session_id = @actorSession)
  ) AND (${a}expires_at IS NULL OR ${a}expires_at > @now)`;
}

export function visibleParams(actor: Actor, nowIso: string): { actorUser: string | null; actorSession: string | null; now: string } {
  return { actorUser: actor.userId ?? null, actorSession: actor.sessionId ?? null, now: nowIso };
}

export function canSee(row: Owned, actor: Actor, nowIso: string): boolean {
  if (row.expires_at !== null && row.expires_at <= nowIso) return false;
  switch (row.scope) {
    case 'sandbox':
      return true;
    case 'user':
      return !!actor.userId && row.user_id === actor.userId;
    case 'session':
      return !!actor.sessionId && row.session_id === actor.sessionId;
    default:
      return false;
  }
}

/** Throws NOT_FOUND (never FORBIDDEN: an item one may not see must not be told apart from none). */
export function assertVisible<T extends Owned>(row: T | undefined, actor: Actor, nowIso: string, what: string): T {
  if (!row || !canSee(row, actor, nowIso)) throw notFound(what);
  return row;
}

export interface Ownership {
  scope: Scope;
  userId: string | null;
  sessionId: string | null;
  ttlHours: number | null;
  expiresAt: string | null;
}

/** Works out who owns a new item and when it expires; refuses what the original let through. */
export function ownershipFor(scope: Scope, actor: Actor, ttlHours: number | undefined, now: Date): Ownership {
  if (scope === 'user') {
    if (!actor.userId) throw invalid('userId is required for USER scope');
    return { scope, userId: actor.userId, sessionId: null, ttlHours: null, expiresAt: null };
  }
  if (scope === 'session') {
    if (!actor.sessionId) throw invalid('sessionId is required for SESSION scope');
    const ttl = ttlHours ?? 24;
    if (!(ttl > 0) || ttl > 24 * 365) throw invalid('ttlHours must be between 0 and 8760');
    const expiresAt = new Date(now.getTime() + ttl * 3_600_000).toISOString();
    return { scope, userId: actor.userId ?? null, sessionId: actor.sessionId, ttlHours: ttl, expiresAt };
  }
  return { scope, userId: actor.userId ?? null, sessionId: null, ttlHours: null, expiresAt: null };
}

export function gridPath(o: { scope: string; user_id: string | null; session_id: string | null }, id: string): string {
  const owner = o.scope === 'user' ? o.user_id : o.scope === 'session' ? o.session_id : 'shared';
  return `grid/${o.scope}/${owner ?? 'unknown'}/${id}`;
}
