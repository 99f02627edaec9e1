/**
 * The stat cache's signature gains ctime, as git's index has it: an in-place edit that keeps size,
 * mtime and inode (cp -p, rsync -t, editors that restore mtime) still moves ctime, which cannot be set
 * back. Rows from before have none and never match, so each file is read once more.
 */
export const version = 9;

export const sql = `
  ALTER TABLE stat_cache ADD COLUMN ctime_ns TEXT NOT NULL DEFAULT '';
  `;
