/**
 * The one contract between the UI and a host (Electron main or the web host). Every channel is
 * declared here and only here: a zod schema for its single input object, the type of its output and
 * a one-line description. The handler table in electron/api is typed from this object, so a channel
 * without a handler, or a handler with other types, does not compile; both hosts validate input
 * with these schemas at the boundary and answer a `Result`.
 */
import { z } from 'zod';
import type { ErrorPayload } from './errors.js';
import type {
  Actor,
  Asset,
  Checkpoint,
  CheckpointDiff,
  CheckpointSummary,
  FileEntry,
  GcReport,
  ImportProgress,
  ImportSummary,
  JobEvent,
  Project,
  ProjectDetail,
  Render,
  ReviewNote,
  TrashItem,
  VerifyReport,
  RestoreResult,
  JobRecord,
  JobCounts,
  RepairReport,
  BackupReport,
  SavedSearch,
} from './models.js';
import { ASSET_TYPES, COLOR_LABELS, SCOPES, TEMPLATES } from './models.js';
import { ASSET_PAGE, ASSET_SORTS, limitMessages, PROJECT_FPS, PROJECT_NAME_MAX, PROJECT_SIDE, PROJECT_SORTS, PROJECT_THEME_MAX, SORT_ORDERS } from './limits.js';
import { PRESET_NAMES, type ProjectPreset } from './presets.js';
import { RENDER_CODECS, type CompositionInfo, type FrameComparison, type RenderJob } from './render-models.js';
import { settingsPatch } from './settings-schema.js';
import type { SettingsView } from './settings.js';

/** What every call answers: a value, or an error with a stable code. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** A phantom marker carrying an output type; it is never read at run time. */
function returns<T>(): T {
  return undefined as T;
}

// ---- shared pieces of input --------------------------------------------------------------------

