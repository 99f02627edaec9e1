import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { DiffFile } from '../../../../shared/models';
import { Icon } from '../../components/Icon';
import { formatBytes } from '../../components/format';
import { IMAGE_EXT, ImageCompare } from './ImageCompare';
import { RenderCompare } from './RenderCompare';
import { StoppedDiff } from './StoppedDiff';
import { TextDiff } from './TextDiff';
import { selectTab, selectTextView, useDiffStore, useOpenDiff, type DiffTab } from './diff-store';
import './diff.css';
import { sameCheckpoint, type DiffPair } from './diff-pair';
import { actionFor } from '../../lib/actions';


const GROUPS = ['modified', 'added', 'removed', 'renamed'] as const;
const GROUP_LABEL = { added: 'Added', removed: 'Removed', modified: 'Modified', renamed: 'Renamed' } as const;
const STATUS_MARK = { added: 'A', removed: 'D', modified: 'M', renamed: 'R' } as const;
const MAX_KEYS = 200;

function sizeChange(f: DiffFile): string {
  if (f.status === 'added') return formatBytes(f.newSize ?? 0);
  if (f.status === 'removed') return formatBytes(f.oldSize ?? 0);
  if (f.status === 'modified' && f.oldSize !== null && f.newSize !== null) {
    const d = f.newSize - f.oldSize;
    return d === 0 ? formatBytes(f.newSize) : `${d > 0 ? '+' : '−'}${formatBytes(Math.abs(d))}`;
  }
  return formatBytes(f.newSize ?? f.oldSize ?? 0);
}

function lineStats(f: DiffFile): string | null {
  // A diff stopped at its budget knows lower bounds only: say so with ≥.
  const b = f.budget;
  if (b && b.removedAtLeast !== null && b.addedAtLeast !== null && b.removedAtLeast + b.addedAtLeast > 0) {
    return `≥+${b.addedAtLeast.toLocaleString('en-US')} −${b.removedAtLeast.toLocaleString('en-US')}`;
  }
  if (!f.hunks) return null;
  let add = 0;
  let del = 0;
  for (const h of f.hunks)
    for (const l of h.lines) {
      if (l[0] === '+') add++;
      else if (l[0] === '-') del++;
    }
  return `+${add} −${del}`;
}

type ListRow = { type: 'group'; g: (typeof GROUPS)[number]; count: number; bytes: number } | { type: 'file'; f: DiffFile };
const GROUP_ROW = 34;
const FILE_ROW = 29;

/** The changed files, grouped; virtualized, so a diff of thousands of files scrolls like a few. */
function FileList({ files, selected }: { files: DiffFile[]; selected: DiffFile | null }) {
  const select = useDiffStore((s) => s.select);
  const scroller = useRef<HTMLElement>(null);
  const rows = useMemo(() => {
    const out: ListRow[] = [];
    for (const g of GROUPS) {
      const list = files.filter((f) => f.status === g);
      if (list.length === 0) continue;
      out.push({ type: 'group', g, count: list.length, bytes: list.reduce((n, f) => n + (f.newSize ?? f.oldSize ?? 0), 0) });
      for (const f of list) out.push({ type: 'file', f });
    }
    return out;
  }, [files]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (rows[i]?.type === 'group' ? GROUP_ROW : FILE_ROW),
    overscan: 12,
  });
  if (files.length === 0) return <p className="df-notice muted df-files">No differences: both sides hold the same files.</p>;
  return (
    <nav className="df-files" aria-label="Changed files" ref={scroller}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((v) => {
          const row = rows[v.index] as ListRow;
          const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, height: v.size, transform: `translateY(${v.start}px)` };
          if (row.type === 'group')
            return (
              <h4 key={v.key} className={`df-group-title df-st-${row.g}`} style={style} data-testid={`group-${row.g}`}>
                {GROUP_LABEL[row.g]} <span className="df-count">{row.count}</span>
                <span className="df-group-size">{formatBytes(row.bytes)}</span>
              </h4>
            );
          const f = row.f;
          const stats = lineStats(f);
          const isSel = selected?.path === f.path;
          return (
            <button
              key={v.key}
              type="button"
              style={style}
              className={`df-file${isSel ? ' selected' : ''}`}
              aria-current={isSel ? 'true' : undefined}
              onClick={() => select(f.path)}
              title={f.oldPath ? `${f.oldPath} → ${f.path}` : f.path}
              data-testid="diff-file"
              data-status={f.status}
            >
              <span className={`df-st df-st-${f.status}`}>{STATUS_MARK[f.status]}</span>
              <span className="df-path">
                {f.kind === 'dir' && <Icon name="folder" size={13} />} {f.path}
                {f.oldPath && <span className="df-from">from {f.oldPath}</span>}
              </span>
              <span className="df-fsize">{stats ?? sizeChange(f)}</span>
            </button>
          );
        })}
      </div>
    </nav>
  );
}

