import { useRef } from 'react';
import { Icon } from '../../components/Icon';
import { formatBytes } from '../../components/format';
import { ipc } from '../../lib/ipc';
import { selectAdding, useRendersStore } from './renders-store';

/** "Add render…": picks a video file and stores it as a render (by path on the desktop, uploaded in a browser). */
export function AddRender({ primary = false }: { primary?: boolean }) {
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
export function AddingRender() {
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
