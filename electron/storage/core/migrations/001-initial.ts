/**
 * The initial schema.
 */
export const version = 1;

export const sql = `
  CREATE TABLE blobs (
    sha256     TEXT PRIMARY KEY,
    size       INTEGER NOT NULL,
    created_at TEXT NOT NULL
  ) WITHOUT ROWID;
  -- Lets an import tell at once that content of a never-seen size is new (hash while copying, one pass).
  CREATE INDEX blobs_size ON blobs(size);

  CREATE TABLE projects (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    theme          TEXT NOT NULL,
    fps            INTEGER NOT NULL,
    width          INTEGER NOT NULL,
    height         INTEGER NOT NULL,
    template       TEXT NOT NULL,
    scope          TEXT NOT NULL CHECK (scope IN ('session','user','sandbox')),
    user_id        TEXT,
    session_id     TEXT,
    ttl_hours      REAL,
    expires_at     TEXT,
    workspace_path TEXT,           -- NULL: workspaces/<id> inside the library; else an adopted folder
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT
  );
  CREATE INDEX projects_updated ON projects(updated_at);
  CREATE INDEX projects_expires ON projects(expires_at) WHERE expires_at IS NOT NULL;

  CREATE TABLE assets (
    seq         INTEGER PRIMARY KEY,  -- rowid: keys the FTS index and keyset pagination ties
    id          TEXT NOT NULL UNIQUE,
    sha256      TEXT NOT NULL REFERENCES blobs(sha256),
    name        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    mime        TEXT NOT NULL,
    type        TEXT NOT NULL,
    width       INTEGER,
    height      INTEGER,
    duration    REAL,
    scope       TEXT NOT NULL CHECK (scope IN ('session','user','sandbox')),
    user_id     TEXT,
    session_id  TEXT,
    expires_at  TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
  );
  CREATE INDEX assets_sha ON assets(sha256);
  CREATE INDEX assets_created ON assets(created_at, seq);
  CREATE INDEX assets_name ON assets(name COLLATE NOCASE, seq);
  CREATE INDEX assets_size ON assets(size, seq);
  CREATE INDEX assets_type_created ON assets(type, created_at, seq);

  CREATE TABLE asset_tags (
    asset_seq INTEGER NOT NULL REFERENCES assets(seq) ON DELETE CASCADE,
    tag       TEXT NOT NULL,
    PRIMARY KEY (tag, asset_seq)
  ) WITHOUT ROWID;
  CREATE INDEX asset_tags_asset ON asset_tags(asset_seq);

  CREATE TABLE asset_projects (
    asset_seq  INTEGER NOT NULL REFERENCES assets(seq) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, asset_seq)
  ) WITHOUT ROWID;
  CREATE INDEX asset_projects_asset ON asset_projects(asset_seq);

  -- Full-text index over name and tags; rowid = assets.seq. Kept in step by the library, not triggers,
  -- because tags live in their own table.
  CREATE VIRTUAL TABLE assets_fts USING fts5(name, tags, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');

  CREATE TABLE checkpoints (
    id           TEXT PRIMARY KEY,
    project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    description  TEXT,
    kind         TEXT NOT NULL CHECK (kind IN ('user','auto')),
    tree_hash    TEXT NOT NULL,
    file_count   INTEGER NOT NULL,
    total_bytes  INTEGER NOT NULL,
    meta         TEXT NOT NULL,   -- JSON CheckpointMeta
    created_at   TEXT NOT NULL,
    seq          INTEGER NOT NULL -- creation order within the library; ties in created_at stay ordered
  );
  CREATE INDEX checkpoints_project ON checkpoints(project_id, seq);
  CREATE INDEX checkpoints_tree ON checkpoints(project_id, tree_hash);

  CREATE TABLE checkpoint_entries (
    checkpoint_id TEXT NOT NULL REFERENCES checkpoints(id) ON DELETE CASCADE,
    path          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('file','dir')),
    sha256        TEXT REFERENCES blobs(sha256),
    size          INTEGER NOT NULL,
    mode          INTEGER NOT NULL,
    PRIMARY KEY (checkpoint_id, path)
  ) WITHOUT ROWID;
  CREATE INDEX checkpoint_entries_sha ON checkpoint_entries(sha256);

  -- The stat cache (git's index idea): a file whose size, mtime and inode are unchanged is not re-read.
  CREATE TABLE stat_cache (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    path       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    mtime_ns   TEXT NOT NULL,
    ino        TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    cached_ms  INTEGER NOT NULL,
    PRIMARY KEY (project_id, path)
  ) WITHOUT ROWID;

  CREATE TABLE renders (
    id            TEXT PRIMARY KEY,
    project_id    TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    checkpoint_id TEXT NOT NULL REFERENCES checkpoints(id),
    sha256        TEXT NOT NULL REFERENCES blobs(sha256),
    name          TEXT NOT NULL,
    format        TEXT NOT NULL,
    width         INTEGER,
    height        INTEGER,
    fps           REAL,
    duration      REAL,
    codec         TEXT,
    bitrate_kbps  INTEGER,
    size          INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    deleted_at    TEXT
  );
  CREATE INDEX renders_project ON renders(project_id, created_at);
  CREATE INDEX renders_sha ON renders(sha256);
  CREATE INDEX renders_checkpoint ON renders(checkpoint_id);
  `;
