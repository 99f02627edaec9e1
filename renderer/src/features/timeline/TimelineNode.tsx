import { useEffect, useRef, useState, type MouseEvent } from 'react';
import type { CheckpointSummary } from '../../../../shared/models';
import { Icon } from '../../components/Icon';
import { relativeTime } from '../../components/format';
import { ipc } from '../../lib/ipc';
import { WORKSPACE, type ChangeCounts } from './timeline-store';
import { useNeighbourChanges, useNodeRender } from './use-timeline';

function useWhenVisible(ref: React.RefObject<HTMLElement | null>, run: () => void) {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Neighbour diffs are asked for only for nodes that scroll into view (long histories stay cheap).
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        run();
        io.disconnect();
      }
    });
    io.observe(el);
    return () => io.disconnect();
  }, [ref, run]);
}

/** The same words and numbers as the compare view's summary ("2 modified · 7 added"), so they agree. */
function changesText(n: number | ChangeCounts | 'loading' | 'error' | undefined, first: boolean): string {
  if (n === undefined || n === 'loading') return '…';
  if (n === 'error') return 'changes unknown';
  if (typeof n === 'number') return first ? `${n} file${n === 1 ? '' : 's'}` : n === 0 ? 'no changes' : `${n} changed`;
  const parts = (['modified', 'added', 'removed', 'renamed'] as const).filter((k) => n[k] > 0).map((k) => `${n[k]} ${k}`);
  return parts.length ? parts.join(' · ') : 'no changes';
}

interface NodeProps {
  c: CheckpointSummary;
  /** The checkpoint before it on the line; null for the first. */
  prevId: string | null;
  index: number;
  picked: number;
  showPoster: boolean;
  onPick(e: MouseEvent): void;
}

export function CheckpointNode({ c, prevId, index, picked, showPoster, onPick }: NodeProps) {
  const ref = useRef<HTMLButtonElement>(null);
  const [inView, setInView] = useState(false);
  useWhenVisible(ref, () => setInView(true));
  const changes = useNeighbourChanges(c, prevId, inView);
  const renderId = c.renderIds[c.renderIds.length - 1];
  const render = useNodeRender(renderId, inView);
  const poster = render?.media?.posterGrid ?? render?.media?.posterDetail;
  return (
    <button
      ref={ref}
      type="button"
      className={`tl-node${c.kind === 'auto' ? ' auto' : ''}${picked ? ' picked' : ''}`}
      data-testid="timeline-node"
      data-checkpoint-id={c.id}
      aria-pressed={picked > 0}
      title={`${c.name}${c.description ? `\n${c.description}` : ''}\n${new Date(c.createdAt).toLocaleString()}`}
      onClick={onPick}
    >
      {picked > 0 && <span className="tl-pick-badge">{picked === 1 ? 'A' : 'B'}</span>}
      {showPoster && (
        <span className="tl-poster">
          {poster ? <img src={ipc.mediaUrl(poster)} alt="" loading="lazy" /> : renderId ? <Icon name="film" size={20} /> : <span className="tl-poster-none">#{index + 1}</span>}
        </span>
      )}
      <span className="tl-node-name">{c.name}</span>
      <span className="tl-node-time">
        {c.kind === 'auto' && <span className="tl-auto-tag">auto</span>}
        {relativeTime(c.createdAt)}
      </span>
      <span className="tl-node-changes" data-testid="node-changes">
        {changesText(changes, index === 0)}
      </span>
      {c.renderIds.length > 0 && (
        <span className="tl-node-renders">
          <Icon name="film" size={12} /> {c.renderIds.length} render{c.renderIds.length === 1 ? '' : 's'}
        </span>
      )}
    </button>
  );
}

export function WorkspaceNode({ unsaved, base, picked, showPoster, onPick }: { unsaved: number | null; base: string | null; picked: number; showPoster: boolean; onPick(e: MouseEvent): void }) {
  const dirty = unsaved !== null && unsaved > 0;
  return (
    <button
      type="button"
      className={`tl-node tl-workspace${dirty ? ' dirty' : ''}${picked ? ' picked' : ''}`}
      data-testid="timeline-workspace"
      data-checkpoint-id={WORKSPACE}
      aria-pressed={picked > 0}
      onClick={onPick}
    >
      {picked > 0 && <span className="tl-pick-badge">{picked === 1 ? 'A' : 'B'}</span>}
      {showPoster && (
        <span className="tl-poster tl-poster-live">
          <Icon name="pencil" size={20} />
        </span>
      )}
      <span className="tl-node-name">Workspace</span>
      <span className="tl-node-time" title={base ? `Compared with “${base}”` : undefined}>{base ? `now · from ${base}` : 'now'}</span>
      <span className={`tl-node-changes${dirty ? ' tl-unsaved' : ''}`} data-testid="workspace-state">
        {unsaved === null ? '…' : dirty ? `● ${unsaved} unsaved change${unsaved === 1 ? '' : 's'}` : 'saved'}
      </span>
    </button>
  );
}
