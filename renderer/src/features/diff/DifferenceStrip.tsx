import { useMemo, useRef, type MouseEvent } from 'react';
import { CHANGED_SSIM, type FrameComparison } from '../../../../shared/render-models';
import type { ComparisonState } from './use-frame-comparison';

/** At most this many columns: a long render's frames are grouped, each column showing its group's biggest change. */
const MAX_COLUMNS = 600;

interface Column {
  from: number;
  to: number;
  /** 1 − SSIM of the column's most changed frame. */
  diff: number;
  changed: boolean;
}

function columns(c: FrameComparison): Column[] {
  const n = c.scores.length;
  const per = Math.max(1, Math.ceil(n / MAX_COLUMNS));
  const out: Column[] = [];
  for (let from = 0; from < n; from += per) {
    let diff = 0;
    let changed = false;
    for (let i = from; i < Math.min(n, from + per); i++) {
      const s = c.scores[i];
      if (!s) continue;
      diff = Math.max(diff, 1 - s.ssim);
      if (s.ssim < CHANGED_SSIM) changed = true;
    }
    out.push({ from, to: Math.min(n, from + per) - 1, diff, changed });
  }
  return out;
}

/** The changed frames in order, for previous/next. */
function changedFrames(c: FrameComparison): number[] {
  const out: number[] = [];
  c.scores.forEach((s, i) => {
    if (s.ssim < CHANGED_SSIM) out.push(i);
  });
  return out;
}

export function summaryText(c: FrameComparison): string {
  if (c.state === 'pending') return 'Comparing frames…';
  if (c.state === 'failed') return `The frames could not be compared: ${c.error ?? 'unknown error'}`;
  const lengths = c.framesA !== c.framesB ? ` A has ${c.framesA} frames, B ${c.framesB}; the first ${c.frames} are compared.` : '';
  if (c.identical) return `Identical: all ${c.frames} frames are the same picture.`;
  if (c.changedFrames === 0) return `No frame changed visibly (every SSIM ≥ ${CHANGED_SSIM}).${lengths}`;
  const worst = c.worst ? ` The biggest change is at frame ${c.worst.frame} (SSIM ${c.worst.ssim.toFixed(4)}).` : '';
  return `${c.changedFrames} of ${c.frames} frames changed.${worst}${lengths}`;
}

/**
 * Under the A/B timeline, where the two renders differ, frame by frame (like a difference index):
 * a bar per frame, as tall as its change (1 − SSIM, the biggest change full height), the playhead
 * over it; a click jumps there. Scores are ffmpeg's ssim and psnr, computed once per pair.
 */
export function DifferenceStrip({ state, frame, onSeekFrame }: { state: ComparisonState; frame: number; onSeekFrame(frame: number): void }) {
  const svg = useRef<SVGSVGElement>(null);
  const c = state.status === 'ready' ? state.c : null;
  const cols = useMemo(() => (c && c.state === 'done' ? columns(c) : []), [c]);
  const changes = useMemo(() => (c && c.state === 'done' ? changedFrames(c) : []), [c]);
  const top = Math.max(...cols.map((x) => x.diff), 1e-6);
  if (state.status === 'loading') return <div className="ds ds-note muted" data-testid="difference-strip">Loading the frame comparison…</div>;
  if (state.status === 'error')
    return (
      <div className="ds ds-note muted" data-testid="difference-strip">
        No frame comparison here: {state.error}
      </div>
    );
  const cmp = state.c;
  const n = cmp.scores.length;
  const seekAt = (e: MouseEvent<SVGSVGElement>) => {
    const box = svg.current?.getBoundingClientRect();
    if (!box || n === 0) return;
    const f = Math.min(n - 1, Math.max(0, Math.floor(((e.clientX - box.left) / box.width) * n)));
    onSeekFrame(f);
  };
  const next = changes.find((f) => f > frame);
  const prev = [...changes].reverse().find((f) => f < frame);
  return (
    <div className={`ds${cmp.identical ? ' ds-identical' : ''}`} data-testid="difference-strip" data-state={cmp.state} data-changed={cmp.changedFrames} data-identical={cmp.identical ? 'true' : 'false'}>
      <div className="ds-head">
        <strong className="ds-title">Difference</strong>
        <span className="ds-summary" data-testid="difference-summary">
          {summaryText(cmp)}
        </span>
        {cmp.state === 'done' && changes.length > 0 && (
          <span className="ds-nav">
            <button type="button" className="btn btn-small" disabled={prev === undefined} onClick={() => prev !== undefined && onSeekFrame(prev)} aria-label="Previous changed frame">
              ‹ Prev change
            </button>
            {cmp.worst && (
              <button type="button" className="btn btn-small" onClick={() => cmp.worst && onSeekFrame(cmp.worst.frame)} data-testid="jump-biggest">
                Biggest change
              </button>
            )}
            <button type="button" className="btn btn-small" disabled={next === undefined} onClick={() => next !== undefined && onSeekFrame(next)} aria-label="Next changed frame">
              Next change ›
            </button>
          </span>
        )}
      </div>
      {cmp.state === 'done' && n > 0 && (
        <svg
          ref={svg}
          className="ds-bars"
          viewBox={`0 0 ${cols.length} 100`}
          preserveAspectRatio="none"
          role="img"
          aria-label={`Difference per frame: ${summaryText(cmp)}`}
          onClick={seekAt}
          data-testid="difference-bars"
        >
          <rect x={0} y={99} width={cols.length} height={1} className="ds-base" />
          {cols.map((col, i) =>
            col.changed ? <rect key={i} x={i + 0.08} width={0.84} y={100 - Math.max(6, (col.diff / top) * 100)} height={Math.max(6, (col.diff / top) * 100)} className="ds-bar" data-frame={col.from} /> : null,
          )}
          <rect x={(Math.min(frame, n - 1) / n) * cols.length} y={0} width={Math.max(0.25, cols.length / 300)} height={100} className="ds-playhead" />
        </svg>
      )}
    </div>
  );
}
