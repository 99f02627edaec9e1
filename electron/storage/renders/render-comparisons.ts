import type { Actor, Render } from '../../../shared/models.js';
import type { FrameComparison, FrameScore } from '../../../shared/render-models.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { getRender, renderRow } from './renders.js';

/** What is stored for a pair: everything but the ids (the key) and the state. */
export type ComparisonResult = Pick<FrameComparison, 'frames' | 'framesA' | 'framesB' | 'fps' | 'identical' | 'changedFrames' | 'worst' | 'scores'>;

interface ComparisonRow {
  a_render_id: string;
  b_render_id: string;
  state: 'done' | 'failed';
  error: string | null;
  result: string | null;
  created_at: string;
}

/** Scores are stored as [ssim, psnr] pairs, rounded: a 10-minute render's 18,000 frames stay a few hundred KB. */
type StoredResult = Omit<ComparisonResult, 'scores'> & { scores: [number, number | null][] };

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Records what comparing two renders found (or why it could not), replacing an earlier result for the pair. */
export function saveComparison(ctx: StorageContext, aRenderId: string, bRenderId: string, outcome: { result: ComparisonResult } | { error: string }): void {
  const stored: StoredResult | null =
    'result' in outcome ? { ...outcome.result, scores: outcome.result.scores.map((s) => [round(s.ssim, 6), s.psnr === null ? null : round(s.psnr, 3)]) } : null;
  ctx.db
    .prepare('INSERT OR REPLACE INTO render_comparisons (a_render_id, b_render_id, state, error, result, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(aRenderId, bRenderId, stored ? 'done' : 'failed', 'error' in outcome ? outcome.error : null, stored ? JSON.stringify(stored) : null, nowIso(ctx));
  const row = ctx.db.prepare('SELECT project_id FROM renders WHERE id = ?').pluck().get(bRenderId) as string | undefined;
  if (row) ctx.changed('renders', row);
}

/** The stored comparison of a pair, in either order asked (A is always the one given first); null when none is. */
export function getComparison(ctx: StorageContext, actor: Actor, aRenderId: string, bRenderId: string): FrameComparison | null {
  renderRow(ctx, actor, aRenderId);
  renderRow(ctx, actor, bRenderId);
  const row = ctx.db.prepare('SELECT * FROM render_comparisons WHERE a_render_id = ? AND b_render_id = ?').get(aRenderId, bRenderId) as ComparisonRow | undefined;
  if (!row) return null;
  const base = { aRenderId, bRenderId, createdAt: row.created_at };
  if (row.state === 'failed' || !row.result) {
    return { ...base, state: 'failed', error: row.error, frames: 0, framesA: null, framesB: null, fps: null, identical: false, changedFrames: 0, worst: null, scores: [] };
  }
  const r = JSON.parse(row.result) as StoredResult;
  const scores: FrameScore[] = r.scores.map(([ssim, psnr]) => ({ ssim, psnr }));
  return { ...base, ...r, scores, state: 'done', error: null };
}

/**
 * The render a new one is compared with by default: the same composition's newest render on the
 * nearest earlier checkpoint that has one. Null for renders of no known composition (added videos)
 * and for the first checkpoint rendered.
 */
export function previousRender(ctx: StorageContext, actor: Actor, renderId: string): Render | null {
  const r = renderRow(ctx, actor, renderId);
  if (r.composition === null) return null;
  const id = ctx.db
    .prepare(
      `SELECT r.id FROM renders r JOIN checkpoints c ON c.id = r.checkpoint_id
        WHERE r.project_id = ? AND r.composition = ? AND r.deleted_at IS NULL AND r.id <> ?
          AND c.seq < (SELECT seq FROM checkpoints WHERE id = ?)
        ORDER BY c.seq DESC, r.created_at DESC, r.id DESC LIMIT 1`,
    )
    .pluck()
    .get(r.project_id, r.composition, r.id, r.checkpoint_id) as string | undefined;
  return id ? getRender(ctx, actor, id) : null;
}
