import { useMemo, useState } from 'react';
import type { TrashItem } from '../../../../shared/models';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon, type IconName } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { formatBytes, relativeTime } from '../../components/format';
import { selectTrashBusy, selectTrashFilter, selectTrashPicked, useTrashItems, useTrashStore, type TrashFilter } from './trash-store';
import './trash.css';

const FILTERS: { id: TrashFilter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'project', label: 'Projects' },
  { id: 'asset', label: 'Assets' },
  { id: 'render', label: 'Renders' },
];
const KIND_ICON: Record<TrashItem['kind'], IconName> = { project: 'folder', asset: 'image', render: 'film' };
const KIND_LABEL: Record<TrashItem['kind'], string> = { project: 'Project', asset: 'Asset', render: 'Render' };

/** What else is in it or where it belonged: what a person needs to tell two "Final cut"s apart. */
function detailOf(i: TrashItem) {
  if (i.kind === 'project' && i.counts) {
    const { checkpoints: c, renders: r } = i.counts;
    return `${c} checkpoint${c === 1 ? '' : 's'} · ${r} render${r === 1 ? '' : 's'}`;
  }
  if (i.kind === 'render' && i.project) return <>from <a href={`#/projects/${encodeURIComponent(i.project.id)}/renders`}>{i.project.name}</a></>;
  if (i.kind === 'asset' && i.assetType) return i.assetType;
  return null;
}

type Confirm = { kind: 'purge'; ids: string[] } | { kind: 'empty' } | null;

export function TrashScreen() {
  const { items, status, reload } = useTrashItems();
  const filter = useTrashStore(selectTrashFilter);
  const picked = useTrashStore(selectTrashPicked);
  const busy = useTrashStore(selectTrashBusy);
  const { setFilter, toggle, pickAll, restore, purge } = useTrashStore.getState();
  const [confirm, setConfirm] = useState<Confirm>(null);

  const shown = useMemo(() => (filter === 'all' ? items : items.filter((i) => i.kind === filter)), [items, filter]);
  const pickedIds = shown.filter((i) => picked[i.id]).map((i) => i.id);
  const allPicked = shown.length > 0 && pickedIds.length === shown.length;
  const totalBytes = items.reduce((n, i) => n + i.size, 0);
  const pickedBytes = shown.filter((i) => picked[i.id]).reduce((n, i) => n + i.size, 0);
  const countOf = (k: TrashFilter) => (k === 'all' ? items.length : items.filter((i) => i.kind === k).length);

  return (
    <section className="page trash" aria-labelledby="trash-title" data-testid="trash-screen">
      <header className="page-header">
        <div>
          <h1 id="trash-title">Trash</h1>
          <p className="page-subtitle" data-testid="trash-summary">
            {status === 'ready' ? (items.length ? `${items.length} item${items.length === 1 ? '' : 's'} · ${formatBytes(totalBytes)}` : 'Empty') : ' '}
            {' · '}Deleted projects, assets and renders stay here until you delete them for good.
          </p>
        </div>
        <button type="button" className="btn btn-danger-text" disabled={busy || items.length === 0} onClick={() => setConfirm({ kind: 'empty' })}>
          <Icon name="trash" /> Empty trash
        </button>
      </header>

      {status === 'loading' && <Spinner label="Reading the trash…" />}
      {status === 'error' && (
        <EmptyState title="The trash could not be read" action={<button type="button" className="btn" onClick={reload}>Try again</button>} />
      )}
      {status === 'ready' && items.length === 0 && (
        <EmptyState icon={<Icon name="trash" size={26} />} title="The trash is empty">
          What you delete — projects, assets, renders — comes here first, so it can be restored.
        </EmptyState>
      )}
      {status === 'ready' && items.length > 0 && (
        <>
          <div className="trash-toolbar">
            <div className="segmented" role="group" aria-label="Show">
              {FILTERS.map((f) => (
                <button key={f.id} type="button" className="segmented-item" aria-pressed={filter === f.id} onClick={() => setFilter(f.id)}>
                  {f.label} <span className="muted">{countOf(f.id)}</span>
                </button>
              ))}
            </div>
            <span className="trash-picked muted" aria-live="polite">
              {pickedIds.length > 0 && `${pickedIds.length} selected · ${formatBytes(pickedBytes)}`}
            </span>
            <button type="button" className="btn btn-small" disabled={busy || pickedIds.length === 0} onClick={() => void restore(pickedIds)}>
              <Icon name="restore" /> Restore
            </button>
            <button type="button" className="btn btn-small btn-danger-text" disabled={busy || pickedIds.length === 0} onClick={() => setConfirm({ kind: 'purge', ids: pickedIds })}>
              Delete forever
            </button>
          </div>
          <table className="trash-table" data-testid="trash-table">
            <thead>
              <tr>
                <th className="trash-check">
                  <input type="checkbox" aria-label="Select all shown" checked={allPicked} onChange={(e) => pickAll(shown.map((i) => i.id), e.target.checked)} />
                </th>
                <th>Name</th>
                <th>Kind</th>
                <th className="num">Size</th>
                <th>Deleted</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((i) => (
                <tr key={i.id} data-testid="trash-row" data-id={i.id} className={picked[i.id] ? 'picked' : undefined}>
                  <td className="trash-check">
                    <input type="checkbox" aria-label={`Select ${i.name}`} checked={!!picked[i.id]} onChange={(e) => toggle(i.id, e.target.checked)} />
                  </td>
                  <td>
                    <span className="trash-name">
                      <Icon name={KIND_ICON[i.kind]} className="muted" />
                      <span className="trash-name-text">{i.name}</span>
                    </span>
                    <span className="trash-detail muted">{detailOf(i)}</span>
                  </td>
                  <td>{KIND_LABEL[i.kind]}</td>
                  <td className="num">{formatBytes(i.size)}</td>
                  <td title={new Date(i.deletedAt).toLocaleString()}>{relativeTime(i.deletedAt)}</td>
                  <td className="trash-actions">
                    <button type="button" className="btn btn-small" disabled={busy} aria-label={`Restore ${i.name}`} onClick={() => void restore([i.id])}>
                      Restore
                    </button>
                    <button type="button" className="btn btn-small btn-danger-text" disabled={busy} aria-label={`Delete forever: ${i.name}`} onClick={() => setConfirm({ kind: 'purge', ids: [i.id] })}>
                      Delete forever
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {confirm && (
        <ConfirmDialog
          open
          danger
          busy={busy}
          title={confirm.kind === 'empty' ? 'Empty the trash?' : confirm.ids.length === 1 ? `Delete “${items.find((i) => i.id === confirm.ids[0])?.name ?? ''}” forever?` : `Delete ${confirm.ids.length} items forever?`}
          confirmLabel={confirm.kind === 'empty' ? 'Empty trash' : 'Delete forever'}
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            const ok = confirm.kind === 'empty' ? await purge() : await purge(confirm.ids);
            if (ok) {
              setConfirm(null);
              pickAll([], false);
            }
          }}
        >
          <p className="dialog-lead">
            {confirm.kind === 'empty'
              ? `All ${items.length} item${items.length === 1 ? '' : 's'} (${formatBytes(totalBytes)}) will be deleted for good.`
              : 'This cannot be undone.'}{' '}
            A deleted project’s workspace folder is removed with it (an adopted folder is left where it is); stored content nothing else uses is freed by the next clean-up.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
