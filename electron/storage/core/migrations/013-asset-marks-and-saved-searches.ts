/**
 * What an editor marks assets with: a rating (1–5 stars) and a colour label, one row per marked
 * asset (gone with it); and saved searches (smart collections): a name and an asset filter, per user
 * (NULL: shared by everyone using the library, as SANDBOX items are).
 */
export const version = 13;

export const sql = `
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
  `;
