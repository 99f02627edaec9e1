import { useRef, useState, type FormEvent } from 'react';
import type { ReviewNote } from '../../../../shared/models';
import { readout, rememberedTimecodeMode, frameAt } from '../player/format';
import type { Playback } from '../player/use-playback';
import type { ScrubMarker } from '../player/PlayerControls';
import { NoteItem } from './NoteItem';
import { useNotes, useNotesStore } from './notes-store';
import './notes.css';
import { actionFor, actionTitle } from '../../lib/actions';
import { comboLabel } from '../../lib/hotkeys';

/** Notes with frames as marks on the seek bar (seconds at the render's rate). */
export function noteMarkers(notes: ReviewNote[], fps: number): ScrubMarker[] {
  return notes
    .filter((n) => n.frameFrom !== null)
    .map((n) => ({ id: n.id, from: (n.frameFrom as number) / fps, to: n.frameTo !== null && n.frameTo !== n.frameFrom ? (n.frameTo + 1) / fps : null, label: n.body }));
}

function where(n: ReviewNote, fps: number): string {
  if (n.frameFrom === null) return 'Whole';
  const mode = rememberedTimecodeMode();
  const from = readout(n.frameFrom / fps, fps, mode);
  return n.frameTo !== null && n.frameTo !== n.frameFrom ? `${from} – ${readout(n.frameTo / fps, fps, mode)}` : from;
}

/**
 * The review notes beside a render's player: a note at the playhead's frame, or on the in–out range
 * when one is set (or on the whole render), the list in frame order (a click goes to the frame), and
 * export as CSV or text. Ctrl+Enter adds; N in the player comes here.
 */
export function RenderNotes({ renderId, fps, pb, notes }: { renderId: string; fps: number; pb: Playback; notes: ReviewNote[] }) {
  const target = { renderId };
  const [text, setText] = useState('');
  const [whole, setWhole] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const frame = frameAt(pb.time, fps);
  const inF = pb.inPoint !== null ? frameAt(pb.inPoint, fps) : null;
  const outF = pb.outPoint !== null ? frameAt(pb.outPoint, fps) : null;
  const range = inF !== null || outF !== null ? { from: inF ?? 0, to: Math.max(inF ?? 0, outF ?? frame) } : null;
  const frames = whole ? undefined : (range ?? { from: frame, to: frame });
  const mode = rememberedTimecodeMode();
  const label = whole ? 'the whole render' : range ? `${readout(range.from / fps, fps, mode)} – ${readout(range.to / fps, fps, mode)}` : readout(pb.time, fps, mode);
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const body = text.trim();
    if (!body) return;
    if (await useNotesStore.getState().add(target, body, frames)) setText('');
  };
  return (
    <aside className="nt" aria-label="Review notes" data-testid="notes-panel">
      <div className="nt-head">
        <h3 className="nt-title">
          Notes <span className="rn-count">{notes.length}</span>
        </h3>
        <span className="nt-export">
          <button type="button" className="btn btn-small" onClick={() => void useNotesStore.getState().exportFile(target, 'csv')} disabled={notes.length === 0}>
            CSV
          </button>
          <button type="button" className="btn btn-small" onClick={() => void useNotesStore.getState().exportFile(target, 'text')} disabled={notes.length === 0}>
            Text
          </button>
        </span>
      </div>
      <form className="nt-form" onSubmit={submit}>
        <label className="nt-at" htmlFor={`note-${renderId}`}>
          Note at <strong data-testid="note-at">{label}</strong>
        </label>
        <textarea
          id={`note-${renderId}`}
          ref={field}
          data-note-field
          rows={2}
          value={text}
          maxLength={10_000}
          placeholder="What should change here?"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (actionFor(e, ['text.submit'])) void submit();
            if (actionFor(e, ['app.close'])) (document.querySelector('[data-testid="player"]') as HTMLElement | null)?.focus();
          }}
        />
        <div className="nt-form-row">
          <label className="nt-whole">
            <input type="checkbox" checked={whole} onChange={(e) => setWhole(e.target.checked)} /> Whole render
          </label>
          <button type="submit" className="btn btn-small btn-primary" disabled={!text.trim()} title={actionTitle('text.submit', 'Add note')}>
            Add note
          </button>
        </div>
      </form>
      {notes.length === 0 ? (
        <p className="muted nt-empty">No notes yet. Pause on a frame (or set in and out), write, {comboLabel('mod+enter')}.</p>
      ) : (
        <ol className="nt-list" aria-label="Notes on this render">
          {notes.map((n) => (
            <NoteItem
              key={n.id}
              note={n}
              target={target}
              className={n.frameFrom !== null && frame >= n.frameFrom && frame <= (n.frameTo ?? n.frameFrom) ? 'here' : ''}
              where={<span className="nt-where">{where(n, fps)}</span>}
              onGo={
                n.frameFrom === null
                  ? undefined
                  : () => {
                      pb.pause();
                      pb.seek((n.frameFrom as number) / fps + 1e-4);
                    }
              }
            />
          ))}
        </ol>
      )}
    </aside>
  );
}

/** Notes on a checkpoint (no frames): the timeline's checkpoint details show them. */
export function CheckpointNotes({ checkpointId }: { checkpointId: string }) {
  const target = { checkpointId };
  const notes = useNotes(target);
  const [text, setText] = useState('');
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const body = text.trim();
    if (body && (await useNotesStore.getState().add(target, body))) setText('');
  };
  return (
    <section className="nt nt-checkpoint" aria-label="Notes on this checkpoint" data-testid="checkpoint-notes">
      <div className="nt-head">
        <h3 className="nt-title">
          Notes <span className="rn-count">{notes.length}</span>
        </h3>
        {notes.length > 0 && (
          <span className="nt-export">
            <button type="button" className="btn btn-small" onClick={() => void useNotesStore.getState().exportFile(target, 'csv')}>
              CSV
            </button>
            <button type="button" className="btn btn-small" onClick={() => void useNotesStore.getState().exportFile(target, 'text')}>
              Text
            </button>
          </span>
        )}
      </div>
      {notes.length > 0 && (
        <ol className="nt-list">
          {notes.map((n) => (
            <NoteItem key={n.id} note={n} target={target} />
          ))}
        </ol>
      )}
      <form className="nt-form" onSubmit={submit}>
        <textarea
          aria-label="Note on this checkpoint"
          rows={2}
          value={text}
          maxLength={10_000}
          placeholder="A note on this version"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (actionFor(e, ['text.submit'])) void submit();
          }}
        />
        <div className="nt-form-row">
          <span />
          <button type="submit" className="btn btn-small btn-primary" disabled={!text.trim()}>
            Add note
          </button>
        </div>
      </form>
    </section>
  );
}
