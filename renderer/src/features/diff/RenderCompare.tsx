import { useEffect, useMemo, useRef, useState } from 'react';
import type { Render } from '../../../../shared/models';
import { useQueries } from '@tanstack/react-query';
import { errorMessage, toast } from '../../lib/notify';
import { channelQuery } from '../../lib/query';
import { PlayerControls } from '../player/PlayerControls';
import { toggleFullscreen } from '../player/Player';
import { resolution } from '../player/format';
import { usePlayback } from '../player/use-playback';
import { useDragPercent } from './ImageCompare';
import { useChangedPixels } from './use-changed-pixels';
import { DifferenceStrip } from './DifferenceStrip';
import { InputChanges } from './InputChanges';
import { useFrameComparison } from './use-frame-comparison';
import '../player/player.css';
import { actionFor } from '../../lib/actions';
import { playbackUrl } from '../player/playable-source';
import { OfflineNotice, useMediaProblemCheck, useOfflineMedia } from '../../components/OfflineMedia';

type Mode = 'side' | 'wipe' | 'difference';

type RenderRead = { data?: Render | undefined; isPending: boolean; isError: boolean; error: Error | null };

/** A side's reads in one value; stable while they are, so effects on it run once per change. */
function combineReads(reads: RenderRead[]): { list: Render[] | null; errors: string[] } {
  const errors = reads.flatMap((q) => (q.isError ? [errorMessage(q.error)] : []));
  if (reads.some((q) => q.isPending && !q.isError)) return { list: null, errors };
  // A render in the trash still answers; it is not offered for comparing.
  const list = reads.flatMap((q) => (q.data && !q.data.deletedAt ? [q.data] : [])).reverse();
  return { list, errors };
}

/** One side's renders (newest first) from the cache, and what could not be read, in words: nothing fails silently. */
function useRenders(ids: string[]): { list: Render[] | null; errors: string[] } {
  return useQueries({ queries: ids.filter(Boolean).map((id) => channelQuery('renders.get', { id })), combine: combineReads });
}