function FilePane({ file, projectId, pair }: { file: DiffFile; projectId: string; pair: DiffPair }) {
  const { a, b } = pair;
  const view = useDiffStore(selectTextView);
  const setView = useDiffStore((s) => s.setTextView);
  const isImage = IMAGE_EXT.test(file.path);
  const textual = !isImage && file.kind === 'file' && file.content !== 'binary' && file.content !== 'large' && file.content !== 'too-costly' && file.content !== 'mode';
  const modes = file.oldMode !== undefined && file.newMode !== undefined ? `${file.oldMode.toString(8)} → ${file.newMode.toString(8)}` : null;
  return (
    <div className="df-pane" data-testid="diff-pane">
      <header className="df-pane-head">
        <div className="df-pane-title">
          <span className={`df-st df-st-${file.status}`}>{STATUS_MARK[file.status]}</span>
          <strong>{file.path}</strong>
          {file.oldPath && <span className="muted">renamed from {file.oldPath}</span>}
          <span className="muted df-pane-size">
            {file.oldSize !== null ? formatBytes(file.oldSize) : '—'} → {file.newSize !== null ? formatBytes(file.newSize) : '—'}
          </span>
          {modes && <span className="muted df-pane-mode" data-testid="diff-mode">mode {modes}</span>}
        </div>
        {textual && file.status !== 'renamed' && (
          <div className="df-seg" role="group" aria-label="Text view">
            <button type="button" className={`df-seg-btn${view === 'split' ? ' on' : ''}`} aria-pressed={view === 'split'} onClick={() => setView('split')}>
              Side by side
            </button>
            <button type="button" className={`df-seg-btn${view === 'inline' ? ' on' : ''}`} aria-pressed={view === 'inline'} onClick={() => setView('inline')}>
              Inline
            </button>
          </div>
        )}
      </header>
      {file.kind === 'dir' ? (
        <p className="df-notice">A folder was {file.status}.</p>
      ) : file.status === 'renamed' ? (
        <p className="df-notice">The content is unchanged; only the path moved from {file.oldPath} to {file.path}.</p>
      ) : file.content === 'mode' ? (
        <p className="df-notice" data-testid="diff-mode-only">
          <Icon name="info" /> Only the permissions changed ({modes}); the content is the same. A restore puts them back too.
        </p>
      ) : isImage ? (
        <ImageCompare file={file} projectId={projectId} a={a} b={b} />
      ) : file.content === 'binary' ? (
        <p className="df-notice">
          <Icon name="file" /> A binary file: its bytes changed ({formatBytes(file.oldSize ?? 0)} → {formatBytes(file.newSize ?? 0)}), there are no lines to compare.
        </p>
      ) : file.content === 'large' ? (
        <p className="df-notice">
          <Icon name="info" /> Too large to compare line by line here ({formatBytes(Math.max(file.oldSize ?? 0, file.newSize ?? 0))}); open it in an editor.
        </p>
      ) : (
        <>
          {/* A JSON file keeps its changed keys even when its line diff was stopped at the budget. */}
          {(file.content === 'json' || file.content === 'too-costly') && file.changedKeys && (
            <div className="df-json" data-testid="json-keys">
              <h5>Changed keys ({file.changedKeys.length})</h5>
              <ul>
                {/* A file rewritten whole can change tens of thousands of keys: the first ones say enough. */}
                {file.changedKeys.slice(0, MAX_KEYS).map((k) => (
                  <li key={k}>
                    <code>{k}</code>
                  </li>
                ))}
                {file.changedKeys.length > MAX_KEYS && <li className="muted">and {(file.changedKeys.length - MAX_KEYS).toLocaleString('en-US')} more</li>}
              </ul>
            </div>
          )}
          {file.content === 'too-costly' ? (
            <StoppedDiff file={file} projectId={projectId} a={a} b={b} aLabel={pair.aLabel} bLabel={pair.bLabel} />
          ) : (
            <TextDiff key={`${file.path}:${view}`} file={file} projectId={projectId} a={a} b={b} view={view} />
          )}
        </>
      )}
    </div>
  );
}

