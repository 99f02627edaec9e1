import { useMemo, useRef, type ReactNode } from 'react';
import { useFirstFrame } from './use-first-frame';
import { OfflineNotice, useMediaProblemCheck, useOfflineMedia } from '../../components/OfflineMedia';
import { PlayerControls, type ScrubMarker } from './PlayerControls';
import type { Playback } from './use-playback';
import { usePlayback } from './use-playback';
import './player.css';
import { actionFor } from '../../lib/actions';

export interface PlayerProps {
  src: string;
  poster?: string | undefined;
  fps: number;
  durationHint: number | null;
  label: string;
  /** width / height of the picture, so the stage fits it without bars. */
  aspect?: number | null;
  /** Playing a playback proxy instead of the original: labelled on the stage. */
  proxy?: boolean;
  /** Said over the stage instead of a silent frame 0: why nothing plays, or that a proxy is coming. */
  message?: { text: string; tone: 'error' | 'info' } | null;
  /** The element could not load or decode what it was given. */
  onMediaError?: (message: string | null) => void;
  /** Review notes on the seek bar; a click goes to the note. */
  markers?: ScrubMarker[];
  onMarker?: (id: string) => void;
  /** Shown beside the player with its playhead (review notes read and move it); N focuses its note field. */
  aside?: (pb: Playback) => ReactNode;
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
  return <PlayerView key={attempt} {...props} onOffline={onError} />;
}

function PlayerView({ src, poster, fps, durationHint, label, aspect, proxy, message, onMediaError, markers, onMarker, aside, onOffline }: PlayerProps & { onOffline(): void }) {
  const video = useRef<HTMLVideoElement>(null);
  // The poster is a frame from 10% in; once the element has its own first frame it shows that one,
  // so the picture always matches the timecode (f0 shows frame 0).
  const { hasFrame, onLoadedData } = useFirstFrame(video, src);
  const box = useRef<HTMLDivElement>(null);
  const refs = useMemo(() => [video], []);
  const pb = usePlayback(refs, fps, durationHint);
  useMediaProblemCheck(video, onOffline, src);
  const player = (
    <div
      className="pl"
      ref={box}
      tabIndex={0}
      aria-label={label}
      data-testid="player"
      onKeyDown={(e) => {
        if (pb.onKeyDown(e)) return;
        const act = (e.target as HTMLElement).tagName === 'INPUT' ? null : actionFor(e, ['player.note', 'player.fullscreen']);
        if (act === 'player.note' && aside) {
          const field = box.current?.parentElement?.querySelector<HTMLElement>('[data-note-field]');
          if (field) {
            e.preventDefault();
            pb.pause();
            field.focus();
          }
          return;
        }
        if (act === 'player.fullscreen') {
          e.preventDefault();
          toggleFullscreen(box.current);
        }
      }}
    >
      <div className="pl-stage" onClick={pb.toggle} style={aspect ? { aspectRatio: String(aspect) } : undefined}>
        <video
          ref={video}
          src={src}
          poster={hasFrame ? undefined : poster}
          preload="auto"
          playsInline
          data-testid="player-video"
          data-proxy={proxy ? 'true' : undefined}
          onLoadedData={onLoadedData}
          onError={(e) => {
            // The host says whether it is the bucket (not available offline) or the file itself.
            onOffline();
            onMediaError?.((e.currentTarget as HTMLVideoElement).error?.message || null);
          }}
        />
        {proxy && (
          <span className="proxy-badge" data-testid="proxy-badge" title="The original cannot be decoded by this browser: this is an H.264 copy made for playback. Downloads and exports are the original.">
            proxy
          </span>
        )}
        {message && (
          <p className={`pl-message ${message.tone}`} role={message.tone === 'error' ? 'alert' : 'status'} data-testid="player-message">
            {message.text}
          </p>
        )}
      </div>
      <PlayerControls pb={pb} label={label} onFullscreen={() => toggleFullscreen(box.current)} markers={markers} onMarker={onMarker} />
    </div>
  );
  if (!aside) return player;
  return (
    <div className="pl-with-aside">
      {player}
      {aside(pb)}
    </div>
  );
}
