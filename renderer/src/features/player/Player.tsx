import { useMemo, useRef } from 'react';
import { OfflineNotice, useOfflineMedia } from '../../components/OfflineMedia';
import { PlayerControls } from './PlayerControls';
import { usePlayback } from './use-playback';
import './player.css';

export interface PlayerProps {
  src: string;
  poster?: string | undefined;
  fps: number;
  durationHint: number | null;
  label: string;
  /** width / height of the picture, so the stage fits it without bars. */
  aspect?: number | null;
}

export function toggleFullscreen(el: HTMLElement | null): void {
  if (!el) return;
  if (document.fullscreenElement) void document.exitFullscreen();
  else void el.requestFullscreen().catch(() => undefined);
}

/**
 * A frame-accurate player for one render. Key it by the render so a new one starts fresh. Content
 * only in the library's bucket while the bucket cannot be reached shows "not available offline"
 * (over the poster, which stays on this disk) with a retry, which starts the player afresh.
 */
export function Player(props: PlayerProps) {
  const { offline, onError, retry, attempt } = useOfflineMedia(props.src);
  if (offline) {
    return (
      <div className="pl pl-offline" aria-label={props.label} data-testid="player">
        <div className="pl-stage" style={props.aspect ? { aspectRatio: String(props.aspect) } : undefined}>
          <OfflineNotice onRetry={retry} poster={props.poster} what="render" />
        </div>
      </div>
    );
  }
  return <PlayerView key={attempt} {...props} onError={onError} />;
}

function PlayerView({ src, poster, fps, durationHint, label, aspect, onError }: PlayerProps & { onError(): void }) {
  const video = useRef<HTMLVideoElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const refs = useMemo(() => [video], []);
  const pb = usePlayback(refs, fps, durationHint);
  return (
    <div
      className="pl"
      ref={box}
      tabIndex={0}
      aria-label={label}
      data-testid="player"
      onKeyDown={(e) => {
        if (pb.onKeyDown(e)) return;
        if ((e.key === 'f' || e.key === 'F') && !e.ctrlKey && !e.metaKey && (e.target as HTMLElement).tagName !== 'INPUT') {
          e.preventDefault();
          toggleFullscreen(box.current);
        }
      }}
    >
      <div className="pl-stage" onClick={pb.toggle} style={aspect ? { aspectRatio: String(aspect) } : undefined}>
        <video ref={video} src={src} poster={poster} preload="auto" playsInline data-testid="player-video" onError={onError} />
      </div>
      <PlayerControls pb={pb} label={label} onFullscreen={() => toggleFullscreen(box.current)} />
    </div>
  );
}
