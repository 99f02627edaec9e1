import { SPEEDS, type Playback } from './use-playback';
import { timecode } from './format';
import { PlayerIcon } from './PlayerIcon';

/** Transport for one playhead: play/pause, frame step, seek bar, timecode, loop, speed, fullscreen. */
export function PlayerControls({ pb, onFullscreen, label = 'Player' }: { pb: Playback; onFullscreen?: () => void; label?: string }) {
  const max = pb.duration > 0 ? pb.duration : 0;
  return (
    <div className="pl-controls" role="toolbar" aria-label={`${label} controls`}>
      <button type="button" className="pl-btn" onClick={() => pb.step(-1)} aria-label="Previous frame" title="Previous frame (←)">
        <PlayerIcon name="prev" />
      </button>
      <button type="button" className="pl-btn pl-play" onClick={pb.toggle} aria-label={pb.playing ? 'Pause' : 'Play'} title="Play/pause (Space)">
        <PlayerIcon name={pb.playing ? 'pause' : 'play'} filled />
      </button>
      <button type="button" className="pl-btn" onClick={() => pb.step(1)} aria-label="Next frame" title="Next frame (→)">
        <PlayerIcon name="next" />
      </button>
      <input
        className="pl-seek"
        type="range"
        aria-label="Seek"
        min={0}
        max={max}
        step="any"
        value={Math.min(pb.time, max)}
        onChange={(e) => pb.seek(Number(e.target.value))}
      />
      <output className="pl-timecode" data-testid="timecode" aria-label="Timecode">
        {timecode(pb.time, pb.fps)}
      </output>
      <button
        type="button"
        className={`pl-btn pl-toggle${pb.loop ? ' on' : ''}`}
        aria-pressed={pb.loop}
        onClick={() => pb.setLoop(!pb.loop)}
        title="Loop (L)"
      >
        <PlayerIcon name="loop" /> Loop
      </button>
      <select className="pl-speed" aria-label="Speed" value={pb.rate} onChange={(e) => pb.setRate(Number(e.target.value))}>
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}×
          </option>
        ))}
      </select>
      {onFullscreen && (
        <button type="button" className="pl-btn" onClick={onFullscreen} aria-label="Fullscreen" title="Fullscreen (F)">
          <PlayerIcon name="fullscreen" />
        </button>
      )}
    </div>
  );
}
