/**
 * What every open of a host reads, without reading the whole library: profiled at 1,000,000 assets,
 * `serve` spent 0.1 s of its start on each of these full scans before it printed its URL.
 * - media_info_proxy_pending: the proxies still owed (pendingProxies, media-store.ts), re-queued at start;
 * - assets_expiry: scratch assets past their expiry (sweepExpired, expiry.ts), swept at open and then
 *   every sweep. Both partial: they hold only the few rows the queries look for.
 */
export const version = 16;

export const sql = `
  CREATE INDEX media_info_proxy_pending ON media_info(sha256) WHERE proxy_state = 'pending' AND state != 'pending';
  CREATE INDEX assets_expiry ON assets(expires_at) WHERE expires_at IS NOT NULL;
  `;
