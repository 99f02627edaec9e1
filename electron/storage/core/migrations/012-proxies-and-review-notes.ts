/**
 * What an editor's day needs from the library. A playback proxy per content the page cannot
 * decode (HEVC, ProRes…): an H.264 copy made by the media queue, a derived blob like a poster, the
 * original untouched; its state says whether one is wanted, being made, made or failed (and why).
 * And review notes: a comment on a frame or a range of frames of a render, or on a checkpoint,
 * kept with the project (gone with the render or checkpoint it is about).
 */
export const version = 12;

export const sql = `
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
  `;
