import { useState, type FormEvent } from 'react';
import { toast } from '../toasts/toasts-store';
import { selectProjects, selectScopeProjectId, selectSelected, useAssetsStore } from './assets-store';

const splitTags = (s: string) => s.split(',').map((t) => t.trim()).filter(Boolean);

/** Shown while assets are selected: tag, untag, link to a project, trash, all at once. */
export function BulkBar() {
  const selected = useAssetsStore(selectSelected);
  const projects = useAssetsStore(selectProjects);
  const scoped = useAssetsStore(selectScopeProjectId);
  const [tags, setTags] = useState('');
  const [projectId, setProjectId] = useState('');
  const [busy, setBusy] = useState(false);
  if (selected.size === 0) return null;
  const ids = [...selected];

  const run = async (fn: () => Promise<boolean>, done: string) => {
    setBusy(true);
    const ok = await fn();
    setBusy(false);
    if (ok) toast.success(done);
    return ok;
  };
  const addTags = async (e: FormEvent) => {
    e.preventDefault();
    const t = splitTags(tags);
    if (t.length === 0) return;
    if (await run(() => useAssetsStore.getState().tag(ids, t), `Tagged ${ids.length} ${ids.length === 1 ? 'asset' : 'assets'} “${t.join(', ')}”`)) setTags('');
  };
  const removeTags = async () => {
    const t = splitTags(tags);
    if (t.length === 0) return;
    if (await run(() => useAssetsStore.getState().untag(ids, t), `Removed “${t.join(', ')}” from ${ids.length} ${ids.length === 1 ? 'asset' : 'assets'}`)) setTags('');
  };
  const link = async () => {
    const p = projects.find((x) => x.id === projectId);
    if (!p) return;
    await run(() => useAssetsStore.getState().link(ids, p.id), `Linked ${ids.length} ${ids.length === 1 ? 'asset' : 'assets'} to ${p.name}`);
  };
  const unlinkHere = async () => {
    await run(() => useAssetsStore.getState().unlink(ids, scoped), `Removed ${ids.length} ${ids.length === 1 ? 'asset' : 'assets'} from this project`);
    void useAssetsStore.getState().refresh();
  };

  return (
    <div className="bulk-bar" role="toolbar" aria-label="Selected assets" data-testid="bulk-bar">
      <strong className="bulk-count">{selected.size.toLocaleString()} selected</strong>
      <form className="bulk-group" onSubmit={addTags}>
        <input aria-label="Tags for the selection" placeholder="tag, another" value={tags} onChange={(e) => setTags(e.target.value)} disabled={busy} />
        <button type="submit" className="btn btn-small btn-primary" disabled={busy || !tags.trim()}>
          Add tag
        </button>
        <button type="button" className="btn btn-small" disabled={busy || !tags.trim()} onClick={() => void removeTags()}>
          Remove tag
        </button>
      </form>
      {scoped ? (
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => void unlinkHere()}>
          Remove from project
        </button>
      ) : (
        <div className="bulk-group">
          <select aria-label="Project to link" value={projectId} onChange={(e) => setProjectId(e.target.value)} disabled={busy || projects.length === 0}>
            <option value="">{projects.length ? 'Link to project…' : 'No projects yet'}</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <button type="button" className="btn btn-small btn-primary" disabled={busy || !projectId} onClick={() => void link()}>
            Link
          </button>
        </div>
      )}
      <span className="bulk-spacer" />
      <button type="button" className="btn btn-small btn-danger-text" disabled={busy} onClick={() => void useAssetsStore.getState().trash(ids)}>
        Move to trash
      </button>
      <button type="button" className="btn btn-small" onClick={() => useAssetsStore.getState().clearSelection()} aria-label="Clear selection">
        Clear
      </button>
    </div>
  );
}
