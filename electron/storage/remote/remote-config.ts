import { randomBytes } from 'node:crypto';
import { invalid } from '../../../shared/errors.js';
import type { Db } from '../core/db.js';

/**
 * Where a library's content lives besides the local folder: a bucket and a prefix on an S3-compatible
 * store. Only addressing is kept (in the catalog); credentials never are — they come from the
 * environment every time (see s3-client.ts).
 */
export interface RemoteConfig {
  bucket: string;
  /** '' or a path without leading or trailing slashes. */
  prefix: string;
  /** Null: the provider's default endpoint (AWS). */
  endpoint: string | null;
  region: string;
  /** Path-style addressing (http://host/bucket/key), which Ceph, MinIO and most self-hosted stores want. */
  pathStyle: boolean;
  /** Null: the default budget (cache-budget.ts). */
  cacheMaxBytes: number | null;
}

export const DEFAULT_REGION = 'us-east-1';

/** Bucket names as S3 allows them (3–63 lowercase letters, digits, dots and hyphens). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses `s3://bucket/prefix` (the prefix may be empty or nested). */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(url.trim());
  if (!m) throw invalid(`not an s3:// address: ${url} (expected s3://bucket/prefix)`);
  const bucket = m[1] as string;
  if (!BUCKET.test(bucket)) throw invalid(`not a valid bucket name: ${bucket}`);
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix.split('/').some((p) => p === '.' || p === '..') || prefix.includes('//')) throw invalid(`not a usable prefix: ${prefix}`);
  return { bucket, prefix };
}

export function s3Url(c: Pick<RemoteConfig, 'bucket' | 'prefix'>): string {
  return `s3://${c.bucket}${c.prefix ? `/${c.prefix}` : ''}`;
}

/** An endpoint the SDK can use: http(s) with a host, no credentials in it. */
export function checkEndpoint(endpoint: string): string {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    throw invalid(`not a URL: ${endpoint}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw invalid(`the endpoint must be http:// or https://: ${endpoint}`);
  // Credentials in a URL would end up in the catalog and in every message that names the endpoint.
  if (u.username || u.password) throw invalid('the endpoint must not carry credentials; set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE');
  return endpoint.replace(/\/+$/, '');
}

interface ConfigRow {
  bucket: string;
  prefix: string;
  endpoint: string | null;
  region: string;
  path_style: number;
  cache_max_bytes: number | null;
}

export function readRemoteConfig(db: Db): RemoteConfig | null {
  const r = db.prepare('SELECT bucket, prefix, endpoint, region, path_style, cache_max_bytes FROM remote_config WHERE id = 1').get() as ConfigRow | undefined;
  if (!r) return null;
  return { bucket: r.bucket, prefix: r.prefix, endpoint: r.endpoint, region: r.region, pathStyle: r.path_style === 1, cacheMaxBytes: r.cache_max_bytes };
}

/**
 * Records the remote. Every blob already stored is queued for upload in the same transaction (the
 * trigger of migration 10 queues the ones stored from then on), so nothing is left out.
 */
export function writeRemoteConfig(db: Db, c: RemoteConfig, nowIso: string): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO remote_config (id, bucket, prefix, endpoint, region, path_style, cache_max_bytes, connected_at)
       VALUES (1, @bucket, @prefix, @endpoint, @region, @pathStyle, @cacheMaxBytes, @now)
       ON CONFLICT (id) DO UPDATE SET bucket = excluded.bucket, prefix = excluded.prefix, endpoint = excluded.endpoint,
         region = excluded.region, path_style = excluded.path_style, cache_max_bytes = excluded.cache_max_bytes`,
    ).run({ ...c, pathStyle: c.pathStyle ? 1 : 0, now: nowIso });
    db.prepare(
      `INSERT OR IGNORE INTO remote_outbox (sha256, queued_at)
       SELECT b.sha256, b.created_at FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM remote_blobs r WHERE r.sha256 = b.sha256)`,
    ).run();
  })();
}

export function setCacheBudget(db: Db, bytes: number | null): void {
  db.prepare('UPDATE remote_config SET cache_max_bytes = ? WHERE id = 1').run(bytes);
}

/**
 * The library's id, which the marker object in the bucket carries. The catalog keeps it in meta
 * ('library_id'); a library made before ids existed gets one now, in the same form.
 */
export function libraryIdOf(db: Db): string {
  const get = () => db.prepare("SELECT value FROM meta WHERE key = 'library_id'").pluck().get() as string | undefined;
  const have = get();
  if (have) return have;
  db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('library_id', ?)").run(`lib_${randomBytes(12).toString('hex')}`);
  return get() as string;
}
