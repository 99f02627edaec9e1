import type { ErrorCode } from './errors.js';

/**
 * The records the library returns and the UI shows. Plain data only: every timestamp is a
 * UTC ISO-8601 string (…Z), every size is bytes, every hash is lowercase hex sha256.
 */

/** session = scratch (expires), user = personal, sandbox = shared by every user of the library. */
export const SCOPES = ['session', 'user', 'sandbox'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is asking. Every operation takes one; visibility is decided from it on every read and write. */
export interface Actor {
  userId?: string | undefined;
  sessionId?: string | undefined;
}

export const TEMPLATES = ['empty', 'remotion'] as const;
export type Template = (typeof TEMPLATES)[number];

export interface NamespaceInfo {
  scope: Scope;
  userId: string | null;
  sessionId: string | null;
  ttlHours: number | null;
  expiresAt: string | null;
  /** Hierarchical address of the item, as in the original storage grid: grid/<scope>/<owner>/<id>. */
  gridPath: string;
  /** Absolute path of the workspace folder on disk. */
  workspacePath: string;
  /** True when the folder was adopted in place rather than created inside the library. */
  adopted: boolean;
}

export interface Project {
  id: string;
  name: string;
  theme: string;
  fps: number;
  width: number;
  height: number;
  template: Template;
  namespace: NamespaceInfo;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface ProjectDetail extends Project {
  checkpoints: CheckpointSummary[];
  renderCount: number;
}

export type FileKind = 'file' | 'dir' | 'symlink';

export interface FileEntry {
  /** Relative to the workspace root, forward slashes, exactly as the filesystem names it (NFC or NFD). */
  path: string;
  /**
   * Set when the name is not valid UTF-8: `path` then shows its bad bytes as \xNN, the file cannot be
   * opened by that path, and checkpoints leave it out (and say so) until it is renamed.
   */
  nameNotUtf8?: true;
  kind: FileKind;
  size: number;
  mode: number;
  mtime: string;
}

export const ASSET_TYPES = ['image', 'video', 'audio', 'font', 'document', 'other'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export type MediaKind = 'video' | 'audio' | 'image';

/**
 * What a file is, as probed (ffprobe for audio and video, sharp for images). Fields that do not
 * apply to the kind are null rather than 0, so "unknown" never reads as a value.
 */
export interface MediaProbe {
  kind: MediaKind;
  durationSeconds: number | null;
  fps: number | null;
  /** As displayed: already swapped when the rotation is ±90. */
  width: number | null;
  height: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  bitrateKbps: number | null;
  audioChannels: number | null;
  sampleRate: number | null;
  /** Clockwise degrees a player turns the picture: 0, 90, 180 or 270. */
  rotation: number;
  pixelFormat: string | null;
  /** ffprobe's format name ('mov,mp4,m4a,3gp,3g2,mj2') or sharp's ('png'). */
  formatName: string | null;
  /** Bits per colour sample (8, 10, 12), from the pixel format; null when unknown. Older probes lack it. */
  bitDepth?: number | null;
  /** Chroma subsampling as editors say it ('4:2:0', '4:2:2', '4:4:4'); null when not planar YUV. */
  chroma?: string | null;
  /** ffprobe's colour facts: matrix ('bt709', 'bt2020nc'), transfer ('smpte2084' is PQ, 'arib-std-b67' is HLG), primaries. */
  colorSpace?: string | null;
  colorTransfer?: string | null;
  colorPrimaries?: string | null;
  /** 'PQ' or 'HLG' when the transfer is an HDR one, else null. */
  hdr?: 'PQ' | 'HLG' | null;
  /** True when frames do not come at one rate (phone video): `fps` is then the average. */
  variableFrameRate?: boolean;
  /** The video codec's profile ('Main 10', 'HQ' for ProRes 422 HQ), for the page's can-play question. */
  videoProfile?: string | null;
  /** Whether a browser's <video> is expected to decode it (codec, bit depth, container); false makes a proxy. */
  browserPlayable?: boolean;
  /** Animated image (GIF, WebP) frame count; absent for stills. */
  pages?: number;
}

/** The playback proxy: an H.264 copy of a video the page cannot decode (see media_info.proxy). */
export interface MediaProxy {
  state: 'pending' | 'done' | 'failed';
  /** The proxy blob's sha256 once made. */
  sha256: string | null;
  error: string | null;
}

/**
 * Media work done for a piece of content (shared by every asset and render with it). Images are
 * referenced by the sha256 of their own blob, so they are served like any media: /media/<sha256>.
 */
export interface MediaSummary {
  state: 'pending' | 'done' | 'failed';
  /** Why it failed, in words a person can act on ("not a media file", "timed out after 60 s"). */
  error: string | null;
  probe: MediaProbe | null;
  posterGrid: string | null;
  posterDetail: string | null;
  filmstrip: { sha256: string; frames: number; tileWidth: number; tileHeight: number } | null;
  waveform: string | null;
  /** What the probe corrected, e.g. "fps 30 → 25: the file says so". */
  note: string | null;
  /** Null when the original plays in a browser as it is (or is not video). */
  proxy?: MediaProxy | null;
}

export interface Asset {
  id: string;
  name: string;
  sha256: string;
  size: number;
  mime: string;
  type: AssetType;
  tags: string[];
  projectIds: string[];
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
  scope: Scope;
  userId: string | null;
  sessionId: string | null;
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  /** Null until media work has been queued for it (documents, fonts: never). */
  media?: MediaSummary | null;
  /** 1–5 stars; null: not rated. */
  rating?: number | null;
  /** A colour label, as editors flag clips; null: none. */
  label?: ColorLabel | null;
}

export const COLOR_LABELS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple'] as const;
export type ColorLabel = (typeof COLOR_LABELS)[number];

/** A saved search (smart collection): a name and the asset filter it runs. */
export interface SavedSearch {
  id: string;
  name: string;
  filter: Record<string, unknown>;
  /** Everyone using the library sees it (else only its maker). */
  shared: boolean;
  createdAt: string;
}

export interface ImportResultItem {
  source: string;
  status: 'imported' | 'duplicate' | 'failed';
  asset?: Asset;
  error?: string;
  /** The contract's error code for a failure (IO for a full disk, …). */
  errorCode?: ErrorCode;
}

export interface ImportSummary {
  items: ImportResultItem[];
  imported: number;
  duplicates: number;
  failed: number;
  bytes: number;
}

export interface ImportProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  current: string | null;
}

export interface Render {
  id: string;
  projectId: string;
  checkpointId: string;
  name: string;
  sha256: string;
  format: string;
  width: number | null;
  height: number | null;
  fps: number | null;
  durationSeconds: number | null;
  codec: string | null;
  bitrateKbps: number | null;
  size: number;
  createdAt: string;
  deletedAt: string | null;
  media?: MediaSummary | null;
  /** The composition it was rendered from, when Reelvault rendered it (Remotion); null for added videos. */
  composition?: string | null;
}

export interface CheckpointSummary {
  id: string;
  projectId: string;
  name: string;
  description: string | null;
  /** 'user' for ones a person made; 'auto' for safety checkpoints (before restore, for a render). */
  kind: 'user' | 'auto';
  treeHash: string;
  fileCount: number;
  totalBytes: number;
  renderIds: string[];
  createdAt: string;
  /**
   * Set when a checkpoint was just made and left entries out, each with why (a name that is not
   * valid UTF-8): they are not in it, and a restore leaves them where they are.
   */
  skipped?: { path: string; reason: string }[];
}

export interface ManifestEntry {
  path: string;
  kind: 'file' | 'dir';
  sha256: string | null;
  size: number;
  mode: number;
}

/** Metadata of the project, its linked assets and its renders, captured with each checkpoint. */
export interface CheckpointMeta {
  project: { name: string; theme: string; fps: number; width: number; height: number };
  assets: { id: string; name: string; tags: string[]; projectIds: string[] }[];
  renders: { id: string; name: string }[];
}

export interface Checkpoint extends CheckpointSummary {
  entries: ManifestEntry[];
  meta: CheckpointMeta;
}

/** A side of a diff: a checkpoint id, or the live workspace. */
export type DiffSide = { checkpointId: string } | { workspace: true };

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: string[];
}

export interface DiffFile {
  status: 'added' | 'removed' | 'modified' | 'renamed';
  path: string;
  /** For renamed: where it was. */
  oldPath?: string;
  kind: 'file' | 'dir';
  oldSize: number | null;
  newSize: number | null;
  oldSha256: string | null;
  newSha256: string | null;
  /**
   * 'text' carries hunks, 'json' carries hunks and changed keys; 'binary' and 'large' (past the
   * size a line diff reads) carry neither; 'too-costly': the line diff was stopped at its work
   * budget, and `budget` says why and at least how many lines differ (a JSON file keeps its keys);
   * 'mode': only the permissions changed (same content).
   */
  content?: 'text' | 'json' | 'binary' | 'large' | 'too-costly' | 'mode';
  /** Permission bits (0o777) on each side, when they differ. */
  oldMode?: number;
  newMode?: number;
  hunks?: DiffHunk[];
  changedKeys?: string[];
  budget?: DiffBudgetNote;
}

/** Why a line diff was stopped, and what is known of it without finishing. */
export interface DiffBudgetNote {
  /**
   * 'file': this pair alone costs more than one file may (too many changed lines for its length);
   * 'comparison': the comparison's shared budget ran out first, so comparing fewer files at once
   * can still show it.
   */
  reason: 'file' | 'comparison';
  /** Lower bounds on the lines a full diff would remove and add; null when the file was not read. */
  removedAtLeast: number | null;
  addedAtLeast: number | null;
}

export interface CheckpointDiff {
  a: DiffSide;
  b: DiffSide;
  files: DiffFile[];
  counts: { added: number; removed: number; modified: number; renamed: number };
}

export interface TrashItem {
  kind: 'project' | 'asset' | 'render';
  id: string;
  name: string;
  deletedAt: string;
  /** Bytes it holds: an asset's or render's file; a project's renders plus its newest checkpoint. */
  size: number;
  /** A render's project. */
  project?: { id: string; name: string };
  /** An asset's type (video, image, …). */
  assetType?: AssetType;
  /** What goes and comes back with a project. */
  counts?: { checkpoints: number; renders: number };
}

export interface VerifyProblem {
  /**
   * stray-folder: a workspace folder no project knows; remote-*: the library's bucket (remote-missing: a
   * confirmed object is gone; remote-damaged: wrong size or hash; remote-unreachable: not checked).
   */
  kind: 'integrity' | 'missing-blob' | 'size-mismatch' | 'hash-mismatch' | 'stray-file' | 'stray-folder' | 'remote-missing' | 'remote-damaged' | 'remote-unreachable';
  item: string;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  checkedBlobs: number;
  /** A library with a bucket: objects checked there. */
  checkedRemote?: number;
  full: boolean;
  problems: VerifyProblem[];
}

export interface GcReport {
  removedBlobs: number;
  removedBytes: number;
  keptYoung: number;
  /** A library with a bucket: what gc did there (absent for a local-only library). */
  remote?: RemoteGcReport;
}

export interface RemoteGcReport {
  /** Objects newly marked for deletion (nothing references them); deleted after the grace period. */
  marked: number;
  /** Marked objects deleted from the bucket in this run. */
  deleted: number;
  deletedBytes: number;
  /** Marks dropped because the content is referenced again. */
  unmarked: number;
  /** Marked, waiting for their grace period. */
  waiting: number;
  /** Set when nothing was done in the bucket: another gc holds its lease, or it could not be reached. */
  skipped?: string;
}

// ---- media jobs ---------------------------------------------------------------------------------

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** A job as the queue and its store keep it; the payload must be JSON so it can survive a restart. */
export interface JobRecord<P = unknown> {
  id: string;
  kind: string;
  payload: P;
  state: JobState;
  /** Starts so far, counted when a run begins so a run that crashes the host still counts. */
  attempts: number;
  /** Higher runs first (a visible tile before the rest of an import). */
  priority: number;
  timeoutMs?: number;
  error?: string;
  createdAt: string;
  updatedAt: string;
}

/** Pushed to the UI as `jobs.progress`. */
export interface JobEvent {
  id: string;
  kind: string;
  state: JobState;
  attempts: number;
  error?: string;
  /** 0..1 while running, when the job reports it. */
  progress?: number;
  /** What it is doing, in words ("Rendering 12/30"), when the job says. */
  detail?: string;
}

/** The id jobs.retry takes for the upload to the library's bucket ("retry now", backoff or not). */
export const UPLOAD_JOB_ID = 'remote-upload';

export interface JobCounts {
  running: number;
  queued: number;
  failed: number;
}

export interface RepairReport {
  relinked: number;
  quarantined: string[];
  assetsMissing: number;
  rendersMissing: number;
  checkpointsDamaged: number;
  cleared: number;
  /** A library with a bucket: objects it lost or damaged, uploaded again from the local copy. */
  reuploaded?: number;
  /** Content the bucket lost that no local copy has either: gone everywhere (items are marked). */
  goneEverywhere?: string[];
}

/** What `repair --rebuild` brought back of a lost catalog (catalog-rebuild.ts). */
export interface RebuildReport {
  /** What the rebuild started from: a snapshot, an empty catalog (the journal reaches back to it), or content alone. */
  base: 'snapshot' | 'empty' | 'content-only';
  snapshot: string | null;
  changesReplayed: number;
  projects: number;
  assets: number;
  renders: number;
  checkpoints: number;
  blobsRelinked: number;
  /** Content the rebuilt rows reference that is not in the blob store. */
  missingContent: string[];
  /** Where the old library.db (and its -wal/-shm) were moved; null when there were none. */
  movedAside: string | null;
  warnings: string[];
}

export interface BackupReport {
  dir: string;
  createdAt: string;
  blobsCopied: number;
  blobsSkipped: number;
  bytesCopied: number;
  workspaceFilesCopied: number;
  /** Content the snapshot names that was collected before it could be copied (rare). */
  missing: string[];
  /** A library with a bucket: the catalog snapshot written there (see electron/storage/remote/remote-backup.ts). */
  remote?: { url: string; catalogKey: string; catalogBytes: number; createdAt: string; workspacesCheckpointed: number; notInBucket: number };
  /** Why the bucket's part was not done (it could not be reached); the folder backup is whole. */
  remoteSkipped?: string;
}

/** What a restore did; `safety` is the checkpoint of the state before it, when that state matched none. */
export interface RestoreResult {
  checkpoint: CheckpointSummary;
  /** The safety checkpoint of the state before the restore, when that state matched no checkpoint. */
  safety: CheckpointSummary | null;
  written: number;
  removed: number;
  foldersCreated: number;
  /** Files outside the usual checkpoints (ignored, or in the way) stored into the safety checkpoint first. */
  preserved: number;
}


/**
 * A review note: a comment on a frame or a range of frames of a render, or on a checkpoint (issue 14).
 * Frames are the render's own (frame 0 first), so a note means the same picture in every player.
 */
export interface ReviewNote {
  id: string;
  projectId: string;
  renderId: string | null;
  checkpointId: string | null;
  /** Null: about the whole render or checkpoint. */
  frameFrom: number | null;
  /** Equal to frameFrom for one frame; the last frame of a range (inclusive). */
  frameTo: number | null;
  body: string;
  author: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NotesExportFormat = 'csv' | 'text';
