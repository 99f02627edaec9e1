/**
 * A bucket behind the blob store (electron/storage/remote). One row of settings (never credentials:
 * those come from the environment); the outbox of content not yet confirmed in the bucket, filled by a
 * trigger so every writer's new blob is queued in the same transaction that records it; what the bucket
 * confirmed (and whether a local copy is still kept, for the cache budget); and remote deletions, marked
 * by gc first and executed after a grace period (executing = 1 from just before the DELETE is sent);
 * projects whose content stays on this disk whatever the cache budget says.
 */
export const version = 10;

export const sql = `
  CREATE TABLE remote_config (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    bucket          TEXT NOT NULL,
    prefix          TEXT NOT NULL,  -- '' or a path without leading/trailing slashes
    endpoint        TEXT,           -- NULL: the provider's default (AWS)
    region          TEXT NOT NULL,
    path_style      INTEGER NOT NULL,
    cache_max_bytes INTEGER,        -- NULL: half of what the cache and the free disk space add up to
    connected_at    TEXT NOT NULL
  );
  CREATE TABLE remote_outbox (
    sha256      TEXT PRIMARY KEY REFERENCES blobs(sha256) ON DELETE CASCADE,
    queued_at   TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_try_ms INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    upload_id   TEXT              -- a multipart upload begun for it, aborted if it is not completed
  ) WITHOUT ROWID;
  CREATE INDEX remote_outbox_due ON remote_outbox(next_try_ms);
  CREATE TABLE remote_blobs (
    sha256       TEXT PRIMARY KEY,  -- no foreign key: the object outlives the blob row until gc deletes it
    size         INTEGER NOT NULL,
    confirmed_at TEXT NOT NULL,
    local        INTEGER NOT NULL DEFAULT 1,
    used_ms      INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX remote_blobs_lru ON remote_blobs(local, used_ms);
  CREATE TABLE remote_deletions (
    sha256    TEXT PRIMARY KEY,
    marked_at TEXT NOT NULL,
    executing INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  -- Projects marked "keep offline": the content their checkpoints, renders and linked assets need is never evicted.
  CREATE TABLE remote_keep_offline (
    project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE
  ) WITHOUT ROWID;
  CREATE TRIGGER blobs_remote_outbox AFTER INSERT ON blobs WHEN EXISTS (SELECT 1 FROM remote_config)
  BEGIN
    INSERT OR IGNORE INTO remote_outbox (sha256, queued_at) VALUES (NEW.sha256, NEW.created_at);
  END;
  `;
