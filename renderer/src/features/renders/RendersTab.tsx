import { lazy, Suspense, useEffect, useMemo, useRef, useState, type DragEvent, type FormEvent } from 'react';
import type { Render } from '../../../../shared/models';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { formatBytes, relativeTime } from '../../components/format';
import { ipc } from '../../lib/ipc';
import { Player } from '../player/Player';
import { usePlayableSource } from '../player/playable-source';
import { noteMarkers, RenderNotes } from '../notes/NotesPanel';
import { useNotes } from '../notes/notes-store';
import { audioFact, colourFact, pixelFact, rateFact } from '../../components/probe-facts';
import { duration, resolution } from '../player/format';
import { selectAdding, selectComparing, useCheckpointNames, useProjectRenders, useRendersStore, useSelectedRender } from './renders-store';
import type { DiffPair } from '../diff/diff-pair';
import { Spinner } from '../../components/Spinner';
import { RenderButton, RenderJobsList } from '../render-jobs/RenderJobsList';
import { toast } from '../../lib/notify';
import './renders.css';
import { KeyHints } from '../../components/KeyHints';
import { actionFor } from '../../lib/actions';

// The compare view (with highlight.js and the image diffs) loads on demand, as from the Timeline: it
// would otherwise put the whole diff feature in the first screen's JavaScript.
const DiffView = lazy(() => import('../diff/DiffView').then((m) => ({ default: m.DiffView })));

/** The timeline tab focused on one checkpoint (TimelineTab reads the extra hash segment). */
export function timelineHref(projectId: string, checkpointId: string): string {
  return `#/projects/${encodeURIComponent(projectId)}/timeline/${encodeURIComponent(checkpointId)}`;
}

/** What is known of a render: its own fields, else what the media probe found. */
export function facts(r: Render) {
  const p = r.media?.probe;
  return {
    width: r.width ?? p?.width ?? null,
    height: r.height ?? p?.height ?? null,
    fps: r.fps ?? p?.fps ?? null,
    duration: r.durationSeconds ?? p?.durationSeconds ?? null,
    codec: r.codec ?? p?.videoCodec ?? null,
    bitrate: r.bitrateKbps ?? p?.bitrateKbps ?? null,
    analyzing: !r.media || r.media.state === 'pending',
  };
}

export function posterUrl(r: Render): string | null {
  const sha = r.media?.posterGrid ?? r.media?.posterDetail ?? null;
  return sha ? ipc.mediaUrl(sha) : null;
}

/**
 * Dragging a render out of the window hands the video to another app: the desktop app starts a
 * native file drag (a named link to the stored file); a browser (Chromium) downloads it where it is
 * dropped, through the DownloadURL drag type.
 */
function dragRenderOut(e: DragEvent<HTMLElement>, r: Render): void {
  if (ipc.host === 'desktop') {
    e.preventDefault();
    ipc.invoke('desktop.startDrag', { renderId: r.id }).catch((err: unknown) => toast.error(err));
    return;
  }
  const url = new URL(ipc.mediaUrl(r.sha256, { download: r.name }), window.location.href).href;
  e.dataTransfer.setData('DownloadURL', `video/${r.format}:${r.name.replace(/:/g, '_')}:${url}`);
  e.dataTransfer.setData('text/uri-list', url);
  e.dataTransfer.effectAllowed = 'copy';
}

function RenderRow({ r, selected, onSelect }: { r: Render; selected: boolean; onSelect(): void }) {
  const poster = posterUrl(r);
  const f = facts(r);
  return (
    <li>
      <button
        type="button"
        className={`rn-row${selected ? ' selected' : ''}`}
        aria-pressed={selected}
        onClick={onSelect}
        data-testid="render-row"
        draggable
        onDragStart={(e) => dragRenderOut(e, r)}
        title="Drag into another app to hand it the video"
      >
        <span className="rn-thumb">
          {poster ? <img src={poster} alt="" loading="lazy" /> : <Icon name="film" size={22} />}
          {f.duration !== null && <span className="rn-thumb-dur">{duration(f.duration)}</span>}
        </span>
        <span className="rn-row-text">
          <span className="rn-row-name">{r.name}</span>
          <span className="rn-row-meta">
            {f.width ? `${resolution(f.width, f.height)} · ` : ''}
            {f.fps ? `${r.media?.probe?.variableFrameRate ? 'VFR ' : ''}${f.fps} fps · ` : ''}
            {formatBytes(r.size)}
          </span>
          <span className="rn-row-meta">
            {relativeTime(r.createdAt)}
            {f.analyzing && ' · analyzing…'}
          </span>
        </span>
      </button>
    </li>
  );
}

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

function RenderDetail({ r, projectId }: { r: Render; projectId: string }) {
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

/** "Add render…": picks a video file and stores it as a render (by path on the desktop, uploaded in a browser). */
function AddRender({ primary = false }: { primary?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const adding = useRendersStore(selectAdding);
  return (
    <>
      <button type="button" className={`btn rn-add${primary ? ' btn-primary' : ''}`} onClick={() => input.current?.click()} disabled={adding !== null}>
        <Icon name="plus" /> Add render…
      </button>
      <input
        ref={input}
        type="file"
        accept="video/*,.mp4,.webm,.mov,.mkv,.m4v"
        hidden
        data-testid="add-render-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void useRendersStore.getState().addRender(file);
        }}
      />
    </>
  );
}

