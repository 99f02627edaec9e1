/**
 * Each checkpoint's folders with a hash of their listing (every child's name, kind, content hash
 * and exec bit), so comparing two checkpoints reads only the folders whose listings differ — git's
 * tree idea — instead of both whole manifests. Older checkpoints have no rows and are compared whole.
 */
export const version = 7;

export const sql = `
  CREATE TABLE checkpoint_dirs (
    checkpoint_id TEXT NOT NULL REFERENCES checkpoints(id) ON DELETE CASCADE,
    path          TEXT NOT NULL,  -- '' is the workspace root
    hash          TEXT NOT NULL,
    PRIMARY KEY (checkpoint_id, path)
  ) WITHOUT ROWID;
  `;
