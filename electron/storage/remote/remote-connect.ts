import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { ReelvaultError, invalid } from '../../../shared/errors.js';
import type { StorageContext } from '../context.js';
import { nowIso } from '../context.js';
import { checkEndpoint, DEFAULT_REGION, libraryIdOf, parseS3Url, readRemoteConfig, s3Url, writeRemoteConfig, type RemoteConfig } from './remote-config.js';
import { RemoteStore } from './remote-store.js';
import { claimPrefix } from './remote-marker.js';
import { attachRemote } from './remote-link.js';
import { cacheStats, type CacheStats } from './cache-budget.js';

export interface ConnectInput {
  /** s3://bucket/prefix */
  url: string;
  endpoint?: string | null;
  region?: string | null;
  pathStyle?: boolean;
  cacheMaxBytes?: number | null;
  /** Make the bucket when it does not exist (a fresh test server, a new self-hosted store). */
  createBucket?: boolean;
}

/**
 * Connects the library to a bucket: checks the bucket answers to these credentials, claims the
 * prefix with the library's marker (refused if another library's), records the addressing in the
 * catalog and queues every stored blob for upload. Reconnecting to the same bucket and prefix (a new
 * endpoint address, another region setting) is allowed; moving to another one is not while the
 * bucket holds content this library counts on.
 */
export async function connectRemote(ctx: StorageContext, input: ConnectInput): Promise<RemoteConfig> {
  const { bucket, prefix } = parseS3Url(input.url);
  const before = readRemoteConfig(ctx.db);
  const config: RemoteConfig = {
    bucket,
    prefix,
    endpoint: input.endpoint ? checkEndpoint(input.endpoint) : (before?.endpoint ?? null),
    region: input.region ?? before?.region ?? DEFAULT_REGION,
    pathStyle: input.pathStyle ?? before?.pathStyle ?? false,
    cacheMaxBytes: input.cacheMaxBytes === undefined ? (before?.cacheMaxBytes ?? null) : input.cacheMaxBytes,
  };
  if (config.cacheMaxBytes !== null && (!Number.isSafeInteger(config.cacheMaxBytes) || config.cacheMaxBytes < 0)) throw invalid('the cache size must be a whole number of bytes');
  if (before && (before.bucket !== bucket || before.prefix !== prefix)) {
    const confirmed = ctx.db.prepare('SELECT count(*) FROM remote_blobs').pluck().get() as number;
    if (confirmed > 0) {
      throw new ReelvaultError('CONFLICT', `this library's content is in ${s3Url(before)} (${confirmed} objects); it cannot be moved to ${s3Url(config)} by connecting another bucket`);
    }
  }
  const store = new RemoteStore(config);
  try {
    try {
      await store.checkBucket();
    } catch (err) {
      if (!(input.createBucket && err instanceof ReelvaultError && err.code === 'NOT_FOUND')) throw err;
      try {
        await store.client.send(new CreateBucketCommand({ Bucket: bucket }));
      } catch (e) {
        throw store.wrap(e, `creating the bucket ${bucket}`);
      }
    }
    await claimPrefix(store, libraryIdOf(ctx.db), nowIso(ctx));
  } finally {
    store.close();
  }
  writeRemoteConfig(ctx.db, config, nowIso(ctx));
  attachRemote(ctx);
  return config;
}

export interface RemoteStatus extends CacheStats {
  url: string;
  endpoint: string | null;
  region: string;
  pathStyle: boolean;
}

/** What `library info` and the status bar show; nothing here touches the network. */
export function remoteStatus(ctx: StorageContext): RemoteStatus | null {
  const c = readRemoteConfig(ctx.db);
  if (!c) return null;
  return { url: s3Url(c), endpoint: c.endpoint, region: c.region, pathStyle: c.pathStyle, ...cacheStats(ctx) };
}

/** Marks a project's content as never evicted (or clears the mark). */
export function setKeepOffline(ctx: StorageContext, projectId: string, keep: boolean): void {
  if (keep) ctx.db.prepare('INSERT OR IGNORE INTO remote_keep_offline (project_id) VALUES (?)').run(projectId);
  else ctx.db.prepare('DELETE FROM remote_keep_offline WHERE project_id = ?').run(projectId);
}
