import { useState, type FormEvent } from 'react';
import { toast } from '../../lib/notify';
import { selectAllMatching, selectScopeProjectId, selectSelectedCount, selectTotal, useAssetsStore, type BulkAction } from './assets-store';
import { useProjectsByName } from '../projects/use-projects';

const WORKING: Record<BulkAction['op'], string> = { tag: 'Tagging…', untag: 'Removing the tag…', link: 'Linking…', unlink: 'Removing from the project…', delete: 'Moving to the trash…', mark: 'Marking…' };

const splitTags = (s: string) => s.split(',').map((t) => t.trim()).filter(Boolean);

/** Shown while assets are selected: tag, untag, link to a project, trash, all at once. */
export function BulkBar() {
  const count = useAssetsStore(selectSelectedCount);
  const allMatching = useAssetsStore(selectAllMatching);
  const total = useAssetsStore(selectTotal);
  const projects = useProjectsByName();
  const scoped = useAssetsStore(selectScopeProjectId);
  const [tags, setTags] = useState('');
  const [projectId, setProjectId] = useState('');
  /** What is running on the selection, said while it runs (tagging 1,000,000 assets by query takes ≈ 20 s). */
  const [busy, setBusy] = useState<string | null>(null);
  if (count === 0) return null;
  const n = (k: number) => `${k.toLocaleString()} ${k === 1 ? 'asset' : 'assets'}`;

  /** By ids, or by query on the host when select-all took the whole match: every one, or none. */
  const run = async (action: BulkAction, done: (k: number) => string) => {
    setBusy(WORKING[action.op]);
    const k = await useAssetsStore.getState().bulk(action);
    setBusy(null);
    if (k !== null && action.op !== 'delete') toast.success(done(k));
    return k !== null;
  };
  const addTags = async (e: FormEvent) => {
    e.preventDefault();
    const t = splitTags(tags);
    if (t.length === 0) return;
    if (await run({ op: 'tag', tags: t }, (k) => `Tagged ${n(k)} “${t.join(', ')}”`)) setTags('');
  };
  const removeTags = async () => {
    const t = splitTags(tags);
    if (t.length === 0) return;
    if (await run({ op: 'untag', tags: t }, (k) => `Removed “${t.join(', ')}” from ${n(k)}`)) setTags('');
  };
  const link = async () => {
    const p = projects.find((x) => x.id === projectId);
    if (!p) return;
    await run({ op: 'link', projectId: p.id }, (k) => `Linked ${n(k)} to ${p.name}`);
  };
  const unlinkHere = async () => {
    await run({ op: 'unlink', projectId: scoped }, (k) => `Removed ${n(k)} from this project`);
    void useAssetsStore.getState().refresh();
  };

  return (
    <div className="bulk-bar" role="toolbar" aria-label="Selected assets" data-testid="bulk-bar">
      <strong className="bulk-count" data-testid="bulk-count">
        {allMatching ? (total === null ? 'All matching selected · counting…' : count === total ? `All ${count.toLocaleString()} selected` : `${count.toLocaleString()} of ${total.toLocaleString()} selected`) : `${count.toLocaleString()} selected`}
      </strong>
      {busy && (
        <span className="bulk-working muted" role="status" data-testid="bulk-working">
          <span className="spinner spinner-tiny" aria-hidden="true" /> {busy}
        </span>
      )}
      <form className="bulk-group" onSubmit={addTags}>
        <input aria-label="Tags for the selection" placeholder="tag, another" value={tags} onChange={(e) => setTags(e.target.value)} disabled={!!busy} />
        <button type="submit" className="btn btn-small btn-primary" disabled={!!busy || !tags.trim()}>
          Add tag
        </button>
        <button type="button" className="btn btn-small" disabled={!!busy || !tags.trim()} onClick={() => void removeTags()}>
          Remove tag
        </button>
      </form>
      {scoped ? (
        <button type="button" className="btn btn-small" disabled={!!busy} onClick={() => void unlinkHere()}>
          Remove from project
        </button>
      ) : (
        <div className="bulk-group">
          <select aria-label="Project to link" value={projectId} onChange={(e) => setProjectId(e.target.value)} disabled={!!busy || projects.length === 0}>
            <option value="">{projects.length ? 'Link to project…' : 'No projects yet'}</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <button type="button" className="btn btn-small btn-primary" disabled={!!busy || !projectId} onClick={() => void link()}>
            Link
          </button>
        </div>
      )}
      <span className="bulk-spacer" />
      <button type="button" className="btn btn-small btn-danger-text" disabled={!!busy} onClick={() => void run({ op: 'delete' }, () => '')}>
        Move to trash
      </button>
      <button type="button" className="btn btn-small" onClick={() => useAssetsStore.getState().clearSelection()} aria-label="Clear selection">
        Clear
      </button>
    </div>
  );
}
