/**
 * Schema migrations, applied in order by `user_version` (Signal Desktop's pattern): each one runs in a
 * single transaction with the version bump, so a crash leaves the database at the old or the new version.
 * Never edit a shipped migration; add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the initial schema.
  `
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
  `,
  // 2: a key/value table for library-wide counters. gc_epoch moves whenever gc deletes content, so
  // a writer can tell cheaply whether content it is about to reference may have been collected.
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO meta (key, value) VALUES ('gc_epoch', '0');
  `,
  // 3: repair marks items whose stored content is gone (or damaged) instead of deleting them, so the
  // UI can say so and a restored backup can clear the mark.
  `
  ALTER TABLE assets ADD COLUMN content_missing INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE renders ADD COLUMN content_missing INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE checkpoints ADD COLUMN missing_files INTEGER NOT NULL DEFAULT 0;
  `,
  // 4: media intelligence. What probing and thumbnailing found per content hash (shared by every asset
  // and render with that content), the derived images as blobs, and the pending media jobs so they
  // survive a restart.
  `
  CREATE TABLE media_info (
    sha256        TEXT PRIMARY KEY REFERENCES blobs(sha256) ON DELETE CASCADE,
    state         TEXT NOT NULL CHECK (state IN ('pending','done','failed')),
    error         TEXT,
    probe         TEXT,            -- JSON MediaProbe
    poster_grid   TEXT REFERENCES blobs(sha256),
    poster_detail TEXT REFERENCES blobs(sha256),
    filmstrip     TEXT REFERENCES blobs(sha256),
    filmstrip_meta TEXT,           -- JSON {frames, tileWidth, tileHeight}
    waveform      TEXT REFERENCES blobs(sha256),
    note          TEXT,            -- e.g. a caller-supplied render value the file contradicted
    updated_at    TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX media_info_state ON media_info(state);

  CREATE TABLE jobs (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    state      TEXT NOT NULL,
    attempts   INTEGER NOT NULL,
    priority   INTEGER NOT NULL,
    timeout_ms INTEGER,
    error      TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 5: the /media route asks "is this hash a derived image of content the actor can see?" for every
  // thumbnail in a grid: each derived column needs its own index.
  `
  CREATE INDEX media_info_poster_grid ON media_info(poster_grid) WHERE poster_grid IS NOT NULL;
  CREATE INDEX media_info_poster_detail ON media_info(poster_detail) WHERE poster_detail IS NOT NULL;
  CREATE INDEX media_info_filmstrip ON media_info(filmstrip) WHERE filmstrip IS NOT NULL;
  CREATE INDEX media_info_waveform ON media_info(waveform) WHERE waveform IS NOT NULL;
  `,
  // 6: pages of assets, newest first, without sorting. Assets normally arrive in time order (seq is
  // given at insert, created_at is the insert time), and while they do, "newest first" is "highest
  // seq first" — an order the full-text index, the tag index and the project links already keep, so
  // a first page reads about a page of rows however large the library. The flag says whether that
  // still holds; any insert out of order (a clock set back) or change of created_at clears it for good
  // and searches fall back to the general plan. Each check is two key lookups.
  `
  INSERT INTO meta (key, value) VALUES ('assets_in_time_order', (
    SELECT CASE WHEN EXISTS (
      SELECT 1 FROM (SELECT created_at, max(created_at) OVER (ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before FROM assets)
       WHERE created_at < before
    ) THEN '0' ELSE '1' END));
  CREATE TRIGGER assets_time_order_insert AFTER INSERT ON assets
    WHEN NEW.seq < (SELECT max(seq) FROM assets)
      OR NEW.created_at < (SELECT created_at FROM assets WHERE seq < NEW.seq ORDER BY seq DESC LIMIT 1)
  BEGIN
    UPDATE meta SET value = '0' WHERE key = 'assets_in_time_order' AND value <> '0';
  END;
  CREATE TRIGGER assets_time_order_update AFTER UPDATE OF seq, created_at ON assets
    WHEN NEW.seq IS NOT OLD.seq OR NEW.created_at IS NOT OLD.created_at
  BEGIN
    UPDATE meta SET value = '0' WHERE key = 'assets_in_time_order' AND value <> '0';
  END;
  `,
  // 7: each checkpoint's folders with a hash of their listing (every child's name, kind, content hash
  // and exec bit), so comparing two checkpoints reads only the folders whose listings differ — git's
  // tree idea — instead of both whole manifests. Older checkpoints have no rows and are compared whole.
  `
  CREATE TABLE checkpoint_dirs (
    checkpoint_id TEXT NOT NULL REFERENCES checkpoints(id) ON DELETE CASCADE,
    path          TEXT NOT NULL,  -- '' is the workspace root
    hash          TEXT NOT NULL,
    PRIMARY KEY (checkpoint_id, path)
  ) WITHOUT ROWID;
  `,
  // 8: checkpoints of the same tree share one manifest. manifest_id NULL: the checkpoint's own
  // checkpoint_entries/checkpoint_dirs rows are its manifest; else it names the checkpoint (always an
  // owner, never another sharer, always of the same project) whose rows are. The foreign key (checked
  // at the end of each statement) makes deleting an owner that others still share fail instead of
  // cascading their manifest away; deleteCheckpoint re-homes the rows to a sharer first. manifest_hash
  // covers every manifest field (path, kind, content hash, size, full mode — tree_hash leaves out size
  // and most of the mode): only equal manifest hashes share. Older checkpoints have none and keep
  // their own rows.
  `
  ALTER TABLE checkpoints ADD COLUMN manifest_id TEXT REFERENCES checkpoints(id);
  ALTER TABLE checkpoints ADD COLUMN manifest_hash TEXT;
  CREATE INDEX checkpoints_manifest ON checkpoints(manifest_id);
  `,
  // 9: the stat cache's signature gains ctime, as git's index has it: an in-place edit that keeps size,
  // mtime and inode (cp -p, rsync -t, editors that restore mtime) still moves ctime, which cannot be set
  // back. Rows from before have none and never match, so each file is read once more.
  `
  ALTER TABLE stat_cache ADD COLUMN ctime_ns TEXT NOT NULL DEFAULT '';
  `,
  // 10: a bucket behind the blob store (electron/storage/remote). One row of settings (never credentials:
  // those come from the environment); the outbox of content not yet confirmed in the bucket, filled by a
  // trigger so every writer's new blob is queued in the same transaction that records it; what the bucket
  // confirmed (and whether a local copy is still kept, for the cache budget); and remote deletions, marked
  // by gc first and executed after a grace period (executing = 1 from just before the DELETE is sent);
  // projects whose content stays on this disk whatever the cache budget says.
  `
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
  `,
  // 11: renders Reelvault makes (Remotion) know their composition, so a render is compared with the
  // same composition's render on an earlier checkpoint; and what that comparison found, frame by
  // frame (ffmpeg's ssim and psnr), is kept with the pair. Comparisons are derived: recomputable from
  // the two renders, gone with either of them.
  `
  ALTER TABLE renders ADD COLUMN composition TEXT;
  CREATE INDEX renders_composition ON renders(project_id, composition) WHERE composition IS NOT NULL;
  CREATE TABLE render_comparisons (
    a_render_id TEXT NOT NULL REFERENCES renders(id) ON DELETE CASCADE,
    b_render_id TEXT NOT NULL REFERENCES renders(id) ON DELETE CASCADE,
    state       TEXT NOT NULL CHECK (state IN ('done','failed')),
    error       TEXT,
    result      TEXT,            -- JSON FrameComparison (summary and per-frame scores)
    created_at  TEXT NOT NULL,
    PRIMARY KEY (a_render_id, b_render_id)
  ) WITHOUT ROWID;
  CREATE INDEX render_comparisons_b ON render_comparisons(b_render_id);
  `,
  // 12: what an editor's day needs from the library. A playback proxy per content the page cannot
  // decode (HEVC, ProRes…): an H.264 copy made by the media queue, a derived blob like a poster, the
  // original untouched; its state says whether one is wanted, being made, made or failed (and why).
  // And review notes: a comment on a frame or a range of frames of a render, or on a checkpoint,
  // kept with the project (gone with the render or checkpoint it is about).
  `
  ALTER TABLE media_info ADD COLUMN proxy TEXT REFERENCES blobs(sha256);
  ALTER TABLE media_info ADD COLUMN proxy_state TEXT CHECK (proxy_state IN ('pending','done','failed'));
  ALTER TABLE media_info ADD COLUMN proxy_error TEXT;
  CREATE INDEX media_info_proxy ON media_info(proxy) WHERE proxy IS NOT NULL;
  CREATE TABLE review_notes (
    id            TEXT PRIMARY KEY,
    project_id    TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    render_id     TEXT REFERENCES renders(id) ON DELETE CASCADE,
    checkpoint_id TEXT REFERENCES checkpoints(id) ON DELETE CASCADE,
    frame_from    INTEGER,          -- NULL: about the whole render or checkpoint
    frame_to      INTEGER,          -- equal to frame_from for a single frame
    body          TEXT NOT NULL,
    author        TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (render_id IS NOT NULL OR checkpoint_id IS NOT NULL),
    CHECK (frame_to IS NULL OR frame_to >= frame_from)
  );
  CREATE INDEX review_notes_render ON review_notes(render_id, frame_from) WHERE render_id IS NOT NULL;
  CREATE INDEX review_notes_checkpoint ON review_notes(checkpoint_id) WHERE checkpoint_id IS NOT NULL;
  CREATE INDEX review_notes_project ON review_notes(project_id, created_at);
  `,
  // 13: what an editor marks assets with: a rating (1–5 stars) and a colour label, one row per marked
  // asset (gone with it); and saved searches (smart collections): a name and an asset filter, per user
  // (NULL: shared by everyone using the library, as SANDBOX items are).
  `
  CREATE TABLE asset_marks (
    asset_seq INTEGER PRIMARY KEY REFERENCES assets(seq) ON DELETE CASCADE,
    rating    INTEGER CHECK (rating BETWEEN 1 AND 5),
    label     TEXT CHECK (label IN ('red','orange','yellow','green','blue','purple'))
  );
  CREATE INDEX asset_marks_rating ON asset_marks(rating) WHERE rating IS NOT NULL;
  CREATE INDEX asset_marks_label ON asset_marks(label) WHERE label IS NOT NULL;
  CREATE TABLE saved_searches (
    id         TEXT PRIMARY KEY,
    user_id    TEXT,
    name       TEXT NOT NULL,
    filter     TEXT NOT NULL,   -- JSON: the assets.search filter (query, type, tag, label, minRating, …)
    created_at TEXT NOT NULL
  );
  CREATE INDEX saved_searches_user ON saved_searches(user_id, name);
  `,
];