const idOf = (prefix: 'prj' | 'ast' | 'rnd' | 'ckp') => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{1,64}$`), `must be a ${prefix}_… id`);
const projectId = idOf('prj');
const assetId = idOf('ast');
const renderId = idOf('rnd');
const checkpointId = idOf('ckp');
/** A path inside a workspace: relative, forward slashes; the library refuses anything that leaves it. */
const relPath = z.string().max(4096).refine((s) => !s.includes('\0'), 'must not contain NUL');
const absPath = z.string().min(1).max(4096).refine((s) => !s.includes('\0'), 'must not contain NUL');
const name200 = z.string().trim().min(1, 'must not be empty').max(PROJECT_NAME_MAX);
const scope = z.enum(SCOPES);
const ttlHours = z.number().positive().max(24 * 365);
const tag = z.string().trim().min(1).max(100);
const tags = z.array(tag).max(1000);
// Limits from shared/limits.ts, worded as the library words them (dispatch prints a message that names its field as is).
const fps = z.number().min(PROJECT_FPS.min, limitMessages.fps).max(PROJECT_FPS.max, limitMessages.fps);
const side = (k: 'width' | 'height') => z.number().int(limitMessages.side(k)).min(PROJECT_SIDE.min, limitMessages.side(k)).max(PROJECT_SIDE.max, limitMessages.side(k));
const projectSettings = { theme: z.string().max(PROJECT_THEME_MAX, limitMessages.theme).optional(), fps: fps.optional(), width: side('width').optional(), height: side('height').optional() };
const sortOrder = z.enum(SORT_ORDERS, limitMessages.order);
const diffSide = z.union([z.strictObject({ checkpointId }), z.strictObject({ workspace: z.literal(true) })]);
const assetIds = z.array(assetId).min(1).max(10_000);
/** What an asset search matches: shared by the search and the bulk actions on its whole result. */
const assetFilter = {
  query: z.string().max(500).optional(),
  type: z.enum(ASSET_TYPES).optional(),
  tag: tag.optional(),
  projectId: projectId.optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  minRating: z.number().int().min(1).max(5).optional(),
  label: z.enum(COLOR_LABELS).optional(),
  codec: z.string().trim().min(1).max(50).optional(),
  minWidth: z.number().int().min(1).max(65535).optional(),
  minHeight: z.number().int().min(1).max(65535).optional(),
  minDuration: z.number().min(0).max(1e7).optional(),
  maxDuration: z.number().min(0).max(1e7).optional(),
};
const markPatch = { rating: z.number().int().min(1).max(5).nullable().optional(), label: z.enum(COLOR_LABELS).nullable().optional() };
const importId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -');
const noInput = z.strictObject({});
const jobId = z.string().min(1).max(200);
/** Remotion's own rule for composition ids: letters, digits and dashes. */
const compositionId = z.string().regex(/^[\p{L}\p{N}-]{1,200}$/u, 'must be letters, digits and dashes (a Remotion composition id)');
const frameRange = z
  .strictObject({ from: z.number().int().min(0).max(10_000_000), to: z.number().int().min(0).max(10_000_000) })
  .refine((r) => r.to >= r.from, 'to must not be before from');
const noteId = z.string().regex(/^note_[0-9a-z]{1,64}$/, 'must be a note_… id');
const noteBody = z.string().trim().min(1, 'a note must say something').max(10_000);
const frame = z.number().int().min(0).max(10_000_000);
/** What a note list or export covers: one render, one checkpoint, or a whole project. */
const notesFormat = z.enum(['csv', 'text']);
const noteScope = z.union([z.strictObject({ renderId }), z.strictObject({ checkpointId }), z.strictObject({ projectId })]);
/** A render or an asset, by id: things whose stored file the desktop can show or hand to another app. */
const storedItem = z.union([z.strictObject({ renderId }), z.strictObject({ assetId })]);
/** Bytes of a cache budget (null: the default, half of the free disk). */
const budgetBytes = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable();
/** Keys typed into the desktop app's settings: kept encrypted by the host, never echoed back. */
const s3KeyPair = {
  accessKeyId: z.string().trim().min(1).max(256).optional(),
  secretAccessKey: z.string().min(1).max(1024).optional(),
};

/** Text reads stop here unless a smaller cap is asked for; the viewer shows the first part of huge files. */
export const TEXT_READ_DEFAULT = 1024 * 1024;
export const TEXT_READ_MAX = 16 * 1024 * 1024;

// ---- outputs that are not plain records ----------------------------------------------------------

export interface TextContent {
  path: string;
  /** UTF-8 text of the first `maxBytes` bytes; empty when binary. */
  text: string;
  size: number;
  truncated: boolean;
  /** A NUL byte near the start: not text. */
  binary: boolean;
  /** SHA-256 of the file's bytes when all of it was read: pass it back as files.writeText's expectSha256. */
  sha256?: string;
}

export interface MediaRef {
  /** Use with the client's mediaUrl(sha256). */
  sha256: string;
  size: number;
  mime: string;
}

/** Whether the host now follows a workspace's disk edits (web and desktop hosts do), and its folder. */
export interface WatchState {
  watching: boolean;
  path: string;
}

export interface AssetPage {
  items: Asset[];
  nextCursor: string | null;
  /** Every match, when asked for (withTotal). */
  total?: number;
}

export type { RestoreResult } from './models.js';

/** 'mcp': an agent over the Model Context Protocol (`reelvault mcp`, stdio); 'cli': the `reelvault` command. */
export type HostKind = 'desktop' | 'web' | 'mcp' | 'cli';

/** The media jobs panel: what is running, queued and failed, and whether the queue is paused. */
export interface JobsState {
  jobs: JobRecord[];
  counts: JobCounts;
  paused: boolean;
  /** The upload to the library's bucket (null: the library has no bucket). */
  upload?: UploadJob | null;
}

// The id jobs.retry takes for the upload job; in models.ts, so the UI imports it without zod.
export { UPLOAD_JOB_ID } from './models.js';

/** The background upload to a library's bucket, as the status bar and the jobs panel show it. */
export interface UploadJob {
  /** paused: by the user; offline: the bucket cannot be reached, the outbox waits and retries. */
  state: 'idle' | 'uploading' | 'paused' | 'offline';
  /** s3://bucket/prefix */
  url: string;
  /** What is not in the bucket yet. */
  outboxBlobs: number;
  outboxBytes: number;
  /** What is left to send: the outbox less what this run already sent of the files in flight. */
  leftBytes: number;
  /** This run's files and bytes, while uploading. */
  progress: { filesDone: number; filesTotal: number; bytesDone: number; bytesTotal: number } | null;
  /** Over the last few seconds; 0 when not uploading. */
  bytesPerSecond: number;
  lastError: string | null;
  /** When the outbox is next tried (its backoff), epoch ms; null when nothing waits or it runs. */
  nextTryMs: number | null;
}

export interface LibraryInfo {
  libraryDir: string;
  actor: Actor;
  host: HostKind;
  version: string;
  /** The ffmpeg and ffprobe media work runs; null when this host runs no media work. */
  media: MediaToolInfo[] | null;
  /** The library's S3 bucket, outbox and cache (null: content is only in the library folder). */
  remote?: RemoteInfo | null;
  /** Where library.backup without a dir writes: a folder beside the library. */
  backupDir?: string;
  /** Whether this host can keep S3 keys (the desktop app, with a keychain); why not otherwise. */
  s3Keys?: { canKeep: boolean; why: string | null };
}

/** A build found and not used, and why (too old, not an FFmpeg tool). */
export interface RefusedTool {
  path: string;
  version: string | null;
  buildYear: number | null;
  reason: string;
}

/** Which ffmpeg or ffprobe runs, as `library info` and the status bar say. */
export interface MediaToolInfo {
  tool: 'ffmpeg' | 'ffprobe';
  /** The binary that runs; null when none may (media work then fails with the reason). */
  path: string | null;
  /** 'env': named by REELVAULT_FFMPEG / REELVAULT_FFPROBE; 'path': the first current build on PATH or in the usual folders. */
  source: 'env' | 'path' | null;
  /** As the binary prints it ('5.1.9-0+deb12u1'). */
  version: string | null;
  /** The year its source is from (the end of its copyright line). */
  buildYear: number | null;
  /** Why none runs, or why the one that runs is a risk (an old build forced by the env variable); null when all is well. */
  problem: string | null;
  /** What the user can do about the problem (install a current FFmpeg, change the variable). */
  remedy: string | null;
  refused: RefusedTool[];
}

/** A library with a bucket, as the status bar and library settings show it. Never credentials. */
export interface RemoteInfo {
  url: string;
  endpoint: string | null;
  region: string;
  pathStyle: boolean;
  /** The background upload: idle, uploading, paused, or offline (the outbox waits and retries). */
  sync: 'idle' | 'uploading' | 'paused' | 'offline';
  outboxBlobs: number;
  outboxBytes: number;
  bytesPerSecond: number;
  lastError: string | null;
  confirmedBlobs: number;
  remoteOnlyBlobs: number;
  localBytes: number;
  budgetBytes: number;
  /** The budget is the default (half of the free disk), not a setting. */
  budgetIsDefault?: boolean;
  remoteOnlyBytes?: number;
  /** Where the keys come from: kept (encrypted) by the desktop app, the host's environment, or nowhere. */
  credentials?: 'app' | 'environment' | 'none';
  /** Projects marked "keep offline": their content is never evicted. */
  keepOffline?: string[];
}

// ---- the channels --------------------------------------------------------------------------------

export const contract = {
  /** Creates a project (empty or Remotion template), sized by a preset and/or explicit fps, width, height. */
  'projects.create': {
    input: z.strictObject({
      name: name200,
      ...projectSettings,
      preset: z.enum(PRESET_NAMES as [ProjectPreset, ...ProjectPreset[]]).optional(),
      template: z.enum(TEMPLATES).optional(),
      scope: scope.optional(),
      ttlHours: ttlHours.optional(),
    }),
    output: returns<Project>(),
  },
  /** Desktop only: adopts an existing folder in place as a project (the path comes from desktop.chooseFolder). */
  'projects.adopt': {
    input: z.strictObject({ path: absPath, name: name200.optional(), ...projectSettings, scope: scope.optional(), ttlHours: ttlHours.optional() }),
    output: returns<Project>(),
  },
  /** One project with its checkpoints (oldest first) and render count. */
  'projects.get': { input: z.strictObject({ id: projectId }), output: returns<ProjectDetail>() },
  /** Renames or resizes a project; bumps updatedAt. */
  'projects.update': {
    input: z.strictObject({ id: projectId, patch: z.strictObject({ name: name200.optional(), ...projectSettings }) }),
    output: returns<ProjectDetail>(),
  },
  /** Every project the caller may see, filtered and sorted. */
  'projects.list': {
    input: z.strictObject({
      scope: scope.optional(),
      userId: z.string().min(1).max(200).optional(),
      text: z.string().max(200).optional(),
      sort: z.enum(PROJECT_SORTS, limitMessages.projectSort).optional(),
      order: sortOrder.optional(),
    }),
    output: returns<Project[]>(),
  },
  /** Moves a project to the trash (trash.restore undoes it). */
  'projects.delete': { input: z.strictObject({ id: projectId }), output: returns<null>() },

  /** Lists a workspace folder ('' = root), sorted by path; recursive walks the subtree. */
  'files.list': {
    input: z.strictObject({ projectId, dir: relPath.optional(), recursive: z.boolean().optional() }),
    output: returns<FileEntry[]>(),
  },
  /** One workspace entry. */
  'files.stat': { input: z.strictObject({ projectId, path: relPath }), output: returns<FileEntry>() },
  /** The text of a workspace file, at most maxBytes (default 1 MiB) of it. */
  'files.readText': {
    input: z.strictObject({ projectId, path: relPath, maxBytes: z.number().int().min(1).max(TEXT_READ_MAX).optional() }),
    output: returns<TextContent>(),
  },
  /** Writes a text file atomically, creating folders on the way; with expectSha256 it refuses (CONFLICT) when the file on disk is no longer the one read. */
  'files.writeText': {
    input: z.strictObject({ projectId, path: relPath.min(1), text: z.string().max(TEXT_READ_MAX), expectSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256').optional() }),
    output: returns<FileEntry>(),
  },
  /** Creates a folder (and its parents). */
  'files.mkdir': { input: z.strictObject({ projectId, path: relPath.min(1) }), output: returns<FileEntry>() },
  /** Moves or renames inside the workspace; refuses to replace unless overwrite. */
  'files.move': {
    input: z.strictObject({ projectId, from: relPath.min(1), to: relPath.min(1), overwrite: z.boolean().optional() }),
    output: returns<FileEntry>(),
  },
  /** Deletes a file or a folder with its content. */
  'files.delete': { input: z.strictObject({ projectId, path: relPath.min(1) }), output: returns<null>() },
  /** Makes a workspace image or video viewable by URL: stores it in the blob store, answers its sha256. */
  'files.mediaRef': { input: z.strictObject({ projectId, path: relPath.min(1) }), output: returns<MediaRef>() },
  /** Follows a workspace on disk: edits made outside the app arrive as library.changed {kind:'files', paths}; the host watches the few workspaces opened last. */
  'files.watch': { input: z.strictObject({ projectId }), output: returns<WatchState>() },

  /** Full-text and filtered search over assets, keyset-paginated; withTotal also counts every match. */
  'assets.search': {
    input: z.strictObject({
      ...assetFilter,
      sort: z.enum(ASSET_SORTS, limitMessages.assetSort).optional(),
      order: sortOrder.optional(),
      limit: z.number().int(limitMessages.assetLimit).min(1, limitMessages.assetLimit).max(ASSET_PAGE.max, limitMessages.assetLimit).optional(),
      cursor: z.string().max(1000).optional(),
      withTotal: z.boolean().optional(),
    }),
    output: returns<AssetPage>(),
  },
  /** Tags, untags, links, unlinks or trashes every asset a search matches (select-all), less the ids unticked; all or nothing. */
  'assets.bulk': {
    input: z.strictObject({
      filter: z.strictObject(assetFilter),
      except: z.array(assetId).max(100_000).optional(),
      action: z.discriminatedUnion('op', [
        z.strictObject({ op: z.literal('tag'), tags: tags.min(1) }),
        z.strictObject({ op: z.literal('untag'), tags: tags.min(1) }),
        z.strictObject({ op: z.literal('link'), projectId }),
        z.strictObject({ op: z.literal('unlink'), projectId }),
        z.strictObject({ op: z.literal('delete') }),
        z.strictObject({ op: z.literal('mark'), ...markPatch }),
      ]),
    }),
    output: returns<{ count: number }>(),
  },
  /** One asset with its tags and linked projects. */
  'assets.get': { input: z.strictObject({ id: assetId }), output: returns<Asset>() },
  /** Renames an asset or fills its media fields. */
  'assets.update': {
    input: z.strictObject({
      id: assetId,
      patch: z.strictObject({
        name: z.string().trim().min(1).max(255).optional(),
        width: z.number().int().min(1).max(65535).nullable().optional(),
        height: z.number().int().min(1).max(65535).nullable().optional(),
        durationSeconds: z.number().min(0).nullable().optional(),
      }),
    }),
    output: returns<Asset>(),
  },
  /** Adds tags to many assets at once. */
  'assets.tag': { input: z.strictObject({ ids: assetIds, tags: tags.min(1) }), output: returns<Asset[]>() },
  /** Rates (1–5 stars) and colour-labels assets; null clears, absent leaves as is. */
  'assets.mark': { input: z.strictObject({ ids: assetIds, ...markPatch }), output: returns<Asset[]>() },
  /** Removes tags from many assets at once. */
  'assets.untag': { input: z.strictObject({ ids: assetIds, tags: tags.min(1) }), output: returns<Asset[]>() },
  /** Links assets to a project. */
  'assets.link': { input: z.strictObject({ ids: assetIds, projectId }), output: returns<Asset[]>() },
  /** Unlinks assets from a project. */
  'assets.unlink': { input: z.strictObject({ ids: assetIds, projectId }), output: returns<Asset[]>() },
  /** Moves assets to the trash. */
  'assets.delete': { input: z.strictObject({ ids: assetIds }), output: returns<null>() },
  /** Desktop only: imports files and folders by absolute path (drops); progress arrives as import.progress. */
  'assets.importPaths': {
    input: z.strictObject({
      paths: z.array(absPath).min(1).max(100_000),
      tags: tags.optional(),
      projectId: projectId.optional(),
      scope: scope.optional(),
      ttlHours: ttlHours.optional(),
      importId: importId.optional(),
    }),
    output: returns<ImportSummary>(),
  },
  /** Cancels a running import (paths or web upload) by its importId. */
  'assets.cancelImport': { input: z.strictObject({ importId }), output: returns<{ cancelled: boolean }>() },

  /** A project's renders, newest first. */
  'renders.list': { input: z.strictObject({ projectId }), output: returns<Render[]>() },
  /** One render. */
  'renders.get': { input: z.strictObject({ id: renderId }), output: returns<Render>() },
  /** Renames a render or corrects its metadata. */
  'renders.update': {
    input: z.strictObject({
      id: renderId,
      meta: z.strictObject({
        name: z.string().trim().min(1).max(255).optional(),
        format: z.string().regex(/^[a-z0-9]{1,10}$/).optional(),
        width: z.number().int().min(1).max(16384).optional(),
        height: z.number().int().min(1).max(16384).optional(),
        fps: z.number().positive().max(1000).optional(),
        durationSeconds: z.number().min(0).optional(),
        codec: z.string().max(100).optional(),
        bitrateKbps: z.number().min(0).optional(),
      }),
    }),
    output: returns<Render>(),
  },
  /** Desktop only: stores a video file as one of the project's renders (a browser POSTs /upload/render instead). */
  'renders.add': {
    input: z.strictObject({ projectId, path: absPath, name: z.string().trim().min(1).max(255).optional(), checkpointId: checkpointId.optional() }),
    output: returns<Render>(),
  },
  /** Desktop only: saves a copy of a render to an absolute path or folder; a browser downloads /media instead. */
  'renders.export': {
    input: z.strictObject({ id: renderId, dest: absPath, overwrite: z.boolean().optional() }),
    output: returns<{ path: string }>(),
  },
  /** Moves a render to the trash. */
  'renders.delete': { input: z.strictObject({ id: renderId }), output: returns<null>() },
  /** The compositions a Remotion project registers, read from a checkpoint (default: the workspace, checkpointed first); installs dependencies on first use. */
  'renders.compositions': { input: z.strictObject({ projectId, checkpointId: checkpointId.optional() }), output: returns<CompositionInfo[]>() },
  /** Renders a checkpoint (default: the workspace, checkpointed first) with the project's Remotion, as a job; progress arrives as jobs.progress; wait answers once it is stored. */
  'renders.make': {
    input: z.strictObject({
      projectId,
      checkpointId: checkpointId.optional(),
      composition: compositionId.optional(),
      codec: z.enum(RENDER_CODECS).optional(),
      crf: z.number().int().min(0).max(63).optional(),
      frames: frameRange.optional(),
      name: z.string().trim().min(1).max(255).optional(),
      wait: z.boolean().optional(),
    }),
    output: returns<RenderJob>(),
  },
  /** Render jobs (queued, running, lately finished or failed), newest first; one project's when projectId is given. */
  'renders.jobs': { input: z.strictObject({ projectId: projectId.optional() }), output: returns<RenderJob[]>() },
  /** Cancels a queued or running render job; Remotion, its browser and npm are stopped. */
  'renders.cancel': { input: z.strictObject({ jobId }), output: returns<RenderJob>() },
  /** The end of a render job's log (npm and Remotion output), kept after a failure. */
  'renders.log': { input: z.strictObject({ jobId, maxBytes: z.number().int().min(1).max(TEXT_READ_MAX).optional() }), output: returns<{ text: string; truncated: boolean; path: string | null }>() },
  /** Frame-by-frame difference of two renders (ffmpeg's ssim and psnr), kept with the pair; pending while it runs, unless wait. */
  'renders.compare': { input: z.strictObject({ a: renderId, b: renderId, wait: z.boolean().optional() }), output: returns<FrameComparison>() },
  /** The render a render is compared with by default: the same composition's on the nearest earlier checkpoint that has one; null if none. */
  'renders.previous': { input: z.strictObject({ id: renderId }), output: returns<Render | null>() },

  /** Review notes on one render or checkpoint, or all of a project's: frame order, whole-item notes first. */
  'notes.list': { input: noteScope, output: returns<ReviewNote[]>() },
  /** Adds a review note on a frame or a range of frames (inclusive) of a render, on a whole render, or on a checkpoint. */
  'notes.add': {
    input: z.union([
      z.strictObject({ renderId, frameFrom: frame.optional(), frameTo: frame.optional(), body: noteBody }).refine((n) => n.frameTo === undefined || (n.frameFrom !== undefined && n.frameTo >= n.frameFrom), 'frameTo needs frameFrom and must not be before it'),
      z.strictObject({ checkpointId, body: noteBody }),
    ]),
    output: returns<ReviewNote>(),
  },
  /** Rewrites a review note's text. */
  'notes.update': { input: z.strictObject({ id: noteId, body: noteBody }), output: returns<ReviewNote>() },
  /** Deletes a review note. */
  'notes.delete': { input: z.strictObject({ id: noteId }), output: returns<null>() },
  /** The notes of a render, a checkpoint or a project as a CSV or plain-text file's content (timecodes at the render's rate), to save or download. */
  'notes.export': {
    input: z.union([z.strictObject({ renderId, format: notesFormat }), z.strictObject({ checkpointId, format: notesFormat }), z.strictObject({ projectId, format: notesFormat })]),
    output: returns<{ text: string; fileName: string; mime: string; count: number }>(),
  },

  /** Checkpoints the workspace as it is now. */
  'checkpoints.create': {
    input: z.strictObject({ projectId, name: name200, description: z.string().max(10_000).optional() }),
    output: returns<CheckpointSummary>(),
  },
  /** A project's checkpoints, oldest first. */
  'checkpoints.list': { input: z.strictObject({ projectId }), output: returns<CheckpointSummary[]>() },
  /** One checkpoint with its manifest and captured metadata. */
  'checkpoints.get': { input: z.strictObject({ id: checkpointId }), output: returns<Checkpoint>() },
  /** The text of a file as it was in a checkpoint, at most maxBytes of it. */
  'checkpoints.readText': {
    input: z.strictObject({ id: checkpointId, path: relPath.min(1), maxBytes: z.number().int().min(1).max(TEXT_READ_MAX).optional() }),
    output: returns<TextContent>(),
  },
  /** Compares two states (checkpoints or the live workspace); content:false skips hunks. */
  'checkpoints.diff': {
    input: z.strictObject({ projectId, a: diffSide, b: diffSide, content: z.boolean().optional() }),
    output: returns<CheckpointDiff>(),
  },
  /** Restores a checkpoint; the current state is checkpointed first when it is not saved yet. */
  'checkpoints.restore': { input: z.strictObject({ id: checkpointId }), output: returns<RestoreResult>() },
  /** Deletes a checkpoint no render came from. */
  'checkpoints.delete': { input: z.strictObject({ id: checkpointId }), output: returns<null>() },

  /** The caller's saved searches (smart collections) and the shared ones, by name. */
  'searches.list': { input: noInput, output: returns<SavedSearch[]>() },
  /** Saves an asset search under a name (the same name again replaces it); shared: for everyone using the library. */
  'searches.save': { input: z.strictObject({ name: name200, filter: z.strictObject(assetFilter), shared: z.boolean().optional() }), output: returns<SavedSearch>() },
  /** Deletes a saved search. */
  'searches.delete': { input: z.strictObject({ id: z.string().regex(/^srch_[0-9a-z]{1,64}$/, 'must be a srch_… id') }), output: returns<null>() },

  /** What the caller has in the trash, newest first. */
  'trash.list': { input: noInput, output: returns<TrashItem[]>() },
  /** Takes projects, assets or renders back out of the trash. */
  'trash.restore': {
    input: z.strictObject({ ids: z.array(z.union([projectId, assetId, renderId])).min(1).max(10_000) }),
    output: returns<null>(),
  },
  /** Deletes for good what is in the trash (or only the ids given). */
  'trash.empty': {
    input: z.strictObject({ ids: z.array(z.union([projectId, assetId, renderId])).min(1).max(10_000).optional() }),
    output: returns<{ removed: number }>(),
  },

  /** Checks the database and the blob store; full re-hashes every blob; progress arrives as library.progress. */
  'library.verify': { input: z.strictObject({ full: z.boolean().optional() }), output: returns<VerifyReport>() },
  /** Removes content nothing references any more (after a grace period). */
  'library.gc': { input: noInput, output: returns<GcReport>() },
  /** Where the library is, who is asking and which host answers. */
  'library.info': { input: noInput, output: returns<LibraryInfo>() },
  /** Re-links stray content, quarantines damaged content, marks items whose content is gone; never deletes. */
  'library.repair': { input: z.strictObject({ full: z.boolean().optional() }), output: returns<RepairReport>() },
  /** Desktop only with a dir: an incremental backup of the library into that folder, safe while the app runs; without one, into the host's own backup folder beside the library (library.info's backupDir: how the browser backs up). Progress arrives as library.progress. */
  'library.backup': { input: z.strictObject({ dir: absPath.optional() }), output: returns<BackupReport>() },

  /** The media jobs (probes, posters, filmstrips, waveforms) running, queued and failed, and the upload to the bucket. */
  'jobs.list': { input: noInput, output: returns<JobsState>() },
  /** Stops starting new media jobs (running ones finish) and pauses the upload; `only` picks one of the two. */
  'jobs.pause': { input: z.strictObject({ only: z.enum(['media', 'upload']).optional() }), output: returns<JobsState>() },
  /** Starts media jobs and the upload again after a pause; `only` picks one of the two. */
  'jobs.resume': { input: z.strictObject({ only: z.enum(['media', 'upload']).optional() }), output: returns<JobsState>() },
  /** Cancels a queued or running job (its child process is killed). */
  'jobs.cancel': { input: z.strictObject({ id: jobId }), output: returns<JobsState>() },
  /** Runs a failed job again; the upload job's id (UPLOAD_JOB_ID) tries the whole outbox now, backoff or not. */
  'jobs.retry': { input: z.strictObject({ id: jobId }), output: returns<JobsState>() },
  /** Dismisses a failed job (or, without id, every failed one): it leaves the panel; the item keeps its failure reason. */
  'jobs.dismiss': { input: z.strictObject({ id: jobId.optional() }), output: returns<JobsState>() },
  /** Forgets what media work found for an asset's or render's content and does it again. */
  'media.redo': { input: z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256') }), output: returns<JobsState>() },

  /** Desktop only: a native folder picker; null when cancelled. */
  'desktop.chooseFolder': { input: z.strictObject({ title: z.string().max(200).optional() }), output: returns<string | null>() },
  /** Desktop only: a native save dialog; null when cancelled. */
  'desktop.chooseSavePath': {
    input: z.strictObject({ title: z.string().max(200).optional(), defaultName: z.string().max(255).optional() }),
    output: returns<string | null>(),
  },
  /** Desktop only: opens a project's workspace folder in the system file manager. */
  'desktop.openWorkspace': { input: z.strictObject({ projectId }), output: returns<null>() },
  /** Desktop only: opens a workspace file with the system's app for it (the user's editor for .tsx, .json, .md). */
  'desktop.openInEditor': { input: z.strictObject({ projectId, path: relPath.min(1) }), output: returns<null>() },
  /** Desktop only: shows a render's or an asset's stored file in the system file manager. */
  'desktop.reveal': { input: storedItem, output: returns<null>() },
  /** Desktop only: drags a render's or an asset's file out of the window into another app (call it from dragstart). */
  'desktop.startDrag': { input: storedItem, output: returns<null>() },
  /** Desktop only: puts a project first in the OS's recent list (File › Open Recent, jump list, dock menu). */
  'desktop.noteRecent': { input: z.strictObject({ projectId }), output: returns<null>() },
  /** Desktop only: empties the app's disposable caches (Chromium's, drag-out links); answers the bytes freed. */
  'desktop.clearCache': { input: noInput, output: returns<{ freedBytes: number }>() },
  /** Desktop only: restarts the app, e.g. to open the library folder the settings now name. */
  'desktop.relaunch': { input: noInput, output: returns<null>() },

  // Again with the same bucket: a new endpoint, region or keys. Keys are accepted only by a host that
  // keeps them (the desktop app, encrypted with the OS keychain); the web host uses its environment's.
  /** Connects an S3 bucket (s3://bucket/prefix): checks it answers, claims the prefix, queues every stored file for upload. */
  'remote.connect': {
    input: z
      .strictObject({
        url: z.string().trim().min(8).max(1100),
        endpoint: z.string().trim().max(2048).nullable().optional(),
        region: z.string().trim().regex(/^[a-z0-9-]{1,64}$/, 'must be a region name such as us-east-1').nullable().optional(),
        pathStyle: z.boolean().optional(),
        cacheMaxBytes: budgetBytes.optional(),
        createBucket: z.boolean().optional(),
        ...s3KeyPair,
      })
      .refine((v) => !v.accessKeyId === !v.secretAccessKey, 'give both the access key and the secret key, or neither'),
    output: returns<RemoteInfo>(),
  },
  /** Sets how much content stays on this disk (null: half of the free space), then evicts down to it. */
  'remote.setCacheBudget': { input: z.strictObject({ bytes: budgetBytes }), output: returns<RemoteInfo>() },
  /** Marks a project "keep offline" (its content is never evicted), or clears the mark. */
  'remote.keepOffline': { input: z.strictObject({ projectId, keep: z.boolean() }), output: returns<RemoteInfo | null>() },

  /** The app's settings (theme, library folder, media work) and what they mean on this host now. */
  'settings.get': { input: noInput, output: returns<SettingsView>() },
  /** Saves settings; theme and media jobs at once apply now, the rest at the next start (the web host may not move the library). */
  'settings.update': { input: z.strictObject({ patch: settingsPatch }), output: returns<SettingsView>() },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
/** What a caller passes (defaults not yet applied). */
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives, after validation. */
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = Contract[C]['output'];
export const CHANNELS = Object.keys(contract) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

// ---- push events (host → UI) -----------------------------------------------------------------------

export const CHANGE_KINDS = ['projects', 'files', 'assets', 'renders', 'checkpoints', 'trash'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Something in the library changed; `id` names the project (files, renders, checkpoints) or item when known. */
export interface LibraryChanged {
  kind: ChangeKind;
  id?: string;
  /** Files changes seen on disk by the workspace watcher: the paths (relative), when few enough to name. */
  paths?: string[];
}

/** Progress of one import (paths or an upload), keyed by the importId the caller chose. */
export interface ImportProgressEvent extends ImportProgress {
  importId: string;
  done: boolean;
}

/** A media job (poster, filmstrip, probe) changed state: the media queue's own event record. */
export type JobProgressEvent = JobEvent;

/** The host asks the UI to show a screen: a hash route such as '#/settings' or '#/projects/<id>'. */
export interface NavigateEvent {
  route: string;
}

/** Verify, repair or backup at work (the Library screen's progress bars). */
export interface LibraryProgressEvent {
  task: 'verify' | 'repair' | 'backup';
  done: number;
  /** 0 while the total is not known yet (repair reports none). */
  total: number;
  finished: boolean;
}

export const events = {
  /** The library changed; screens showing that kind reload. */
  'library.changed': returns<LibraryChanged>(),
  /** Files and bytes done of an import. */
  'import.progress': returns<ImportProgressEvent>(),
  /** Media job state and progress. */
  'jobs.progress': returns<JobProgressEvent>(),
  /** Show a screen (a menu's Settings…, a recent project picked from the dock, jump list or File menu). */
  'app.navigate': returns<NavigateEvent>(),
  /** How far verify, repair or backup has come. */
  'library.progress': returns<LibraryProgressEvent>(),
  /** The upload to the bucket: its state, the outbox, and progress while uploading (about twice a second). */
  'jobs.upload': returns<UploadJob>(),
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = (typeof events)[E];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

// ---- transports ------------------------------------------------------------------------------------

/** Electron IPC channel names (declared beside the preload's zod-free channel list). */
export { IPC_EVENT, IPC_INVOKE } from './channel-names.js';

/** What the preload script exposes as `window.reelvault` (contextBridge). */
export interface ReelvaultBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** The absolute path of a dropped File (webUtils.getPathForFile); '' for files not from disk. */
  pathForFile(file: unknown): string;
}

/** The web host's upload endpoint (POST /upload?…) takes the file as the raw body and these as query. */
export const uploadQuery = z.strictObject({
  name: z.string().trim().min(1).max(255).refine((s) => !/[/\\\0]/.test(s), 'must be a file name, not a path'),
  projectId: projectId.optional(),
  tags: z.string().max(10_000).optional(),
  scope: scope.optional(),
  importId: importId.optional(),
});
export type UploadQuery = z.input<typeof uploadQuery>;

/** The query of POST /upload/render (web host): the raw video is the body. */
export const renderUploadQuery = z.strictObject({
  projectId,
  name: uploadQuery.shape.name,
  checkpointId: checkpointId.optional(),
});
export type RenderUploadQuery = z.input<typeof renderUploadQuery>;

/** Media URLs take exactly a lowercase sha256; anything else is refused before any lookup. */
export const SHA256 = /^[0-9a-f]{64}$/;
