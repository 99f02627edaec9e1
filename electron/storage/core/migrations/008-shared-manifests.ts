/**
 * Checkpoints of the same tree share one manifest. manifest_id NULL: the checkpoint's own
 * checkpoint_entries/checkpoint_dirs rows are its manifest; else it names the checkpoint (always an
 * owner, never another sharer, always of the same project) whose rows are. The foreign key (checked
 * at the end of each statement) makes deleting an owner that others still share fail instead of
 * cascading their manifest away; deleteCheckpoint re-homes the rows to a sharer first. manifest_hash
 * covers every manifest field (path, kind, content hash, size, full mode — tree_hash leaves out size
 * and most of the mode): only equal manifest hashes share. Older checkpoints have none and keep
 * their own rows.
 */
export const version = 8;

export const sql = `
  ALTER TABLE checkpoints ADD COLUMN manifest_id TEXT REFERENCES checkpoints(id);
  ALTER TABLE checkpoints ADD COLUMN manifest_hash TEXT;
  CREATE INDEX checkpoints_manifest ON checkpoints(manifest_id);
  `;
