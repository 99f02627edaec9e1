/**
 * The storage library: one object with every operation, grouped by what it works on. Each takes the
 * actor first; visibility is decided from it on every call. Used by the CLI, the web host and the
 * Electron main process alike — it never imports electron.
 */
import type { Readable } from 'node:stream';
import type { Actor, DiffSide, JobRecord, NotesExportFormat } from '../../shared/models.js';
import type { RenderJob } from '../../shared/render-models.js';
import { openLibrary, type LibraryOptions, type OpenLibrary } from './core/library.js';
import * as projects from './projects/projects.js';
import * as files from './workspace/workspace-files.js';
import * as assets from './assets/assets.js';
import { MatchCounter } from './assets/match-counter.js';
import * as selection from './assets/asset-selection.js';
import * as marks from './assets/asset-marks.js';
import * as searches from './assets/saved-searches.js';
import * as importer from './assets/asset-import.js';
import * as renders from './renders/renders.js';
import * as renderSources from './renders/render-sources.js';
import * as comparisons from './renders/render-comparisons.js';
import * as renderJobs from './renders/render-jobs.js';
import * as checkpoints from './checkpoints/checkpoints.js';
import { restoreCheckpoint } from './checkpoints/checkpoint-restore.js';
import { diffCheckpoints } from './checkpoints/checkpoint-diff.js';
import * as trash from './maintenance/trash.js';
import { verifyLibrary } from './maintenance/verify.js';
import { collectGarbage } from './maintenance/gc.js';
import { sweepExpired } from './maintenance/expiry.js';
import { backupLibrary, restoreBackup } from './maintenance/backup.js';
import { repairLibrary } from './maintenance/repair.js';
import * as media from './blobs/media-store.js';
import * as notes from './renders/review-notes.js';
import { gcEpoch } from './maintenance/gc-guard.js';
import { forbidden } from '../../shared/errors.js';
import { remoteApi } from './remote/index.js';

export type Storage = ReturnType<typeof createStorage>;

