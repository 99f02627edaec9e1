/**
 * Renders Reelvault makes (Remotion) know their composition, so a render is compared with the
 * same composition's render on an earlier checkpoint; and what that comparison found, frame by
 * frame (ffmpeg's ssim and psnr), is kept with the pair. Comparisons are derived: recomputable from
 * the two renders, gone with either of them.
 */
export const version = 11;

export const sql = `
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
  `;
