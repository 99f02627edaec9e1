import { Icon } from '../../components/Icon';
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { KeyHints } from '../../components/KeyHints';
import { ipc } from '../../lib/ipc';
import { useImportStore } from '../import/import-store';
import { AssetDetail } from './AssetDetail';
import { AssetGrid } from './AssetGrid';
import { AssetList } from './AssetList';
import { AssetToolbar } from './AssetToolbar';
import { BulkBar } from './BulkBar';
import { MoreFilters } from './MoreFilters';
import { QuickLook } from './QuickLook';
import { selectDetailId, selectHasMore, selectIsFiltered, selectItems, selectStatus, selectView, useAssetsStore } from './assets-store';
import './assets.css';

/**
 * The grid needs a bounded height to virtualize: fill from where the screen starts to the bottom of
 * the app's scrolling main area, whatever sits above it (page header, project tabs).
 */
function useFillHeight(ref: RefObject<HTMLElement | null>) {
  const [height, setHeight] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const main = el.closest('.main') ?? document.documentElement;
      const bottom = main === document.documentElement ? window.innerHeight : main.getBoundingClientRect().bottom;
      const top = el.getBoundingClientRect().top + (main instanceof HTMLElement && main !== document.documentElement ? main.scrollTop : 0);
      setHeight(Math.max(420, Math.floor(bottom - top - 44)));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [ref]);
  return height;
}

function ChooseFilesButton({ projectId, label = 'Choose files…' }: { projectId?: string | undefined; label?: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="btn btn-primary" onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="Files to import"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          void useImportStore.getState().start(files, { projectId });
        }}
      />
    </>
  );
}

function EmptyLibrary({ projectId }: { projectId?: string | undefined }) {
  const filtered = useAssetsStore(selectIsFiltered);
  if (filtered) {
    return (
      <div className="assets-empty" data-testid="assets-empty">
        <h2>No assets match</h2>
        <p>Try other words, or clear the filters to see everything.</p>
        <button
          type="button"
          className="btn"
          onClick={() => useAssetsStore.getState().setFilters({ text: '', type: '', tag: '', projectId: '' })}
        >
          Clear filters
        </button>
      </div>
    );
  }
  return (
    <div className="assets-empty assets-dropzone" data-testid="assets-empty">
      <Icon name="importDrop" size={48} strokeWidth={1.5} />
      <h2>{projectId ? 'No assets in this project yet' : 'Your library is empty'}</h2>
      <p>
        Drop files or whole folders anywhere in this window, or choose them.
        {projectId ? ' They are imported into the library and linked to this project.' : ' Videos, images and audio get thumbnails and durations by themselves.'}
      </p>
      <ChooseFilesButton projectId={projectId} />
    </div>
  );
}

/** The asset library (#/assets), or a project's Assets tab when projectId is given. */
export function AssetsScreen({ projectId }: { projectId?: string }) {
  const items = useAssetsStore(selectItems);
  const status = useAssetsStore(selectStatus);
  const hasMore = useAssetsStore(selectHasMore);
  const detailId = useAssetsStore(selectDetailId);
  const view = useAssetsStore(selectView);
  const ref = useRef<HTMLDivElement>(null);
  const height = useFillHeight(ref);

  useEffect(() => {
    const s = useAssetsStore.getState();
    s.setScope(projectId);
    void s.load();
    return s.startSync();
  }, [projectId]);

  const upload = <ChooseFilesButton projectId={projectId} label={ipc.host === 'web' ? 'Upload files…' : 'Import files…'} />;
  return (
    <section className={`assets-screen${projectId ? ' is-project' : ''}`} ref={ref} style={height ? { height } : undefined} aria-label={projectId ? 'Project assets' : 'Asset library'}>
      {!projectId && (
        <header className="assets-header">
          <div>
            <h1>Assets</h1>
            <p className="page-subtitle">Everything imported into this library. Drop files anywhere to add more.</p>
          </div>
          <div className="assets-header-actions">{upload}</div>
        </header>
      )}
      <AssetToolbar count={items.length} hasMore={hasMore} actions={projectId ? upload : undefined} />
      <MoreFilters />
      <BulkBar />
      <div className={`assets-body${detailId ? ' has-detail' : ''}`}>
        <div className="assets-main">
          {status === 'loading' && items.length === 0 ? (
            <div className="assets-loading muted" role="status">
              Loading assets…
            </div>
          ) : status === 'error' && items.length === 0 ? (
            <div className="assets-empty">
              <h2>The library could not be read</h2>
              <button type="button" className="btn" onClick={() => void useAssetsStore.getState().load()}>
                Try again
              </button>
            </div>
          ) : status === 'ready' && items.length === 0 ? (
            <EmptyLibrary projectId={projectId} />
          ) : view === 'list' ? (
            <AssetList />
          ) : (
            <AssetGrid />
          )}
        </div>
        <AssetDetail />
      </div>
      {/* The list is one column: it moves with ↑/↓ only, so its hint says so. */}
      <KeyHints className="assets-hint hint" testId="assets-hint" ids={[view === 'list' ? 'assets.move-rows' : 'assets.move', 'assets.select-all', 'assets.preview', 'assets.details', 'assets.trash', 'assets.ends']} />
      <QuickLook />
    </section>
  );
}