export function createStorage(lib: OpenLibrary) {
  const ctx = lib.ctx;
  /** Where the media worker's claims have looked in this open library (media-store.ts). */
  const claimCursor = new media.MediaClaimCursor();
  /** Counts of whole matches, on a thread of their own (match-counter.ts). */
  const counter = new MatchCounter(ctx.db);
  /** A write: refused at once on a read-only library, with the folder named, before anything is tried. */
  const w = <A extends unknown[], R>(f: (...args: A) => R) => (...args: A): R => {
    if (ctx.readOnly) throw forbidden(`the library ${ctx.dirs.root} is open read-only (${ctx.readOnlyReason ?? 'as asked'}); nothing was changed`);
    return f(...args);
  };
  return {
    ctx,
    openReport: lib.openReport,
    onChange: lib.onChange,
    close: () => {
      counter.close();
      lib.close();
    },
    searches: {
      list: (a: Actor) => searches.listSearches(ctx, a),
      save: w((a: Actor, name: string, filter: Record<string, unknown>, opts?: { shared?: boolean }) => searches.saveSearch(ctx, a, name, filter, opts)),
      delete: w((a: Actor, id: string) => searches.deleteSearch(ctx, a, id)),
    },
    projects: {
      create: w((a: Actor, input: projects.CreateProjectInput) => projects.createProject(ctx, a, input)),
      adopt: w((a: Actor, input: projects.AdoptProjectInput) => projects.adoptProject(ctx, a, input)),
      get: (a: Actor, id: string) => projects.getProject(ctx, a, id),
      update: w((a: Actor, id: string, patch: projects.ProjectPatch) => projects.updateProject(ctx, a, id, patch)),
      list: (a: Actor, input?: projects.ListProjectsInput) => projects.listProjects(ctx, a, input),
      delete: w((a: Actor, id: string) => projects.deleteProject(ctx, a, id)),
    },
    files: {
      list: (a: Actor, projectId: string, dir?: string, opts?: { recursive?: boolean }) => files.listFiles(ctx, a, projectId, dir, opts),
      stat: (a: Actor, projectId: string, p: string) => files.statFile(ctx, a, projectId, p),
      read: (a: Actor, projectId: string, p: string) => files.readFile(ctx, a, projectId, p),
      write: w((a: Actor, projectId: string, p: string, source: files.WriteSource, opts?: files.WriteOptions) => files.writeFile(ctx, a, projectId, p, source, opts)),
      mkdir: w((a: Actor, projectId: string, p: string) => files.makeDir(ctx, a, projectId, p)),
      move: w((a: Actor, projectId: string, from: string, to: string, opts?: { overwrite?: boolean }) => files.moveFile(ctx, a, projectId, from, to, opts)),
      delete: w((a: Actor, projectId: string, p: string) => files.deleteFile(ctx, a, projectId, p)),
    },
    assets: {
      importPaths: w((a: Actor, paths: readonly string[], opts?: importer.ImportOptions) => importer.importPaths(ctx, a, paths, opts)),
      importStream: w((a: Actor, name: string, source: Readable | AsyncIterable<Uint8Array>, opts?: importer.ImportOptions) => importer.importStream(ctx, a, name, source, opts)),
      get: (a: Actor, id: string) => assets.getAsset(ctx, a, id),
      read: (a: Actor, id: string) => assets.readAsset(ctx, a, id),
      update: w((a: Actor, id: string, patch: assets.AssetPatch) => assets.updateAsset(ctx, a, id, patch)),
      search: (a: Actor, input?: assets.SearchAssetsInput) => assets.searchAssets(ctx, a, input),
      /** search, with `withTotal`'s count run off this thread where a worker can run (hosts use this one). */
      searchCounted: (a: Actor, input: assets.SearchAssetsInput) => assets.searchAssetsCounted(ctx, a, input, counter),
      /** Every id the filter matches (select-all on the host), less `except`. */
      matchingIds: (a: Actor, filter: selection.AssetFilter, except?: readonly string[]) => selection.matchingAssetIds(ctx, a, filter, except),
      mark: w((a: Actor, ids: readonly string[], patch: marks.MarkPatch) => marks.markAssets(ctx, a, ids, patch)),
      bulk: w((a: Actor, filter: selection.AssetFilter, action: selection.BulkAction, except?: readonly string[]) => selection.bulkByFilter(ctx, a, filter, action, except)),
      tag: w((a: Actor, ids: readonly string[], tags: readonly string[]) => assets.tagAssets(ctx, a, ids, tags)),
      untag: w((a: Actor, ids: readonly string[], tags: readonly string[]) => assets.untagAssets(ctx, a, ids, tags)),
      link: w((a: Actor, ids: readonly string[], projectId: string) => assets.linkAssets(ctx, a, ids, projectId)),
      unlink: w((a: Actor, ids: readonly string[], projectId: string) => assets.unlinkAssets(ctx, a, ids, projectId)),
      delete: w((a: Actor, ids: readonly string[]) => assets.deleteAssets(ctx, a, ids)),
    },
    /** Review notes on frames and ranges of renders, and on checkpoints (issue 14). */
    notes: {
      add: w((a: Actor, target: notes.NoteTarget, input: notes.AddNoteInput) => notes.addNote(ctx, a, target, input)),
      get: (a: Actor, id: string) => notes.getNote(ctx, a, id),
      list: (a: Actor, scope: notes.NoteTarget | { projectId: string }) => notes.listNotes(ctx, a, scope),
      update: w((a: Actor, id: string, body: string) => notes.updateNote(ctx, a, id, body)),
      delete: w((a: Actor, id: string) => notes.deleteNote(ctx, a, id)),
      export: (a: Actor, scope: notes.NoteTarget | { projectId: string }, format: NotesExportFormat) => notes.exportNotes(ctx, a, scope, format),
    },
    renders: {
      store: w((a: Actor, projectId: string, source: renders.RenderSource, meta?: renders.RenderMetaInput) => renders.storeRender(ctx, a, projectId, source, meta)),
      get: (a: Actor, id: string) => renders.getRender(ctx, a, id),
      list: (a: Actor, projectId: string) => renders.listRenders(ctx, a, projectId),
      read: (a: Actor, id: string, range?: { start: number; end: number }) => renders.readRender(ctx, a, id, range),
      update: w((a: Actor, id: string, meta: renders.RenderMetaInput) => renders.updateRender(ctx, a, id, meta)),
      export: (a: Actor, id: string, dest: string, opts?: { overwrite?: boolean }) => renders.exportRender(ctx, a, id, dest, opts),
      delete: w((a: Actor, id: string) => renders.deleteRender(ctx, a, id)),
      /** For the render worker: the checkpoint a render of the workspace starts from (made when the state is new). */
      checkpointWorkspace: w((a: Actor, projectId: string) => renderSources.checkpointForRender(ctx, a, projectId)),
      /** For the render worker: a checkpoint's files written into a folder of its own, from the blob store. */
      materialise: (a: Actor, checkpointId: string, dest: string) => renderSources.materialiseCheckpoint(ctx, a, checkpointId, dest),
      previous: (a: Actor, id: string) => comparisons.previousRender(ctx, a, id),
      comparison: (a: Actor, aId: string, bId: string) => comparisons.getComparison(ctx, a, aId, bId),
      saveComparison: w((aId: string, bId: string, outcome: Parameters<typeof comparisons.saveComparison>[3]) => comparisons.saveComparison(ctx, aId, bId, outcome)),
      /** The render worker's job records (migration 015): kept across restarts, interrupted ones marked. */
      jobs: {
        save: w((job: RenderJob) => renderJobs.saveRenderJob(ctx, job)),
        delete: w((ids: string[]) => renderJobs.deleteRenderJobs(ctx, ids)),
        takeOver: w(() => renderJobs.takeOverRenderJobs(ctx, ctx.now().toISOString())),
      },
    },
    checkpoints: {
      create: w((a: Actor, projectId: string, input: checkpoints.CreateCheckpointInput, opts?: Parameters<typeof checkpoints.createCheckpoint>[4]) => checkpoints.createCheckpoint(ctx, a, projectId, input, opts)),
      list: (a: Actor, projectId: string) => checkpoints.listCheckpoints(ctx, a, projectId),
      get: (a: Actor, id: string) => checkpoints.getCheckpoint(ctx, a, id),
      restore: w((a: Actor, id: string) => restoreCheckpoint(ctx, a, id)),
      delete: w((a: Actor, id: string) => checkpoints.deleteCheckpoint(ctx, a, id)),
      diff: (a: Actor, projectId: string, from: DiffSide, to: DiffSide, opts?: { content?: boolean }) => diffCheckpoints(ctx, a, projectId, from, to, opts),
    },
    trash: {
      list: (a: Actor) => trash.listTrash(ctx, a),
      restore: w((a: Actor, ids: readonly string[]) => trash.restoreFromTrash(ctx, a, ids)),
      empty: w((a: Actor, ids?: readonly string[]) => trash.emptyTrash(ctx, a, ids)),
    },
    verify: (opts?: { full?: boolean; onProgress?: (done: number, total: number) => void }) => verifyLibrary(ctx, opts),
    gc: w((opts?: { graceMs?: number; remoteGraceMs?: number }) => collectGarbage(ctx, opts)),
    sweepExpired: w(() => sweepExpired(ctx)),
    repair: w((opts?: { full?: boolean }) => repairLibrary(ctx, opts)),
    /** For the media worker: what needs probing and thumbnails, and where results go. */
    media: {
      /** The gc epoch, noted before derived images are stored (see gc-guard.ts). */
      epoch: () => gcEpoch(ctx),
      claimWork: (limit?: number) => media.claimMediaWork(ctx, limit, claimCursor),
      /** False while asset rows remain that no claim has looked at since the library opened (call claimWork again). */
      claimDone: () => claimCursor.done,
      pending: (page?: { after: string; limit: number }) => media.pendingMedia(ctx, page),
      saveResult: w((sha256: string, result: media.MediaResult, epochBefore?: number) => media.saveMediaResult(ctx, sha256, result, epochBefore)),
      reset: (sha256: string) => {
        media.resetMedia(ctx, sha256);
        claimCursor.recheck.add(sha256);
      },
      saveProxy: w((sha256: string, r: { proxy: { sha256: string; size: number } } | { error: string }, epochBefore?: number) => media.saveProxy(ctx, sha256, r, epochBefore)),
      pendingProxies: () => media.pendingProxies(ctx),
      undecidedVideos: (limit?: number) => media.undecidedVideos(ctx, limit),
      settleProxyDecision: w((sha256: string, browserPlayable: boolean) => media.settleProxyDecision(ctx, sha256, browserPlayable)),
      forContent: (shas: readonly string[]) => media.mediaFor(ctx, shas),
      jobs: {
        save: (j: JobRecord) => media.jobRows.save(ctx, j),
        remove: (id: string) => media.jobRows.remove(ctx, id),
        loadPending: () => media.jobRows.loadPending(ctx),
        /** Many saves and removals in one transaction (the queue batches what one stretch of work queued). */
        apply: (ops: readonly ({ save: JobRecord } | { remove: string })[]) => media.jobRows.apply(ctx, ops),
      },
    },
    backup: (dir: string, onProgress?: (done: number, total: number) => void) => backupLibrary(ctx, dir, onProgress),
    /** The library's bucket (electron/storage/remote). */
    remote: remoteApi(ctx),
  };
}

