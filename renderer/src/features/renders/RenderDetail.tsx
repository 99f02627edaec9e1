import { useEffect, useState, type FormEvent } from 'react';
import type { Render } from '../../../../shared/models';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Icon } from '../../components/Icon';
import { formatBytes, relativeTime } from '../../components/format';
import { ipc } from '../../lib/ipc';
import { Player } from '../player/Player';
import { usePlayableSource } from '../player/playable-source';
import { noteMarkers, RenderNotes } from '../notes/NotesPanel';
import { useNotes } from '../notes/notes-store';
import { audioFact, colourFact, pixelFact, rateFact } from '../../components/probe-facts';
import { duration, resolution } from '../player/format';
import { useCheckpointNames, useProjectRenders, useRendersStore } from './renders-store';
import { toast } from '../../lib/notify';
import { KeyHints } from '../../components/KeyHints';
import { actionFor } from '../../lib/actions';
import { facts, posterUrl, timelineHref } from './render-facts';

function RenameForm({ r, onDone }: { r: Render; onDone(): void }) {
  const [name, setName] = useState(r.name);
  const rename = useRendersStore((s) => s.rename);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n || n === r.name) return onDone();
    if (await rename(r.id, n)) onDone();
  };
  return (
    <form className="rn-rename" onSubmit={submit}>
      <input
        aria-label="Render name"
        value={name}
        maxLength={255}
        autoFocus
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (actionFor(e, ['app.close'])) onDone();
        }}
      />
      <button type="submit" className="btn btn-primary">
        Save
      </button>
      <button type="button" className="btn" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

/**
 * "Compare with…": any other render of the project, the same composition's render on the previous
 * checkpoint first (the one it was compared with when it was made).
 */
