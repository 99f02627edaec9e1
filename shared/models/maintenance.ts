/** What verify, gc, repair, rebuild and backup report. */

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
