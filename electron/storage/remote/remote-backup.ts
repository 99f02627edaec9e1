import { createHash } from 'node:crypto';
import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { ReelvaultError, invalid } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { schemaVersion } from '../core/db.js';
import { tempName, unlinkQuiet, fsyncDir } from '../core/fs-durable.js';
import { checkpointWithTree, insertCheckpoint, manifestOf } from '../checkpoints/checkpoints.js';
import { scanWorkspace } from '../workspace/tree-scan.js';
import { gcEpoch, retryIfCollected } from '../maintenance/gc-guard.js';
import type { ProjectRow } from '../projects/project-rows.js';
import { workspaceRoot } from '../projects/project-rows.js';
import { libraryIdOf, parseS3Url, checkEndpoint, DEFAULT_REGION, type RemoteConfig } from './remote-config.js';
import { attachRemote, type RemoteLink } from './remote-link.js';
import { RemoteStore } from './remote-store.js';
import { readMarker } from './remote-marker.js';
import { drainOutbox, type SyncProgress } from './uploader.js';
import { startSession, type ProcessSession } from '../core/process-session.js';

const CATALOG_DIR = 'catalog';
const LATEST = `${CATALOG_DIR}/latest.json`;
/** Catalog snapshots kept in the bucket (older ones are deleted once a newer one is in place). */
const KEEP_CATALOGS = 10;

export interface CatalogPointer {
  format: 1;
  key: string;
  sha256: string;
  size: number;
  createdAt: string;
  schema: number;
  libraryId: string;
}

export interface RemoteBackupReport {
  url: string;
  catalogKey: string;
  catalogBytes: number;
  createdAt: string;
  /** Library workspaces whose current state was checkpointed first ("Backup …"), so it is in the bucket. */
  workspacesCheckpointed: number;
  /** Content still not in the bucket (uploads that failed): a restore elsewhere would miss it. */
  notInBucket: number;
}

/**
 * Puts what a restore on another machine needs into the bucket: the current state of every library
 * workspace (checkpointed when it matches no checkpoint — ordinary "auto" checkpoints), every blob
 * (the outbox drained), then a snapshot of the catalog (SQLite's online backup, safe while the app
 * runs) and last the pointer to it, so `latest.json` always names a whole catalog whose content is
 * already uploaded.
 */
export async function backupCatalogToRemote(ctx: StorageContext, link: RemoteLink, onProgress?: (p: SyncProgress) => void): Promise<RemoteBackupReport> {
  const createdAt = nowIso(ctx);
  let workspacesCheckpointed = 0;
  const projects = ctx.db.prepare('SELECT * FROM projects WHERE deleted_at IS NULL AND workspace_path IS NULL ORDER BY id').all() as ProjectRow[];
  for (const project of projects) {
    const root = workspaceRoot(ctx, project);
    if (!existsSync(root)) continue;
    await retryIfCollected(async () => {
      const epoch = gcEpoch(ctx);
      const scan = await scanWorkspace(ctx, project.id, root, 'store');
      if (checkpointWithTree(ctx, project.id, scan)) return;
      insertCheckpoint(ctx, project, scan, { name: `Backup ${createdAt.replace('T', ' ').slice(0, 19)} UTC`, description: 'Saved automatically by a backup to the bucket.', kind: 'auto' }, epoch);
      workspacesCheckpointed++;
    });
  }
  const sync = await drainOutbox(ctx, link, { now: true, onProgress });
  if (sync.offline) throw new ReelvaultError('OFFLINE', `not available offline — ${link.store.url} cannot be reached; the backup was not written (${sync.failed[0]?.error ?? ''})`);

  const tmp = path.join(ctx.dirs.tmp, tempName('catalog'));
  try {
    await ctx.db.backup(tmp);
    const { sha256, size } = await ctx.blobs.hashFile(tmp);
    const key = link.store.key(`${CATALOG_DIR}/library-${createdAt.replace(/[:.]/g, '-')}-${sha256.slice(0, 12)}.db`);
    await link.store.putFile(key, tmp, size, sha256);
    const pointer: CatalogPointer = { format: 1, key, sha256, size, createdAt, schema: schemaVersion(), libraryId: libraryIdOf(ctx.db) };
    await link.store.putBytes(link.store.key(LATEST), JSON.stringify(pointer, null, 2) + '\n');
    await pruneCatalogs(link.store, key);
    return { url: link.store.url, catalogKey: key, catalogBytes: size, createdAt, workspacesCheckpointed, notInBucket: sync.left };
  } finally {
    await unlinkQuiet(tmp);
  }
}

async function pruneCatalogs(store: RemoteStore, keep: string): Promise<void> {
  const all: string[] = [];
  for await (const o of store.list(store.key(`${CATALOG_DIR}/library-`))) all.push(o.key);
  // Names sort by time (ISO stamps); the newest KEEP_CATALOGS stay, and always the one just written.
  const old = all.sort().slice(0, Math.max(0, all.length - KEEP_CATALOGS)).filter((k) => k !== keep);
  if (old.length) await store.deleteMany(old);
}

export interface RemoteRestoreInput {
  url: string;
  endpoint?: string | null;
  region?: string | null;
  pathStyle?: boolean;
}

export interface RemoteRestoreReport {
  dir: string;
  url: string;
  catalogKey: string;
  catalogCreatedAt: string;
  projects: number;
  workspaceFiles: number;
  /** Projects whose folder was outside the library on the original machine: not written here. */
  adoptedSkipped: number;
}

