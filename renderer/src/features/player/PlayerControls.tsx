import { useState } from 'react';
import { SPEEDS, type Playback } from './use-playback';
import { readout, rememberedTimecodeMode, rememberTimecodeMode, type TimecodeMode } from './format';
import { Icon } from '../../components/Icon';
import { actionTitle } from '../../lib/actions';

/** A mark on the seek bar: a review note on a frame (to null) or a range, in seconds. */
export interface ScrubMarker {
  id: string;
  from: number;
  to: number | null;
  label: string;
}

function pct(t: number, max: number): string {
  return `${max > 0 ? Math.min(100, Math.max(0, (t / max) * 100)) : 0}%`;
}

/**
 * Transport for one playhead: play/pause, frame step, seek bar (with in/out range and note markers),
 * timecode (seconds·frame or SMPTE, click to switch), in/out points, loop, speed, fullscreen.
 */
export function PlayerControls({
  pb,
  onFullscreen,
  label = 'Player',
  markers = [],
  onMarker,
}: {
  pb: Playback;
  onFullscreen?: () => void;
  label?: string;
  markers?: ScrubMarker[];
  onMarker?: (id: string) => void;
}) {
  const max = pb.duration > 0 ? pb.duration : 0;
  const [mode, setMode] = useState<TimecodeMode>(rememberedTimecodeMode);
  const switchMode = () => {
    const next = mode === 'smpte' ? 'clock' : 'smpte';
    rememberTimecodeMode(next);
    setMode(next);
  };
  const shuttle = pb.shuttleSpeed;
  return (
    <div className="pl-controls" role="toolbar" aria-label={`${label} controls`}>
      <button type="button" className="pl-btn" onClick={() => pb.step(-1)} aria-label="Previous frame" title={actionTitle('player.step', 'Previous or next frame')}>
        <Icon name="prev" strokeWidth={2} />
      </button>
      <button type="button" className="pl-btn pl-play" onClick={pb.toggle} aria-label={pb.playing ? 'Pause' : 'Play'} title={`${actionTitle('player.play')} · ${actionTitle('player.shuttle', 'shuttle')}`}>
        <Icon name={pb.playing ? 'pause' : 'play'} filled />
      </button>
      <button type="button" className="pl-btn" onClick={() => pb.step(1)} aria-label="Next frame" title={actionTitle('player.step', 'Previous or next frame')}>
        <Icon name="next" strokeWidth={2} />
      </button>
      <div className="pl-seek-wrap">
        {(pb.inPoint !== null || pb.outPoint !== null) && (
          <span
            className="pl-range"
            data-testid="inout-range"
            style={{ left: pct(pb.inPoint ?? 0, max), right: `calc(100% - ${pct(pb.outPoint ?? max, max)})` }}
            aria-hidden="true"
          />
        )}
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
        {markers.map((m) => (
          <button
            key={m.id}
            type="button"
            className={`pl-marker${m.to !== null && m.to > m.from ? ' range' : ''}`}
            style={{ left: pct(m.from, max), ...(m.to !== null && m.to > m.from ? { width: `calc(${pct(m.to, max)} - ${pct(m.from, max)})` } : {}) }}
            title={m.label}
            aria-label={`Note at ${readout(m.from, pb.fps, mode)}: ${m.label}`}
            data-testid="scrub-marker"
            onClick={() => (onMarker ? onMarker(m.id) : pb.seek(m.from))}
          />
        ))}
      </div>
      {shuttle !== 0 && shuttle !== 1 && (
        <span className="pl-shuttle" data-testid="shuttle" aria-live="polite">
          {shuttle < 0 ? `◀ ${-shuttle}×` : `${shuttle}× ▶`}
        </span>
      )}
      <button type="button" className="pl-timecode" data-testid="timecode" aria-label={`${readout(pb.time, pb.fps, mode)}, timecode in ${mode === 'smpte' ? 'SMPTE' : 'seconds and frame'}: click to switch`} title="Click: SMPTE hh:mm:ss:ff ↔ seconds · frame" onClick={switchMode}>
        {readout(pb.time, pb.fps, mode)}
      </button>
      <button
        type="button"
        className={`pl-btn pl-toggle${pb.inPoint !== null ? ' on' : ''}`}
        aria-pressed={pb.inPoint !== null}
        aria-label={pb.inPoint !== null ? `In point ${readout(pb.inPoint, pb.fps, mode)}: clear` : 'Set in point'}
        title={pb.inPoint !== null ? `Clear the in point · ${actionTitle('player.in-out')} · ${actionTitle('player.go-in-out')}` : actionTitle('player.in-out')}
        onClick={() => pb.setIn(pb.inPoint !== null ? null : pb.time)}
        data-testid="in-point"
      >
        In
      </button>
      <button
        type="button"
        className={`pl-btn pl-toggle${pb.outPoint !== null ? ' on' : ''}`}
        aria-pressed={pb.outPoint !== null}
        aria-label={pb.outPoint !== null ? `Out point ${readout(pb.outPoint, pb.fps, mode)}: clear` : 'Set out point'}
        title={pb.outPoint !== null ? `Clear the out point · ${actionTitle('player.in-out')} · ${actionTitle('player.go-in-out')}` : actionTitle('player.in-out')}
        onClick={() => pb.setOut(pb.outPoint !== null ? null : pb.time)}
        data-testid="out-point"
      >
        Out
      </button>
      <button
        type="button"
        className={`pl-btn pl-toggle${pb.loop ? ' on' : ''}`}
        aria-pressed={pb.loop}
        onClick={() => pb.setLoop(!pb.loop)}
        title="Loop, between in and out when set (Shift+L)"
        aria-label="Loop"
      >
        <Icon name="loop" strokeWidth={2} /> <span className="pl-label">Loop</span>
      </button>
      <select className="pl-speed" aria-label="Speed" value={pb.rate} onChange={(e) => pb.setRate(Number(e.target.value))}>
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}×
          </option>
        ))}
      </select>
      {onFullscreen && (
        <button type="button" className="pl-btn" onClick={onFullscreen} aria-label="Fullscreen" title={actionTitle('player.fullscreen')}>
          <Icon name="fullscreen" strokeWidth={2} />
        </button>
      )}
    </div>
  );
}
