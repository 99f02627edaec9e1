/**
 * The library's bucket, as the storage API offers it (storage.remote.*): connect, status, sync,
 * the cache budget, "keep offline", and the catalog backup. Restore from a bucket is a free
 * function, since there is no library yet to call it on.
 */
import type { Actor } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';
import { openLibrary } from '../core/library.js';
import { projectRow } from '../projects/project-rows.js';
import { setCacheBudget } from './remote-config.js';
import { connectRemote, remoteStatus, setKeepOffline, type ConnectInput } from './remote-connect.js';
import { requireRemote } from './remote-link.js';
import { drainOutbox, type SyncOptions } from './uploader.js';
import { enforceBudget } from './cache-budget.js';
import { backupCatalogToRemote, restoreFromRemote, type RemoteRestoreInput } from './remote-backup.js';
import type { SyncProgress } from './uploader.js';
import { BackgroundSync, type SyncStatus } from './background-sync.js';

export function remoteApi(ctx: StorageContext) {
  return {
    connect: (input: ConnectInput) => connectRemote(ctx, input),
    /** Null for a library without a bucket. */
    status: () => remoteStatus(ctx),
    /** Whether content stored since this time waits in the outbox (a command's own new content). */
    hasQueuedSince: (iso: string) => !!ctx.db.prepare('SELECT 1 FROM remote_outbox WHERE queued_at >= ? LIMIT 1').pluck().get(iso),
    sync: (opts?: SyncOptions) => drainOutbox(ctx, requireRemote(ctx), opts),
    evict: (opts?: { budgetBytes?: number }) => {
      requireRemote(ctx);
      return enforceBudget(ctx, opts);
    },
    setCacheBudget: (bytes: number | null) => {
      requireRemote(ctx);
      setCacheBudget(ctx.db, bytes);
    },
    keepOffline: (actor: Actor, projectId: string, keep: boolean) => {
      projectRow(ctx, actor, projectId);
      setKeepOffline(ctx, projectId, keep);
    },
    backup: (onProgress?: (p: SyncProgress) => void) => backupCatalogToRemote(ctx, requireRemote(ctx), onProgress),
    /** The hosts' upload job: drains the outbox in the background (call start()). */
    background: (onStatus?: (s: SyncStatus) => void) => new BackgroundSync(ctx, onStatus),
  };
}

/** Brings a library back from its bucket into an empty folder. */
export function restoreBackupFromBucket(input: RemoteRestoreInput, dest: string) {
  return restoreFromRemote(input, dest, (dir) => openLibrary({ provider: 'filesystem', dir, sweepIntervalMs: 3_600_000 }));
}

export type { ConnectInput } from './remote-connect.js';
export type { RemoteStatus } from './remote-connect.js';
export type { SyncProgress, SyncReport, SyncOptions } from './uploader.js';
export type { EvictReport, CacheStats } from './cache-budget.js';
export type { BackgroundSync, SyncStatus } from './background-sync.js';
export type { RemoteBackupReport, RemoteRestoreReport } from './remote-backup.js';
export { parseS3Url, s3Url } from './remote-config.js';
