import type { RenderJob } from '../../shared/render-models.js';

/**
 * A render's progress on stderr: a redrawn bar on a terminal; on a pipe (CI logs), one line each
 * time the stage changes, so a long install or render is never silent.
 */
export function renderProgress(enabled: boolean): { update(j: RenderJob): void; done(): void } {
  const tty = process.stderr.isTTY;
  let lastStage = '';
  let lastDraw = 0;
  let drawn = false;
  return {
    update(j) {
      if (!enabled) return;
      const detail = j.detail ?? j.stage;
      if (!tty) {
        if (j.stage !== lastStage) process.stderr.write(`reelvault render: ${detail}\n`);
        lastStage = j.stage;
        return;
      }
      const now = Date.now();
      if (now - lastDraw < 100 && j.stage === lastStage) return;
      lastDraw = now;
      lastStage = j.stage;
      const width = 24;
      const frac = j.progress ?? 0;
      const fill = Math.round(frac * width);
      const text = `[${'#'.repeat(fill)}${' '.repeat(width - fill)}] ${String(Math.round(frac * 100)).padStart(3)}%  ${detail}`;
      process.stderr.write(`\r${text.padEnd(80).slice(0, Math.max(40, (process.stderr.columns ?? 100) - 1))}`);
      drawn = true;
    },
    done() {
      if (tty && drawn) process.stderr.write('\n');
    },
  };
}
