/** Entries of a project's workspace folder. */

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
