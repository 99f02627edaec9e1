import { lazy, Suspense, useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import type { CheckpointSummary } from '../../../../shared/models';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { formatBytes, relativeTime } from '../../components/format';
import { parseHash } from '../../lib/router';
import { useProjectViewStore } from '../project-view/project-view-store';
import { actionFor } from '../../lib/actions';
import { comboLabel } from '../../lib/hotkeys';
import { RenderButton } from '../render-jobs/RenderJobsList';
import { CheckpointNode, WorkspaceNode } from './TimelineNode';
import {
  baseOf,
  MAX_ZOOM,
  MIN_ZOOM,
  selectBaseId,
  selectBusy,
  selectCompare,
  selectPicked,
  selectRestoreResult,
  selectZoom,
  useTimelineStore,
  WORKSPACE,
  type NodeId,
} from './timeline-store';
import { useCheckpoints, useUnsaved } from './use-timeline';
import './timeline.css';
import { CheckpointNotes } from '../notes/NotesPanel';

// The compare view carries highlight.js and the diff renderer: loaded the first time it opens.
const DiffView = lazy(() => import('../diff/DiffView').then((m) => ({ default: m.DiffView })));

/** `#/projects/<id>/timeline/<checkpointId>` focuses a checkpoint (the renders tab links here). */
function focusedFromHash(): string | null {
  const route = parseHash(window.location.hash);
  return route.name === 'project' && route.tab === 'timeline' ? (route.detail ?? null) : null;
}

// One checkpoint dialog for the whole project view (the one Ctrl/Cmd+S opens): the timeline reloads
// from the library.changed event the new checkpoint sends.
const openCheckpointDialog = () => useProjectViewStore.getState().setCheckpointOpen(true);

function Details({ c, index, all, base, unsaved, onRestore, onDelete }: { c: CheckpointSummary | null; index: number; all: CheckpointSummary[]; base: CheckpointSummary | null; unsaved: number | null; onRestore(c: CheckpointSummary): void; onDelete(c: CheckpointSummary): void }) {
  const openCompare = useTimelineStore((s) => s.openCompare);
  if (!c) {
    return (
      <section className="tl-details" aria-label="Workspace details">
        <div className="tl-details-main">
          <h3>Workspace (now)</h3>
          <p className="muted">
            {unsaved === null
              ? 'Checking for changes…'
              : unsaved > 0
                ? `${unsaved} file${unsaved === 1 ? '' : 's'} changed since “${base?.name ?? 'the last checkpoint'}”.`
                : base
                  ? `Matches “${base.name}”: nothing unsaved.`
                  : 'Nothing is saved yet.'}
          </p>
        </div>
        <div className="tl-details-actions">
          {base && (
            <button type="button" className="btn" onClick={() => openCompare(base.id, WORKSPACE)}>
              Compare with “{base.name}”
            </button>
          )}
          <RenderButton checkpointId={null} label="the workspace" />
        </div>
      </section>
    );
  }
  const prev = all[index - 1];
  return (
    <section className="tl-details" aria-label="Checkpoint details" data-testid="checkpoint-details">
      <div className="tl-details-main">
        <h3>
          {c.name} {c.kind === 'auto' && <span className="tl-auto-tag">auto</span>}
        </h3>
        {c.description && <p className="tl-desc">{c.description}</p>}
        <p className="muted tl-facts">
          {new Date(c.createdAt).toLocaleString()} ({relativeTime(c.createdAt)}) · {c.fileCount} file{c.fileCount === 1 ? '' : 's'} · {formatBytes(c.totalBytes)}
          {c.renderIds.length > 0 && ` · ${c.renderIds.length} render${c.renderIds.length === 1 ? '' : 's'}`}
        </p>
        <CheckpointNotes key={c.id} checkpointId={c.id} />
      </div>
      <div className="tl-details-actions">
        {prev && (
          <button type="button" className="btn" onClick={() => openCompare(prev.id, c.id)}>
            Compare with previous
          </button>
        )}
        <button type="button" className="btn" onClick={() => openCompare(c.id, WORKSPACE)}>
          Compare with workspace
        </button>
        <RenderButton checkpointId={c.id} label={`“${c.name}”`} />
        <button type="button" className="btn btn-primary" onClick={() => onRestore(c)}>
          Restore…
        </button>
        <button type="button" className="btn btn-danger-outline" onClick={() => onDelete(c)} aria-label={`Delete checkpoint ${c.name}`}>
          <Icon name="trash" /> Delete
        </button>
      </div>
    </section>
  );
}

/** The project's history as a horizontal, zoomable line of checkpoints ending in the live workspace. */
export function TimelineTab({ projectId }: { projectId: string }) {
  const { checkpoints, status, error } = useCheckpoints(projectId);
  const baseId = useTimelineStore(selectBaseId);
  const base = baseOf(checkpoints, baseId);
  const unsaved = useUnsaved(projectId, base, status === 'ready');
  const picked = useTimelineStore(selectPicked);
  const zoom = useTimelineStore(selectZoom);
  const compare = useTimelineStore(selectCompare);
  const restoreResult = useTimelineStore(selectRestoreResult);
  const busy = useTimelineStore(selectBusy);
  const { pick, setZoom, openCompare, closeCompare, restore, remove, dismissRestoreResult } = useTimelineStore.getState();
  const [restoring, setRestoring] = useState<CheckpointSummary | null>(null);
  const [deleting, setDeleting] = useState<CheckpointSummary | null>(null);
  const track = useRef<HTMLDivElement>(null);
  const focusDone = useRef(false);

  useEffect(() => {
    useTimelineStore.getState().open(projectId);
    focusDone.current = false;
  }, [projectId]);

  // A refetched list (a checkpoint deleted here or elsewhere) takes picks on gone nodes with it.
  useEffect(() => {
    if (status === 'ready') useTimelineStore.getState().prune(checkpoints);
  }, [status, checkpoints]);

  // Arriving from a render's "show on timeline": pick its checkpoint and bring it into view.
  useEffect(() => {
    if (status !== 'ready' || focusDone.current) return;
    focusDone.current = true;
    const id = focusedFromHash();
    if (id && checkpoints.some((c) => c.id === id)) {
      pick(id, false);
      requestAnimationFrame(() => track.current?.querySelector(`[data-checkpoint-id="${CSS.escape(id)}"]`)?.scrollIntoView({ inline: 'center', block: 'nearest' }));
    } else if (checkpoints.length > 0) {
      // Start at the present: the newest end of the line.
      requestAnimationFrame(() => track.current && (track.current.scrollLeft = track.current.scrollWidth));
    }
  }, [status, checkpoints, pick]);

  // Ctrl/Cmd+wheel zooms around the pointer; React's wheel listener is passive, so bind it natively.
  useEffect(() => {
    const el = track.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      const old = useTimelineStore.getState().zoom;
      const next = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, old * (e.deltaY < 0 ? 1.15 : 1 / 1.15)));
      const x = e.clientX - el.getBoundingClientRect().left;
      const anchor = (el.scrollLeft + x) / old;
      useTimelineStore.getState().setZoom(next);
      requestAnimationFrame(() => (el.scrollLeft = anchor * next - x));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [status]);

  const onPick = useCallback(
    (id: NodeId) => (e: MouseEvent) => {
      pick(id, e.shiftKey || e.ctrlKey || e.metaKey);
    },
    [pick],
  );

  if (status === 'error')
    return (
      <p className="error" role="alert">
        The timeline could not be loaded: {error}
      </p>
    );
  if (status !== 'ready') return <p className="muted">Loading the timeline…</p>;

  const current = picked[picked.length === 2 ? 1 : 0];
  const currentIndex = checkpoints.findIndex((c) => c.id === current);
  const showPoster = zoom >= 0.75;
  const pickIndex = (id: NodeId) => picked.indexOf(id) + 1;
  const nodeWidth = Math.round(170 * zoom);

  return (
    <div className="tl" data-testid="timeline-tab" style={{ ['--tl-node-w' as string]: `${nodeWidth}px`, ['--tl-gap' as string]: `${Math.round(36 * zoom)}px` }}>
      <div className="tl-toolbar">
        <button type="button" className="btn btn-primary" onClick={openCheckpointDialog} title="Save the workspace as a new checkpoint">
          <Icon name="plus" /> New checkpoint
        </button>
        <button type="button" className="btn" disabled={picked.length !== 2} onClick={() => picked.length === 2 && openCompare(picked[0] as string, picked[1] as string)}>
          <Icon name="layers" /> Compare
        </button>
        <span className="tl-hint muted">
          {picked.length < 2 ? 'Click a node, then Shift- or Ctrl-click another to compare them.' : 'Two picked: Compare opens the diff.'}
        </span>
        <span className="tl-zoom" role="group" aria-label="Zoom">
          <button type="button" className="btn tl-zoom-btn" aria-label="Zoom out" onClick={() => setZoom(zoom / 1.25)} disabled={zoom <= MIN_ZOOM}>
            −
          </button>
          <span className="tl-zoom-value" aria-live="polite">
            {Math.round(zoom * 100)}%
          </span>
          <button type="button" className="btn tl-zoom-btn" aria-label="Zoom in" onClick={() => setZoom(zoom * 1.25)} disabled={zoom >= MAX_ZOOM}>
            +
          </button>
        </span>
      </div>

      <div className="tl-track" ref={track} data-testid="timeline-track" aria-label="Checkpoint timeline (Ctrl+wheel zooms)">
        <ol
          className="tl-line"
          onKeyDown={(e) => {
            // ←/→ walk the nodes (Shift picks the second for a compare); Delete asks to delete.
            const nodes = [...(track.current?.querySelectorAll<HTMLButtonElement>('[data-checkpoint-id]') ?? [])];
            const i = nodes.indexOf(document.activeElement as HTMLButtonElement);
            if (i < 0) return;
            const act = actionFor(e, ['timeline.walk', 'timeline.pick', 'timeline.delete']);
            if (act === 'timeline.walk' || act === 'timeline.pick') {
              e.preventDefault();
              const next = nodes[Math.min(nodes.length - 1, Math.max(0, i + (e.key === 'ArrowRight' ? 1 : -1)))];
              if (!next) return;
              next.focus();
              next.scrollIntoView({ inline: 'nearest', block: 'nearest' });
              pick(next.dataset.checkpointId as string, e.shiftKey);
            } else if (act === 'timeline.delete') {
              const c = checkpoints.find((k) => k.id === nodes[i]?.dataset.checkpointId);
              if (c) {
                e.preventDefault();
                setDeleting(c);
              }
            }
          }}
        >
          {checkpoints.map((c, i) => (
            <li key={c.id} className="tl-item">
              <CheckpointNode c={c} prevId={checkpoints[i - 1]?.id ?? null} index={i} picked={pickIndex(c.id)} showPoster={showPoster} onPick={onPick(c.id)} />
            </li>
          ))}
          <li className="tl-item">
            <WorkspaceNode unsaved={unsaved} base={base && base.id !== checkpoints[checkpoints.length - 1]?.id ? base.name : null} picked={pickIndex(WORKSPACE)} showPoster={showPoster} onPick={onPick(WORKSPACE)} />
          </li>
        </ol>
      </div>

      {checkpoints.length === 0 ? (
        <EmptyState icon={<Icon name="clock" size={28} />} title="No checkpoints yet" action={<button type="button" className="btn btn-primary" onClick={openCheckpointDialog}>Save the first checkpoint</button>}>
          A checkpoint saves the workspace as it is now, so you can come back to it, compare versions and see which render came from which state. Press “New checkpoint” or {comboLabel('mod+s')}.
        </EmptyState>
      ) : current ? (
        <Details c={currentIndex >= 0 ? (checkpoints[currentIndex] as CheckpointSummary) : null} index={currentIndex} all={checkpoints} base={base} unsaved={unsaved} onRestore={setRestoring} onDelete={setDeleting} />
      ) : (
        <p className="muted tl-pick-hint">Pick a checkpoint to restore it, delete it or compare it.</p>
      )}


      <ConfirmDialog
        open={!!restoring}
        title="Restore checkpoint"
        confirmLabel="Restore"
        busy={busy}
        onClose={() => setRestoring(null)}
        onConfirm={() => {
          const c = restoring;
          if (!c) return;
          void restore(c.id).then(() => setRestoring(null));
        }}
      >
        <p>
          Bring the workspace back to <strong>“{restoring?.name}”</strong>?
        </p>
        <p className="tl-safety" data-testid="restore-safety-note">
          <Icon name="info" /> A safety checkpoint of the current state will be made first (when it is not saved already), so nothing is lost. Files added since are removed; empty folders are kept.
        </p>
      </ConfirmDialog>

      <ConfirmDialog
        open={!!deleting}
        title="Delete checkpoint"
        confirmLabel="Delete"
        danger
        busy={busy}
        onClose={() => setDeleting(null)}
        onConfirm={() => {
          const c = deleting;
          if (!c) return;
          void remove(c.id).then(() => setDeleting(null));
        }}
      >
        <p>
          Delete the checkpoint <strong>“{deleting?.name}”</strong>? The workspace is not touched. A checkpoint that a render came from cannot be deleted.
        </p>
      </ConfirmDialog>

      <Dialog
        open={!!restoreResult}
        title="Restored"
        onClose={dismissRestoreResult}
        testId="restore-result"
        footer={
          <button type="button" className="btn btn-primary" onClick={dismissRestoreResult} autoFocus>
            Done
          </button>
        }
      >
        {restoreResult && (
          <>
            <p>
              The workspace now matches <strong>“{restoreResult.checkpoint.name}”</strong>.
            </p>
            <ul className="tl-result">
              <li>
                <strong>{restoreResult.written}</strong> file{restoreResult.written === 1 ? '' : 's'} written
              </li>
              <li>
                <strong>{restoreResult.removed}</strong> file{restoreResult.removed === 1 ? '' : 's'} removed
              </li>
              {restoreResult.foldersCreated > 0 && (
                <li>
                  <strong>{restoreResult.foldersCreated}</strong> folder{restoreResult.foldersCreated === 1 ? '' : 's'} created
                </li>
              )}
            </ul>
            <p className="muted">
              {restoreResult.safety
                ? `The state before the restore was saved as “${restoreResult.safety.name}”${restoreResult.preserved ? `, with ${restoreResult.preserved} ignored or unrecorded file${restoreResult.preserved === 1 ? '' : 's'} the restore replaced` : ''}.`
                : 'The state before the restore was already saved in a checkpoint, so no safety checkpoint was needed.'}
            </p>
          </>
        )}
      </Dialog>

      {compare && (
        <Suspense fallback={<p className="muted" role="status">Opening the comparison…</p>}>
          <DiffView projectId={projectId} pair={compare} onClose={closeCompare} />
        </Suspense>
      )}
    </div>
  );
}
