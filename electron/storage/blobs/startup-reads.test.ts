import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempLibrary } from '../test-support/fixtures.js';
import { pendingProxies, settleProxyDecision, undecidedVideos } from './media-store.js';

/** The plan SQLite picks for a statement, as one line per step. */
const plan = (db: ReturnType<typeof tempLibrary>['lib']['ctx']['db'], sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');

/** What a host reads at every start must not scan the library (migration 016, media-store.ts). */
describe('reads made at every start', () => {
  let t: ReturnType<typeof tempLibrary>;
  const blob = (sha: string) => t.lib.ctx.db.prepare("INSERT INTO blobs (sha256, size, created_at) VALUES (?, 1, '2026-01-01T00:00:00Z')").run(sha);
  beforeEach(() => (t = tempLibrary()));
  afterEach(() => t.cleanup());

  it('finds owed proxies and expired scratch assets through their partial indexes', () => {
    const db = t.lib.ctx.db;
    expect(plan(db, "SELECT sha256 FROM media_info WHERE proxy_state = 'pending' AND state != 'pending'")).toMatch(/USING (COVERING )?INDEX media_info_proxy_pending/);
    expect(plan(db, 'SELECT seq FROM assets WHERE expires_at IS NOT NULL AND expires_at <= ?', '2026-01-01')).toMatch(/USING (COVERING )?INDEX assets_expiry/);
    blob('a'.repeat(64));
    blob('b'.repeat(64));
    db.prepare("INSERT INTO media_info (sha256, state, proxy_state, updated_at) VALUES (?, 'done', 'pending', 'x'), (?, 'done', NULL, 'x')").run('a'.repeat(64), 'b'.repeat(64));
    expect(pendingProxies(t.lib.ctx)).toEqual(['a'.repeat(64)]);
  });

  it('decides old probes once; after a pass that finds none, later starts do not look again', () => {
    const db = t.lib.ctx.db;
    const sha = 'c'.repeat(64);
    blob(sha);
    db.prepare("INSERT INTO media_info (sha256, state, probe, updated_at) VALUES (?, 'done', ?, 'x')").run(sha, JSON.stringify({ kind: 'video', videoCodec: 'h264' }));
    expect(undecidedVideos(t.lib.ctx).map((v) => v.sha256)).toEqual([sha]);
    settleProxyDecision(t.lib.ctx, sha, true);
    const settled = () => db.prepare("SELECT value FROM meta WHERE key = 'proxy_decisions_settled'").pluck().get();
    expect(settled()).toBeUndefined();
    expect(undecidedVideos(t.lib.ctx)).toEqual([]);
    expect(settled()).toBe('1');
    expect(undecidedVideos(t.lib.ctx)).toEqual([]);
  });
});
