/**
 * Render jobs outlive the process that ran them: a restart used to drop queued and running renders
 * without a word, and a failed render's log (kept on disk) could no longer be found. Each job's
 * record is kept as JSON with the process session (tmp/s-…) that ran it, so the next process can
 * tell a job whose owner is gone (interrupted) from one another live process is still running.
 */
export const version = 15;

export const sql = `
  CREATE TABLE render_jobs (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    owner       TEXT NOT NULL,   -- the process session folder's name (tmp/s-…)
    state       TEXT NOT NULL,
    record      TEXT NOT NULL,   -- JSON RenderJob
    updated_at  TEXT NOT NULL
  );
  CREATE INDEX render_jobs_updated ON render_jobs(updated_at);
  `;
