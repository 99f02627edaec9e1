/**
 * Media intelligence. What probing and thumbnailing found per content hash (shared by every asset
 * and render with that content), the derived images as blobs, and the pending media jobs so they
 * survive a restart.
 */
export const version = 4;

export const sql = `
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
  `;