function Pick({ label, list, value, onChange }: { label: string; list: Render[]; value: Render; onChange(r: Render): void }) {
  return (
    <label className="ab-pick">
      <span className="ab-side-tag">{label}</span>
      {list.length > 1 ? (
        <select aria-label={`Render ${label}`} value={value.id} onChange={(e) => onChange(list.find((r) => r.id === e.target.value) ?? value)}>
          {list.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      ) : (
        // Not twice: a side labelled by the render itself (two of one checkpoint) already names it.
        !label.includes(value.name) && <span className="ab-name">{value.name}</span>
      )}
      <span className="muted ab-meta">
        {resolution(value.width, value.height)} · {value.fps ?? '–'} fps
      </span>
    </label>
  );
}

/** Two renders on one playhead: side by side, as a wipe, or as a difference that lights up changed pixels. */
function Compare({ ra, rb, onRetry }: { ra: Render; rb: Render; onRetry(): void }) {
  const va = useRef<HTMLVideoElement>(null);
  const vb = useRef<HTMLVideoElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const refs = useMemo(() => [va, vb], []);
  const fps = ra.fps ?? rb.fps ?? 30;
  const pb = usePlayback(refs, fps, ra.durationSeconds);
  const [mode, setMode] = useState<Mode>('side');
  const [gain, setGain] = useState(4);
  const wipe = useDragPercent();
  const changed = useChangedPixels(va, vb, mode === 'difference');
  const comparison = useFrameComparison(ra.id, rb.id);
  const frame = Math.floor(pb.time * fps + 1e-6);
  const w = ra.width ?? ra.media?.probe?.width ?? null;
  const h = ra.height ?? ra.media?.probe?.height ?? null;
  const ratio = w && h ? w / h : 16 / 9;
  const urlA = playbackUrl(ra.sha256, ra.media);
  const urlB = playbackUrl(rb.sha256, rb.media);
  // A side only in an unreachable bucket says so in its cell, like the player, instead of a black frame;
  // Try again starts the comparison over (both videos anew, so the shared playhead holds both).
  const offA = useOfflineMedia(urlA);
  const offB = useOfflineMedia(urlB);
  useMediaProblemCheck(va, offA.onError, `${urlA}#${offA.offline}`);
  useMediaProblemCheck(vb, offB.onError, `${urlB}#${offB.offline}`);

  return (
    <div
      className={`pl ab ab-${mode}`}
      ref={box}
      tabIndex={0}
      aria-label="A/B render compare"
      data-testid="ab-compare"
      onKeyDown={(e) => {
        if (pb.onKeyDown(e)) return;
        if ((e.target as HTMLElement).tagName !== 'INPUT' && actionFor(e, ['player.fullscreen'])) toggleFullscreen(box.current);
      }}
    >
      <div className="ab-modes">
        <div className="df-seg" role="group" aria-label="Compare view">
          {(['side', 'wipe', 'difference'] as const).map((m) => (
            <button key={m} type="button" className={`df-seg-btn${mode === m ? ' on' : ''}`} aria-pressed={mode === m} onClick={() => setMode(m)}>
              {m === 'side' ? 'Side by side' : m === 'wipe' ? 'Wipe' : 'Difference'}
            </button>
          ))}
        </div>
        {mode === 'difference' && (
          <label className="df-slider">
            Amplify {gain}×
            <input type="range" min={1} max={16} step={1} value={gain} aria-label="Amplify differences" onChange={(e) => setGain(Number(e.target.value))} />
          </label>
        )}
        {mode === 'wipe' && <span className="muted ab-help">Drag across the picture to move the divider.</span>}
        {mode === 'difference' && <span className="muted ab-help">Black where A and B match; the brighter, the bigger the change.</span>}
        {mode === 'difference' && changed !== null && (
          <span className="ab-changed" data-testid="changed-pixels">
            {changed < 0.001 ? 'identical frames' : `${(changed * 100).toFixed(changed < 0.1 ? 1 : 0)}% of pixels changed`}
          </span>
        )}
      </div>
      <div className="ab-stage-outer">
      <div
        className="ab-stage"
        ref={mode === 'wipe' ? wipe.ref : undefined}
        {...(mode === 'wipe' ? wipe.handlers : {})}
        style={{ ['--ab-aspect' as string]: String(ratio), filter: mode === 'difference' ? `brightness(${gain})` : undefined }}
        data-testid="ab-stage"
      >
        <div className="ab-cell ab-a">
          {offA.offline ? (
            <OfflineNotice what="render" onRetry={onRetry} />
          ) : (
            <video ref={va} src={urlA} preload="auto" playsInline muted onError={offA.onError} data-testid="ab-video-a" />
          )}
          {mode !== 'difference' && <span className="df-tag df-tag-l">A</span>}
        </div>
        <div className="ab-cell ab-b" style={mode === 'wipe' ? { clipPath: `inset(0 0 0 ${wipe.pct}%)` } : undefined}>
          {offB.offline ? (
            <OfflineNotice what="render" onRetry={onRetry} />
          ) : (
            <video ref={vb} src={urlB} preload="auto" playsInline muted onError={offB.onError} data-testid="ab-video-b" />
          )}
          {mode !== 'difference' && <span className="df-tag df-tag-r">B</span>}
        </div>
        {mode === 'wipe' && <div className="df-divider" style={{ left: `${wipe.pct}%` }} aria-hidden="true" />}
      </div>
      </div>
      <PlayerControls pb={pb} label="A/B" onFullscreen={() => toggleFullscreen(box.current)} />
      <DifferenceStrip
        state={comparison}
        frame={frame}
        onSeekFrame={(f) => {
          pb.pause();
          // The middle of the frame: never the edge, where a decoder may still show the one before.
          pb.seek((f + 0.5) / fps);
        }}
      />
    </div>
  );
}

export function RenderCompare({ aIds, bIds, aLabel, bLabel }: { aIds: string[]; bIds: string[]; aLabel: string; bLabel: string }) {
  const { list: la, errors: ea } = useRenders(aIds);
  const { list: lb, errors: eb } = useRenders(bIds);
  const errors = [...new Set([...ea, ...eb])];
  const [pa, setPa] = useState<Render | null>(null);
  const [pb, setPb] = useState<Render | null>(null);
  const [attempt, setAttempt] = useState(0);
  const readFailed = errors.length > 0;
  useEffect(() => {
    if (la && lb && !readFailed && (la.length === 0 || lb.length === 0)) toast.info('One side has no render left (it may be in the trash).');
  }, [la, lb, readFailed]);
  const problem = readFailed && (
    <p className="df-notice error" role="alert" data-testid="render-read-error">
      {errors.length === 1 ? 'A render could not be read' : 'Some renders could not be read'}: {errors.join('; ')}
    </p>
  );
  if (!la || !lb) return <p className="df-notice muted">Loading renders…</p>;
  const ra = pa ?? la[0];
  const rb = pb ?? lb[0];
  if (!ra || !rb) return problem || <p className="df-notice">Both sides need a render to compare them.</p>;
  return (
    <div className="ab-wrap">
      {problem}
      <div className="ab-picks">
        <Pick label={`A · ${aLabel}`} list={la} value={ra} onChange={setPa} />
        <Pick label={`B · ${bLabel}`} list={lb} value={rb} onChange={setPb} />
      </div>
      <Compare key={`${ra.id}:${rb.id}:${attempt}`} ra={ra} rb={rb} onRetry={() => setAttempt((n) => n + 1)} />
      <InputChanges sameCheckpoint={ra.checkpointId === rb.checkpointId} />
    </div>
  );
}
