import path from 'node:path';
import type { RenderJob } from '../../../shared/render-models.js';
import type { StorageContext } from '../core/context.js';
import { liveSessions } from '../core/process-session.js';

/**
 * The render worker's job records, kept in the catalog (migration 015) so a restart does not lose
 * them. Visibility is the worker's to apply (it asks projects.get, as for records in memory); this
 * only stores, lists and says which jobs lost their process.
 */

interface JobRow {
  owner: string;
  state: string;
  record: string;
}

/** This process's session name: what a record is owned by. */
export function ownerOf(ctx: StorageContext): string {
  return path.basename(ctx.dirs.tmp);
}

export function saveRenderJob(ctx: StorageContext, job: RenderJob): void {
  ctx.db
    .prepare('INSERT OR REPLACE INTO render_jobs (id, project_id, owner, state, record, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(job.id, job.projectId, ownerOf(ctx), job.state, JSON.stringify(job), job.updatedAt);
}

export function deleteRenderJobs(ctx: StorageContext, ids: string[]): void {
  const del = ctx.db.prepare('DELETE FROM render_jobs WHERE id = ?');
  ctx.db.transaction(() => ids.forEach((id) => del.run(id)))();
}

/**
 * The records a starting worker takes over: every job but those another live process is still
 * queueing or running (they are its to report). A queued or running job whose process is gone
 * — quit, crashed, killed — is marked failed and interrupted, with its log (if one was written)
 * kept where renders.log finds it.
 */
export function takeOverRenderJobs(ctx: StorageContext, now: string): RenderJob[] {
  const tmpRoot = path.dirname(ctx.dirs.tmp);
  const live = new Set(liveSessions(tmpRoot, ctx.dirs.tmp));
  const rows = ctx.db.prepare('SELECT owner, state, record FROM render_jobs ORDER BY updated_at DESC').all() as JobRow[];
  const out: RenderJob[] = [];
  ctx.db.transaction(() => {
    for (const row of rows) {
      const unfinished = row.state === 'queued' || row.state === 'running';
      if (unfinished && live.has(row.owner)) continue;
      let job: RenderJob;
      try {
        job = JSON.parse(row.record) as RenderJob;
      } catch {
        continue;
      }
      if (unfinished) {
        const was = row.state === 'queued' ? 'queued' : `at “${job.detail ?? job.stage}”`;
        job = {
          ...job,
          state: 'failed',
          interrupted: true,
          error: `Interrupted: Reelvault stopped while this ${job.kind === 'compare' ? 'comparison' : 'render'} was ${was}. Start it again.`,
          detail: 'Interrupted',
          updatedAt: now,
        };
        saveRenderJob(ctx, job);
      }
      out.push(job);
    }
  })();
  return out;
}
