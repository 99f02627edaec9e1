import { CHANGED_SSIM } from '../../shared/render-models.js';
import type { ComparisonResult } from '../storage/index.js';
import type { FrameDiffResult } from '../media/frame-diff.js';

/**
 * What a person wants to know of a frame comparison: identical or not, how many frames changed and
 * where the biggest change is. Identical means every compared frame is the same picture (PSNR is
 * infinite: no pixel differs) and both renders have as many frames.
 */
export function summarise(d: FrameDiffResult): ComparisonResult {
  let worst: { frame: number; ssim: number } | null = null;
  let changed = 0;
  d.scores.forEach((s, i) => {
    if (s.ssim < CHANGED_SSIM) changed++;
    if (!worst || s.ssim < worst.ssim) worst = { frame: i, ssim: s.ssim };
  });
  const identical = d.framesA === d.framesB && d.scores.length === d.framesA && d.scores.every((s) => s.psnr === null);
  return { frames: d.scores.length, framesA: d.framesA, framesB: d.framesB, fps: d.fps, identical, changedFrames: changed, worst, scores: d.scores };
}
