import { useEffect, useRef, useState } from 'react';
import type { DiffFile, DiffSide } from '../../../../shared/models';
import { sideMediaUrl } from './diff-store';

export const IMAGE_EXT = /\.(png|jpe?g|gif|webp|avif|bmp)$/i;

type Mode = 'side' | 'swipe' | 'onion';

/** Drags a 0–100 % position across an element (the wipe divider of images and videos). */
export function useDragPercent(initial = 50) {
  const [pct, setPct] = useState(initial);
  const ref = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);
  const update = (clientX: number) => {
    const el = ref.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    setPct(Math.min(100, Math.max(0, ((clientX - r.left) / r.width) * 100)));
  };
  const handlers = {
    onPointerDown: (e: React.PointerEvent) => {
      dragging.current = true;
      (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
      update(e.clientX);
    },
    onPointerMove: (e: React.PointerEvent) => {
      if (dragging.current) update(e.clientX);
    },
    onPointerUp: () => {
      dragging.current = false;
    },
  };
  return { pct, setPct, ref, handlers };
}

export function ImageCompare({ file, projectId, a, b }: { file: DiffFile; projectId: string; a: DiffSide; b: DiffSide }) {
  const [urls, setUrls] = useState<{ old: string | null; new: string | null } | null>(null);
  const [mode, setMode] = useState<Mode>('side');
  const [opacity, setOpacity] = useState(50);
  const swipe = useDragPercent();

  useEffect(() => {
    let live = true;
    void Promise.all([
      file.status === 'added' ? null : sideMediaUrl(projectId, a, file.oldPath ?? file.path, file.oldSha256),
      file.status === 'removed' ? null : sideMediaUrl(projectId, b, file.path, file.newSha256),
    ]).then(([o, n]) => live && setUrls({ old: o, new: n }));
    return () => {
      live = false;
    };
  }, [file, projectId, a, b]);

  if (!urls) return <p className="df-notice muted">Loading images…</p>;
  const both = !!urls.old && !!urls.new;
  return (
    <div className="df-img" data-testid="image-compare">
      {both && (
        <div className="df-seg" role="group" aria-label="Image view">
          {(['side', 'swipe', 'onion'] as const).map((m) => (
            <button key={m} type="button" className={`df-seg-btn${mode === m ? ' on' : ''}`} aria-pressed={mode === m} onClick={() => setMode(m)}>
              {m === 'side' ? 'Side by side' : m === 'swipe' ? 'Swipe' : 'Onion skin'}
            </button>
          ))}
          {mode === 'onion' && (
            <label className="df-slider">
              Opacity
              <input type="range" min={0} max={100} value={opacity} aria-label="Onion-skin opacity" onChange={(e) => setOpacity(Number(e.target.value))} />
            </label>
          )}
          {mode === 'swipe' && (
            <label className="df-slider">
              Swipe
              <input type="range" min={0} max={100} value={swipe.pct} aria-label="Swipe position" onChange={(e) => swipe.setPct(Number(e.target.value))} />
            </label>
          )}
        </div>
      )}
      {!both || mode === 'side' ? (
        <div className="df-img-side">
          {urls.old && (
            <figure>
              <figcaption>Before</figcaption>
              <div className="df-checker"><img src={urls.old} alt="Before" /></div>
            </figure>
          )}
          {urls.new && (
            <figure>
              <figcaption>After</figcaption>
              <div className="df-checker"><img src={urls.new} alt="After" /></div>
            </figure>
          )}
        </div>
      ) : mode === 'swipe' ? (
        <div className="df-stack df-checker df-swipe" ref={swipe.ref} {...swipe.handlers} data-testid="image-swipe">
          <img src={urls.old ?? ''} alt="Before" />
          <img src={urls.new ?? ''} alt="After" className="df-top" style={{ clipPath: `inset(0 0 0 ${swipe.pct}%)` }} />
          <div className="df-divider" style={{ left: `${swipe.pct}%` }} aria-hidden="true" />
          <span className="df-tag df-tag-l">Before</span>
          <span className="df-tag df-tag-r">After</span>
        </div>
      ) : (
        <div className="df-stack df-checker">
          <img src={urls.old ?? ''} alt="Before" />
          <img src={urls.new ?? ''} alt="After" className="df-top" style={{ opacity: opacity / 100 }} />
          <span className="df-tag df-tag-l">Before</span>
          <span className="df-tag df-tag-r">After {opacity}%</span>
        </div>
      )}
    </div>
  );
}
