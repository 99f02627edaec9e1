import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { ReelvaultError, invalid } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { checkEndpoint, DEFAULT_REGION, libraryIdOf, parseS3Url, readRemoteConfig, s3Url, writeRemoteConfig, type RemoteConfig } from './remote-config.js';
import { RemoteStore } from './remote-store.js';
import { claimPrefix } from './remote-marker.js';
import { attachRemote } from './remote-link.js';
import { cacheStats, type CacheStats } from './cache-budget.js';
import { credentialSource, keptCredentials, type CredentialSource, type S3Credentials } from './credentials.js';

export interface ConnectInput {
  /** s3://bucket/prefix */
  url: string;
  endpoint?: string | null;
  region?: string | null;
  pathStyle?: boolean;
  cacheMaxBytes?: number | null;
  /** Make the bucket when it does not exist (a fresh test server, a new self-hosted store). */
  createBucket?: boolean;
  /**
   * Keys for this bucket, for a host that keeps them (the desktop app): checked against the bucket,
   * then handed to ctx.credentials to keep. Without them, the keys the host already has are used.
   */
  credentials?: S3Credentials;
}

/**
 * Connects the library to a bucket: checks the bucket answers to these credentials, claims the
 * prefix with the library's marker (refused if another library's), records the addressing in the
 * catalog and queues every stored blob for upload. Reconnecting to the same bucket and prefix (a new
 * endpoint address, another region setting, new keys) is allowed; moving to another one is not
 * while the bucket holds content this library counts on. New keys are kept only once the bucket
 * accepted them, and never in the catalog.
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
  if (input.credentials) {
    const why = ctx.credentials.whyCannotSave();
    if (why) throw new ReelvaultError('FORBIDDEN', why);
  }
  const store = new RemoteStore(config, { credentials: input.credentials ?? keptCredentials(ctx.credentials, config) });
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
  if (input.credentials) await ctx.credentials.save(config, input.credentials);
  writeRemoteConfig(ctx.db, config, nowIso(ctx));
  attachRemote(ctx);
  return config;
}

export interface RemoteStatus extends CacheStats {
  url: string;
  endpoint: string | null;
  region: string;
  pathStyle: boolean;
  /** Where the keys come from: kept by this app, the environment, or nowhere yet. Never the keys. */
  credentials: CredentialSource;
  /** Projects whose content is never evicted. */
  keepOffline: string[];
}

/** What `library info` and the status bar show; nothing here touches the network. */
export function remoteStatus(ctx: StorageContext): RemoteStatus | null {
  const c = readRemoteConfig(ctx.db);
  if (!c) return null;
  const keepOffline = ctx.db.prepare('SELECT project_id FROM remote_keep_offline ORDER BY project_id').pluck().all() as string[];
  return { url: s3Url(c), endpoint: c.endpoint, region: c.region, pathStyle: c.pathStyle, credentials: credentialSource(ctx.credentials, c), keepOffline, ...cacheStats(ctx) };
}

/** Marks a project's content as never evicted (or clears the mark). */
export function setKeepOffline(ctx: StorageContext, projectId: string, keep: boolean): void {
  if (keep) ctx.db.prepare('INSERT OR IGNORE INTO remote_keep_offline (project_id) VALUES (?)').run(projectId);
  else ctx.db.prepare('DELETE FROM remote_keep_offline WHERE project_id = ?').run(projectId);
}