/** Opens a library and wraps it in the storage API. */
export function openStorage(opts: LibraryOptions): Storage {
  return createStorage(openLibrary(opts));
}

export { openLibrary, type LibraryOptions, type OpenLibrary };
export { defaultLibraryDir, isAppDataDir } from './core/default-dir.js';
export { libraryLayout } from './core/library.js';
export { restoreBackup };
export { rebuildCatalog } from './maintenance/catalog-rebuild.js';
/** A catalog snapshot now (`force`), for a caller that wants a library at rest before it measures it (the bench's fixtures). */
export { maintainSnapshots } from './maintenance/catalog-snapshot.js';
export { restoreBackupFromBucket } from './remote/index.js';

// Everything else the hosts, media, render, bench and tests use from storage comes through here too:
// this file is the library's only public surface (eslint.config.js refuses imports of the folders inside).
export { checkLibraryFolder, LibraryFolderError } from './core/library-folder.js';
export type { Db } from './core/db.js';
export { describeVisibleBlob, type VisibleBlob } from './blobs/blob-access.js';
export { mimeFor, mimeForExtension, readHead, sniffBytes } from './blobs/sniff.js';
export type { MediaResult, MediaTarget } from './blobs/media-store.js';
export { normalizeRelPath } from './workspace/safe-path.js';
export { storeWorkspaceMedia, type WorkspaceMedia } from './workspace/workspace-media.js';
export { CALL_DIFF_STEPS } from './checkpoints/text-diff.js';
export type { ComparisonResult } from './renders/render-comparisons.js';
export type { NoteTarget } from './renders/review-notes.js';
export { WorkspaceWatcher, attachWatcher, attachedWatcher, detachWatcher, type DirtyPaths } from './watch/workspace-watcher.js';
// A workspace walk on its own (benchmarks and tests compare a checkpoint's scan with it).
export { scanWorkspace } from './workspace/tree-scan.js';
export { credentialKey, type CredentialProvider, type CredentialTarget, type S3Credentials } from './remote/credentials.js';
export type { BackgroundSync, RemoteStatus, SyncReport } from './remote/index.js';
/** For benchmarks and seeding: rows inserted in bulk, and the search query, as the library builds them. */
export { insertAssets } from './assets/asset-bulk.js';
export { buildSearchQuery, ftsQuery, type SearchAssetsInput } from './assets/assets.js';
