import { useState, type CSSProperties, type PointerEvent, type ReactNode } from 'react';
import type { MediaSummary } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import './assets.css';

export type FilmstripInfo = NonNullable<MediaSummary['filmstrip']>;

interface FilmstripProps {
  /** The sprite: `frames` tiles side by side, each tileWidth × tileHeight. */
  strip: FilmstripInfo | null;
  /** What shows when the pointer is not over it (usually the poster <img>). */
  children?: ReactNode;
  className?: string;
  /** Called with 0..1 as the pointer scrubs, e.g. to show a time. */
  onScrub?(fraction: number | null): void;
}

/**
 * Hover-scrub: moving the pointer across the box steps through the filmstrip sprite, so a video
 * can be skimmed without playing it. The sprite is one image, fetched on first hover only; the
 * frame is picked by background-position, which costs no layout.
 * Reusable wherever a video has a MediaSummary (asset grid, render list, timeline nodes).
 */
export function Filmstrip({ strip, children, className, onScrub }: FilmstripProps) {
  const [frame, setFrame] = useState<number | null>(null);
  const frames = strip?.frames ?? 0;
  const move = (e: PointerEvent<HTMLDivElement>) => {
    if (!strip || frames < 1) return;
    const r = e.currentTarget.getBoundingClientRect();
    const f = Math.min(0.9999, Math.max(0, (e.clientX - r.left) / Math.max(1, r.width)));
    setFrame(Math.floor(f * frames));
    onScrub?.(f);
  };
  const leave = () => {
    setFrame(null);
    onScrub?.(null);
  };
  const style: CSSProperties | undefined =
    strip && frame !== null
      ? {
          backgroundImage: `url("${ipc.mediaUrl(strip.sha256)}")`,
          // Each tile is exactly the box; the sprite is `frames` boxes wide.
          backgroundSize: `${frames * 100}% 100%`,
          backgroundPosition: frames > 1 ? `${(frame / (frames - 1)) * 100}% 0` : '0 0',
        }
      : undefined;
  return (
    <div className={`filmstrip${className ? ` ${className}` : ''}`} onPointerMove={move} onPointerLeave={leave} data-frame={frame ?? undefined}>
      {children}
      {style && <div className="filmstrip-frame" style={style} aria-hidden="true" />}
      {strip && frame !== null && (
        <div className="filmstrip-progress" aria-hidden="true">
          <span style={{ width: `${((frame + 1) / frames) * 100}%` }} />
        </div>
      )}
    </div>
  );
}
