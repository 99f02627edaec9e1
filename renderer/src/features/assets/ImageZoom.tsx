import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { actionFor } from '../../lib/actions';

const LEVELS = [0, 0.5, 1, 2, 4] as const; // 0: fit the window

/**
 * The original image at its own pixels (the detail pane shows a 1280 px thumbnail): Fit, 50% to
 * 400%, scrolled to look around. + and - change the level, 0 fits, 1 is 100%; Escape closes.
 */
export function ImageZoom({ src, name, width, onClose }: { src: string; name: string; width: number; onClose(): void }) {
  const [level, setLevel] = useState<(typeof LEVELS)[number]>(1);
  const move = (d: number) => setLevel((l) => LEVELS[Math.min(LEVELS.length - 1, Math.max(0, LEVELS.indexOf(l) + d))] ?? l);
  return (
    <Dialog title={`${name} · ${level === 0 ? 'fit' : `${level * 100}%`}`} open onClose={onClose} wide testId="image-zoom">
      <div
        className="zoom-tools"
        role="toolbar"
        aria-label="Zoom"
        onKeyDown={(e) => {
          const act = actionFor(e, ['zoom.step', 'zoom.fit', 'zoom.actual']);
          if (act === 'zoom.step') move(e.key === '-' ? -1 : 1);
          else if (act === 'zoom.fit') setLevel(0);
          else if (act === 'zoom.actual') setLevel(1);
          else return;
          e.preventDefault();
        }}
      >
        {LEVELS.map((l) => (
          <button key={l} type="button" className={`btn btn-small${l === level ? ' btn-primary' : ''}`} aria-pressed={l === level} onClick={() => setLevel(l)} data-autofocus={l === 1 ? true : undefined}>
            {l === 0 ? 'Fit' : `${l * 100}%`}
          </button>
        ))}
        <span className="muted">+ / − to zoom · 0 fit · 1 actual pixels</span>
      </div>
      <div className="zoom-view" tabIndex={0} aria-label="Image, scroll to look around" data-testid="zoom-view">
        <img src={src} alt={name} data-testid="zoom-image" style={level === 0 ? { maxWidth: '100%', maxHeight: '70vh' } : { width: `${width * level}px`, maxWidth: 'none' }} />
      </div>
    </Dialog>
  );
}