/**
 * Brings a library back from its bucket into an empty folder (another machine, a new disk): the
 * latest catalog snapshot, then each library workspace as its newest checkpoint left it. Content
 * stays in the bucket and comes into the cache as it is used (the workspaces' files now).
 * `openLibrary` is passed in so this module does not depend on how a library is opened.
 */
export async function restoreFromRemote(
  input: RemoteRestoreInput,
  dest: string,
  open: (dir: string) => { ctx: StorageContext; close(): void },
): Promise<RemoteRestoreReport> {
  const { bucket, prefix } = parseS3Url(input.url);
  const config: RemoteConfig = {
    bucket,
    prefix,
    endpoint: input.endpoint ? checkEndpoint(input.endpoint) : null,
    region: input.region ?? DEFAULT_REGION,
    pathStyle: !!input.pathStyle,
    cacheMaxBytes: null,
  };
  const root = path.resolve(dest);
  const entries = await fsp.readdir(root).catch(() => [] as string[]);
  if (entries.length > 0) throw invalid(`${dest} is not empty; restore into a new folder`);
  const store = new RemoteStore(config);
  let pointer: CatalogPointer | null;
  let session: ProcessSession | null = null;
  try {
    pointer = await store.getJson<CatalogPointer>(store.key(LATEST));
    if (!pointer) throw new ReelvaultError('NOT_FOUND', `${store.url} holds no catalog backup (${LATEST}); run "reelvault backup" where the library is`);
    const marker = await readMarker(store);
    if (marker && marker.libraryId !== pointer.libraryId) throw new ReelvaultError('CONFLICT', `${store.url}'s marker names library ${marker.libraryId} but its catalog backup is of ${pointer.libraryId}`);
    if (pointer.schema > schemaVersion()) throw new ReelvaultError('CONFLICT', `the catalog in ${store.url} was written by a newer Reelvault (schema ${pointer.schema}); update Reelvault to restore it`);
    // A temp folder of this process's own (process-session.ts), as every temp file of a library has.
    session = startSession(path.join(root, 'tmp'));
    const tmp = path.join(session.dir, tempName('catalog'));
    const hash = createHash('sha256');
    try {
      const { body } = await store.getStream(pointer.key);
      const fh = await fsp.open(tmp, 'wx', 0o644);
      try {
        for await (const chunk of body as AsyncIterable<Buffer>) {
          hash.update(chunk);
          let off = 0;
          while (off < chunk.length) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (err) {
      await unlinkQuiet(tmp);
      throw store.wrap(err, `reading ${pointer.key}`);
    }
    const got = hash.digest('hex');
    if (got !== pointer.sha256) {
      await unlinkQuiet(tmp);
      throw new ReelvaultError('IO', `the catalog backup ${pointer.key} is damaged (it hashes to ${got}, not ${pointer.sha256})`);
    }
    await fsp.rename(tmp, path.join(root, 'library.db'));
    await fsyncDir(root);
  } finally {
    store.close();
    session?.close();
  }

  const lib = open(root);
  try {
    const ctx = lib.ctx;
    ctx.db.transaction(() => {
      // This machine reaches the bucket as told now; nothing of its content is here yet.
      ctx.db.prepare('UPDATE remote_config SET endpoint = ?, region = ?, path_style = ? WHERE id = 1').run(config.endpoint, config.region, config.pathStyle ? 1 : 0);
      ctx.db.prepare('UPDATE remote_blobs SET local = 0').run();
    })();
    // The catalog named the bucket; the link opened with the catalog uses the endpoint just set.
    attachRemote(ctx);
    const report: RemoteRestoreReport = { dir: root, url: store.url, catalogKey: pointer.key, catalogCreatedAt: pointer.createdAt, projects: 0, workspaceFiles: 0, adoptedSkipped: 0 };
    const projects = ctx.db.prepare('SELECT * FROM projects WHERE deleted_at IS NULL ORDER BY id').all() as ProjectRow[];
    for (const p of projects) {
      if (p.workspace_path !== null) {
        report.adoptedSkipped++;
        continue;
      }
      report.projects++;
      const latest = ctx.db.prepare('SELECT id FROM checkpoints WHERE project_id = ? ORDER BY seq DESC LIMIT 1').pluck().get(p.id) as string | undefined;
      if (latest) report.workspaceFiles += await writeManifest(ctx, workspaceRoot(ctx, p), latest);
    }
    return report;
  } finally {
    lib.close();
  }
}

/** Writes a checkpoint's folders and files into an empty workspace (content through the cache). */
async function writeManifest(ctx: StorageContext, root: string, checkpointId: string): Promise<number> {
  await fsp.mkdir(root, { recursive: true });
  let files = 0;
  for (const e of manifestOf(ctx, checkpointId)) {
    const abs = path.join(root, e.path);
    if (e.kind === 'dir') {
      await fsp.mkdir(abs, { recursive: true });
      continue;
    }
    await fsp.mkdir(path.dirname(abs), { recursive: true });
    const tmp = path.join(path.dirname(abs), tempName('restore'));
    try {
      await ctx.blobs.copyOut(e.sha256 as string, tmp, e.size);
      await fsp.chmod(tmp, e.mode & 0o777);
      await fsp.rename(tmp, abs);
    } catch (err) {
      await unlinkQuiet(tmp);
      throw err;
    }
    files++;
  }
  return files;
}
