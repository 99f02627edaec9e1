/** Checkpoints (manifests of a workspace), their diffs, and what a restore did. */

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
