import { lazy, Suspense, useEffect, useMemo } from 'react';
import type { Render } from '../../../../shared/models';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { relativeTime } from '../../components/format';
import { selectComparing, useCheckpointNames, useProjectRenders, useRendersStore, useSelectedRender } from './renders-store';
import type { DiffPair } from '../diff/diff-pair';
import { Spinner } from '../../components/Spinner';
import { RenderButton, RenderJobsList } from '../render-jobs/RenderJobsList';
import './renders.css';
import { RenderRow } from './RenderRow';
import { RenderDetail } from './RenderDetail';
import { AddRender, AddingRender } from './AddRender';

// The compare view (with highlight.js and the image diffs) loads on demand, as from the Timeline: it
// would otherwise put the whole diff feature in the first screen's JavaScript.
const DiffView = lazy(() => import('../diff/DiffView').then((m) => ({ default: m.DiffView })));

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