function CompareWith({ r }: { r: Render }) {
  const { renders } = useProjectRenders(r.projectId);
  const names = useCheckpointNames(r.projectId);
  const others = renders.filter((x) => x.id !== r.id);
  const [other, setOther] = useState<string>('');
  useEffect(() => {
    let live = true;
    ipc
      .invoke('renders.previous', { id: r.id })
      .then((p) => live && setOther((cur) => cur || p?.id || others[0]?.id || ''))
      .catch(() => live && setOther((cur) => cur || others[0]?.id || ''));
    return () => {
      live = false;
    };
    // Once per render (the list in the deps would re-pick on every reload): the pick is the user's after that.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `others` is read once, on purpose (above)
  }, [r.id]);
  if (others.length === 0) return null;
  return (
    <div className="rn-compare" data-testid="compare-with">
      <label>
        <span className="muted">Compare with</span>
        <select aria-label="Compare with render" value={other} onChange={(e) => setOther(e.target.value)}>
          {others.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name} · {names[x.checkpointId] ?? 'checkpoint'} · {relativeTime(x.createdAt)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn" disabled={!other} onClick={() => other && useRendersStore.getState().compare(other, r.id)}>
        <Icon name="layers" /> Compare A/B
      </button>
    </div>
  );
}

export function RenderDetail({ r, projectId }: { r: Render; projectId: string }) {
  const [renaming, setRenaming] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { remove, exportRender } = useRendersStore.getState();
  const f = facts(r);
  const checkpointName = useCheckpointNames(projectId)[r.checkpointId] ?? null;
  const poster = posterUrl(r) ?? undefined;
  const fps = f.fps ?? 30;
  const playable = usePlayableSource(r.sha256, r.media);
  const notes = useNotes({ renderId: r.id });
  return (
    <section className="rn-detail" aria-label="Render">
      <Player
        key={r.id}
        src={playable.src}
        poster={poster}
        fps={fps}
        durationHint={f.duration}
        label={`Player: ${r.name}`}
        aspect={f.width && f.height ? f.width / f.height : null}
        proxy={playable.proxy}
        message={playable.failure ? { text: playable.failure, tone: 'error' } : playable.waiting ? { text: playable.waiting, tone: 'info' } : null}
        onMediaError={playable.onError}
        markers={noteMarkers(notes, fps)}
        aside={(pb) => <RenderNotes renderId={r.id} fps={fps} pb={pb} notes={notes} />}
      />
      {r.media?.waveform && <img className="rn-waveform" src={ipc.mediaUrl(r.media.waveform)} alt={`Waveform of ${r.name}`} data-testid="render-waveform" />}
      <div className="rn-head">
        {renaming ? (
          <RenameForm r={r} onDone={() => setRenaming(false)} />
        ) : (
          <h2 className="rn-title" title={r.name}>
            {r.name}
          </h2>
        )}
        <div className="rn-actions">
          <button type="button" className="btn" onClick={() => void exportRender(r)}>
            <Icon name="save" /> {ipc.host === 'web' ? 'Download' : 'Export…'}
          </button>
          {ipc.host === 'desktop' && (
            <button type="button" className="btn" onClick={() => ipc.invoke('desktop.reveal', { renderId: r.id }).catch((err: unknown) => toast.error(err))}>
              <Icon name="reveal" /> Show in folder
            </button>
          )}
          <button type="button" className="btn" onClick={() => setRenaming(true)} disabled={renaming}>
            <Icon name="pencil" /> Rename
          </button>
          <button type="button" className="btn btn-danger-outline" onClick={() => setConfirmDelete(true)}>
            <Icon name="trash" /> Delete
          </button>
        </div>
      </div>
      <dl className="rn-meta" data-testid="render-meta">
        <div>
          <dt>Duration</dt>
          <dd>{duration(f.duration)}</dd>
        </div>
        <div>
          <dt>Resolution</dt>
          <dd>{resolution(f.width, f.height)}</dd>
        </div>
        <div>
          <dt>Frame rate</dt>
          <dd>{rateFact(r.media?.probe, f.fps) || '–'}</dd>
        </div>
        <div>
          <dt>Codec</dt>
          <dd>{f.codec ?? (f.analyzing ? 'analyzing…' : '–')}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{formatBytes(r.size)}</dd>
        </div>
        <div>
          <dt>Bitrate</dt>
          <dd>{f.bitrate ? `${Math.round(f.bitrate)} kb/s` : '–'}</dd>
        </div>
        {pixelFact(r.media?.probe) && (
          <div>
            <dt>Pixels</dt>
            <dd>{pixelFact(r.media?.probe)}</dd>
          </div>
        )}
        {colourFact(r.media?.probe) && (
          <div>
            <dt>Colour</dt>
            <dd>{colourFact(r.media?.probe)}</dd>
          </div>
        )}
        <div>
          <dt>Audio</dt>
          <dd>{audioFact(r.media?.probe) || (f.analyzing ? 'analyzing…' : 'none')}</dd>
        </div>
        <div>
          <dt>Playback</dt>
          <dd data-testid="render-playback">{playable.proxy ? 'proxy (H.264 copy; downloads are the original)' : r.media?.proxy?.state === 'pending' ? 'making a proxy…' : r.media?.proxy?.state === 'failed' ? 'no proxy: ' + (r.media.proxy.error ?? 'failed') : 'original'}</dd>
        </div>
        <div>
          <dt>Rendered</dt>
          <dd title={new Date(r.createdAt).toLocaleString()}>{relativeTime(r.createdAt)}</dd>
        </div>
        <div>
          <dt>From checkpoint</dt>
          <dd>
            <a href={timelineHref(projectId, r.checkpointId)} className="rn-ckp-link" data-testid="render-checkpoint-link" title="Show this checkpoint on the timeline">
              <Icon name="clock" /> {checkpointName ?? 'Show on timeline'}
            </a>
          </dd>
        </div>
      </dl>
      <CompareWith r={r} />
      {r.media?.state === 'failed' && r.media.error && <p className="rn-note error">Preview images could not be made: {r.media.error}</p>}
      {r.media?.note && <p className="rn-note muted">{r.media.note}</p>}
      <KeyHints className="rn-keys muted" ids={['player.play', 'player.shuttle', 'player.step', 'player.ends', 'player.in-out', 'player.loop', 'player.note', 'player.fullscreen']} />
      <ConfirmDialog
        open={confirmDelete}
        title="Delete render"
        confirmLabel="Move to trash"
        danger
        onClose={() => setConfirmDelete(false)}
        onConfirm={() => {
          setConfirmDelete(false);
          void remove(r.id);
        }}
      >
        <p>
          Move “{r.name}” to the trash? You can restore it from the trash; its checkpoint stays on the timeline.
        </p>
      </ConfirmDialog>
    </section>
  );
}
