import type { RenderStage } from '../../shared/render-models.js';

/** Each stage's share of the bar; an install that is not needed is simply skipped over. */
const RANGES: Record<RenderStage, [number, number]> = {
  queued: [0, 0],
  preparing: [0, 0.02],
  installing: [0.02, 0.3],
  bundling: [0.3, 0.4],
  rendering: [0.4, 0.92],
  encoding: [0.92, 0.98],
  storing: [0.98, 1],
  comparing: [0, 1],
};

export type ProgressSink = (stage: RenderStage, detail: string, fraction: number, frames?: { done: number; total: number }) => void;

/** One progress bar over a render's stages, never moving backwards (a late "Bundling 98%" line after rendering began). */
export class PhasedProgress {
  private last = 0;
  constructor(private readonly sink: ProgressSink) {}

  stage(stage: RenderStage, detail: string, fraction: number | null = 0, frames?: { done: number; total: number }): void {
    const [from, to] = RANGES[stage];
    const f = Math.min(1, Math.max(0, fraction ?? 0));
    this.last = Math.max(this.last, from + (to - from) * f);
    this.sink(stage, detail, this.last, frames);
  }
}