/** The comparison of two states, over the timeline: changed files with their diffs, and A/B renders. */
export function DiffView({ projectId, pair, onClose, initialTab, backLabel = 'Timeline' }: { projectId: string; pair: DiffPair; onClose(): void; initialTab?: DiffTab; backLabel?: string }) {
  const { diff, status, error, file } = useOpenDiff();
  const tab = useDiffStore(selectTab);
  const setTab = useDiffStore((s) => s.setTab);
  const root = useRef<HTMLDivElement>(null);
  const hasRenders = pair.aRenderIds.length > 0 && pair.bRenderIds.length > 0;

  useEffect(() => {
    // A live workspace side follows edits made while the comparison is open: the cache refetches it.
    useDiffStore.getState().open(projectId, pair.a, pair.b);
    // Opened from the Renders tab: straight to the A/B view (open() has just reset the tab).
    if (initialTab) useDiffStore.getState().setTab(initialTab);
  }, [projectId, pair.a, pair.b, initialTab]);

  useEffect(() => {
    root.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (actionFor(e, ['app.close']) && !document.fullscreenElement && !document.querySelector('dialog[open]')) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const c = diff?.counts;
  return (
    <div className="df" role="dialog" aria-modal="true" aria-label="Compare checkpoints" ref={root} tabIndex={-1} data-testid="diff-view">
      <header className="df-head">
        <button type="button" className="btn df-back" onClick={onClose} aria-label="Close compare">
          ← {backLabel}
        </button>
        <h2 className="df-title">
          <span className="df-side df-side-a" title="A (older)">{pair.aLabel}</span>
          <span className="df-arrow" aria-hidden="true">→</span>
          <span className="df-side df-side-b" title="B (newer)">{pair.bLabel}</span>
        </h2>
        {c && (
          <span className="df-summary" data-testid="diff-summary">
            {c.modified > 0 && <span className="df-st-modified">{c.modified} modified</span>}
            {c.added > 0 && <span className="df-st-added">{c.added} added</span>}
            {c.removed > 0 && <span className="df-st-removed">{c.removed} removed</span>}
            {c.renamed > 0 && <span className="df-st-renamed">{c.renamed} renamed</span>}
            {c.modified + c.added + c.removed + c.renamed === 0 && <span className="muted">{sameCheckpoint(pair) ? 'same checkpoint' : 'no changes'}</span>}
          </span>
        )}
        {hasRenders && (
          <div className="df-seg df-tabs" role="tablist" aria-label="Compare">
            <button type="button" role="tab" aria-selected={tab === 'files'} className={`df-seg-btn${tab === 'files' ? ' on' : ''}`} onClick={() => setTab('files')}>
              Files
            </button>
            <button type="button" role="tab" aria-selected={tab === 'renders'} className={`df-seg-btn${tab === 'renders' ? ' on' : ''}`} onClick={() => setTab('renders')}>
              Renders A/B
            </button>
          </div>
        )}
      </header>
      {tab === 'renders' && hasRenders ? (
        <div className="df-body df-body-renders">
          <RenderCompare aIds={pair.aRenderIds} bIds={pair.bRenderIds} aLabel={pair.aLabel} bLabel={pair.bLabel} />
        </div>
      ) : status === 'error' ? (
        <p className="error df-notice" role="alert">
          The comparison failed: {error}
        </p>
      ) : status !== 'ready' || !diff ? (
        <p className="muted df-notice">Comparing…</p>
      ) : (
        <div className="df-body">
          <FileList files={diff.files} selected={file} />
          {file ? <FilePane key={file.path} file={file} projectId={projectId} pair={pair} /> : <div className="df-pane df-notice muted">Pick a file on the left.</div>}
        </div>
      )}
    </div>
  );
}