/** The render being added: name, bytes sent, cancel (uploads only: a desktop add is one call). */
function AddingRender() {
  const adding = useRendersStore(selectAdding);
  if (!adding) return null;
  const pct = adding.total > 0 ? Math.min(100, (adding.sent / adding.total) * 100) : 0;
  return (
    <div className="rn-adding" data-testid="render-adding">
      <span className="rn-adding-name">Adding “{adding.name}”…</span>
      <div className="bar" role="progressbar" aria-label={`Progress of adding ${adding.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <span className="rn-adding-stats muted">
        {formatBytes(adding.sent)} of {formatBytes(adding.total)}
      </span>
      {ipc.host === 'web' && (
        <button type="button" className="btn" onClick={() => useRendersStore.getState().cancelAdd()}>
          Cancel
        </button>
      )}
    </div>
  );
}

/** A project's renders: the list on the left, the selected one in a frame-accurate player. */
export function RendersTab({ projectId }: { projectId: string }) {
  const { renders, status, error } = useProjectRenders(projectId);
  const selected = useSelectedRender(projectId);
  const select = useRendersStore((s) => s.select);

  useEffect(() => {
    useRendersStore.getState().open(projectId);
  }, [projectId]);

  if (status === 'error')
    return (
      <p className="error" role="alert">
        Renders could not be loaded: {error}
      </p>
    );
  if (status !== 'ready') return <p className="muted rn-loading">Loading renders…</p>;
  if (renders.length === 0)
    return (
      <>
        <AddingRender />
        <RenderJobsList projectId={projectId} />
        <EmptyState
          icon={<Icon name="film" size={32} />}
          title="No renders yet"
          action={
            <span className="rn-empty-actions">
              <RenderButton checkpointId={null} label="the workspace" primary />
              <AddRender />
            </span>
          }
        >
          Render the project with its own Remotion, or add a video rendered elsewhere; either appears here with a player and remembers the
          checkpoint it came from. From a terminal: <code>reelvault render make &lt;project&gt;</code>.
        </EmptyState>
      </>
    );

  return (
    <div className="rn" data-testid="renders-tab">
      <aside className="rn-list-pane">
        <div className="rn-list-head">
          <h2 className="rn-list-title">
            Renders <span className="rn-count">{renders.length}</span>
          </h2>
          <span className="rn-list-actions">
            <RenderButton checkpointId={null} label="the workspace" />
            <AddRender />
          </span>
        </div>
        <RenderJobsList projectId={projectId} />
        <AddingRender />
        <ul className="rn-list" aria-label="Renders">
          {renders.map((r) => (
            <RenderRow
              key={r.id}
              r={r}
              selected={r.id === selected?.id}
              onSelect={() => {
                select(r.id);
                // Hand the keyboard to the player, so Space, ←/→ and L work at once.
                requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="player"]')?.focus({ preventScroll: true }));
              }}
            />
          ))}
        </ul>
      </aside>
      {selected ? <RenderDetail key={selected.id} r={selected} projectId={projectId} /> : <p className="muted">Pick a render to play it.</p>}
      <CompareOverlay projectId={projectId} />
    </div>
  );
}

/** The A/B view over two renders picked in this tab: frames, their difference strip and the input diff of their checkpoints. */
function CompareOverlay({ projectId }: { projectId: string }) {
  const comparing = useRendersStore(selectComparing);
  const { renders } = useProjectRenders(projectId);
  const names = useCheckpointNames(projectId);
  const a = renders.find((x) => x.id === comparing?.a);
  const b = renders.find((x) => x.id === comparing?.b);
  // Each side by its checkpoint (the pickers name the render). Two renders of one checkpoint by their own
  // names: the checkpoint tells them apart no more than "just now" does (both uploaded a minute apart would
  // read "v3 · just now" twice), and a checkpoint made for an upload is named after the first render.
  const same = !!a && !!b && a.checkpointId === b.checkpointId;
  const label = (x: Render) => (same ? (a.name === b.name ? `${x.name} · ${relativeTime(x.createdAt)}` : x.name) : (names[x.checkpointId] ?? x.name));
  // Keyed by value: the list reloads as jobs move, and a new pair object would reopen the view.
  const key = a && b ? JSON.stringify([a.id, a.checkpointId, label(a), b.id, b.checkpointId, label(b)]) : '';
  const pair = useMemo<DiffPair | null>(() => {
    if (!key) return null;
    const [aId, aCk, aLabel, bId, bCk, bLabel] = JSON.parse(key) as string[];
    return { a: { checkpointId: aCk as string }, b: { checkpointId: bCk as string }, aLabel: aLabel as string, bLabel: bLabel as string, aRenderIds: [aId as string], bRenderIds: [bId as string] };
  }, [key]);
  if (!pair) return null;
  return (
    <Suspense fallback={<Spinner label="Opening the comparison…" />}>
      <DiffView projectId={projectId} pair={pair} initialTab="renders" backLabel="Renders" onClose={() => useRendersStore.getState().closeCompare()} />
    </Suspense>
  );
}
