import { MarksEditor } from './MarksEditor';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Asset } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { useChannel } from '../../lib/query';
import { formatBytes, formatDuration } from '../../components/format';
import { toast } from '../../lib/notify';
import { AssetPreview } from './AssetPreview';
import { audioFact, colourFact, pixelFact, rateFact } from '../../components/probe-facts';
import { TYPE_LABEL, assetDuration, dimensions } from './asset-format';
import { selectDetailId, useAssetsStore } from './assets-store';
import { useProjectsByName } from '../projects/use-projects';
import { actionFor } from '../../lib/actions';

function Row({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function TagEditor({ asset }: { asset: Asset }) {
  const [text, setText] = useState('');
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const tags = text.split(',').map((t) => t.trim()).filter(Boolean);
    if (tags.length && (await useAssetsStore.getState().tag([asset.id], tags))) setText('');
  };
  return (
    <div className="detail-tags">
      <ul className="chips" aria-label="Tags">
        {asset.tags.length === 0 && <li className="muted">No tags yet</li>}
        {asset.tags.map((t) => (
          <li key={t} className="chip">
            {t}
            <button type="button" className="chip-remove" aria-label={`Remove tag ${t}`} onClick={() => void useAssetsStore.getState().untag([asset.id], [t])}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} className="detail-inline-form">
        <input aria-label="Add a tag" placeholder="Add a tag" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="btn btn-small btn-primary" disabled={!text.trim()}>
          Add
        </button>
      </form>
    </div>
  );
}

function ProjectLinks({ asset }: { asset: Asset }) {
  const projects = useProjectsByName();
  const [pick, setPick] = useState('');
  const byId = new Map(projects.map((p) => [p.id, p]));
  const others = projects.filter((p) => !asset.projectIds.includes(p.id));
  return (
    <div className="detail-projects">
      <ul className="detail-project-list" aria-label="Projects using it">
        {asset.projectIds.length === 0 && <li className="muted">Not used in a project yet</li>}
        {asset.projectIds.map((id) => (
          <li key={id}>
            <a href={`#/projects/${encodeURIComponent(id)}/assets`}>{byId.get(id)?.name ?? id}</a>
            <button type="button" className="chip-remove" aria-label={`Unlink from ${byId.get(id)?.name ?? id}`} onClick={() => void useAssetsStore.getState().unlink([asset.id], id)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      {others.length > 0 && (
        <div className="detail-inline-form">
          <select aria-label="Link to a project" value={pick} onChange={(e) => setPick(e.target.value)}>
            <option value="">Link to project…</option>
            {others.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={!pick}
            onClick={() => void useAssetsStore.getState().link([asset.id], pick).then((ok) => ok && setPick(''))}
          >
            Link
          </button>
        </div>
      )}
    </div>
  );
}

function NameEditor({ asset }: { asset: Asset }) {
  const [name, setName] = useState(asset.name);
  useEffect(() => setName(asset.name), [asset.name]);
  const save = () => {
    const n = name.trim();
    if (n && n !== asset.name) void useAssetsStore.getState().rename(asset.id, n);
    else setName(asset.name);
  };
  return (
    <input
      className="detail-name"
      aria-label="Asset name"
      value={name}
      onChange={(e) => setName(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        if (actionFor(e, ['app.close'])) setName(asset.name);
      }}
    />
  );
}

/** The side panel for one asset: preview, metadata, tags, projects using it. */
export function AssetDetail() {
  const id = useAssetsStore(selectDetailId);
  const listed = useAssetsStore((s) => (id ? s.items.find((a) => a.id === id) ?? null : null));
  // From the cache: kept current by library.changed like the grid's copy, and covering an item not loaded.
  const read = useChannel('assets.get', { id: id ?? '' }, { enabled: !!id });
  const failed = read.isError && !read.isFetching ? read.error : null;
  useEffect(() => {
    if (!failed) return;
    toast.error(failed);
    useAssetsStore.getState().openDetail(null);
  }, [failed]);

  const asset = listed ?? read.data ?? null;
  if (!id) return null;
  const close = () => {
    useAssetsStore.getState().openDetail(null);
    document.querySelector<HTMLElement>('.asset-grid')?.focus();
  };
  if (!asset) {
    return (
      <aside className="asset-detail" aria-label="Asset details">
        <p className="muted">Loading…</p>
      </aside>
    );
  }
  const m = asset.media;
  const p = m?.probe;
  const codecs = [p?.videoCodec, p?.audioCodec].filter(Boolean).join(' + ');
  return (
    <aside className="asset-detail" aria-label="Asset details" data-testid="asset-detail" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <header className="detail-header">
        <NameEditor asset={asset} />
        <button type="button" className="icon-button" aria-label="Close details" onClick={close}>
          ×
        </button>
      </header>
      <div className="detail-preview">
        <AssetPreview asset={asset} />
      </div>
      {m?.state === 'pending' && <p className="detail-note muted">Making thumbnails and reading the file…</p>}
      {m?.state === 'failed' && (
        <p className="detail-note detail-failed" role="note">
          {m.error ?? 'Media work failed'}{' '}
          <button type="button" className="btn btn-small" onClick={() => void useAssetsStore.getState().redoMedia(asset)}>
            Retry
          </button>
        </p>
      )}
      {m?.note && <p className="detail-note muted">{m.note}</p>}
      <section>
        <h3>Details</h3>
        <dl className="detail-meta">
          <Row label="Type">{TYPE_LABEL[asset.type]}</Row>
          <Row label="MIME">{asset.mime}</Row>
          <Row label="Size">{`${formatBytes(asset.size)} (${asset.size.toLocaleString()} bytes)`}</Row>
          <Row label="Dimensions">{dimensions(asset)}</Row>
          <Row label="Duration">{formatDuration(assetDuration(asset))}</Row>
          <Row label="Frame rate">{rateFact(p, p?.fps ?? null)}</Row>
          <Row label="Codecs">{codecs}</Row>
          <Row label="Bitrate">{p?.bitrateKbps ? `${Math.round(p.bitrateKbps).toLocaleString()} kb/s` : ''}</Row>
          <Row label="Audio">{audioFact(p)}</Row>
          <Row label="Pixels">{pixelFact(p)}</Row>
          <Row label="Colour">{colourFact(p)}</Row>
          <Row label="Frames">{p?.pages && p.pages > 1 ? `${p.pages} (animated)` : ''}</Row>
          <Row label="Playback">{m?.proxy ? (m.proxy.state === 'done' ? 'proxy (H.264 copy made for this browser)' : m.proxy.state === 'pending' ? 'making a playback proxy…' : `no proxy: ${m.proxy.error ?? 'failed'}`) : ''}</Row>
          <Row label="Rotation">{p?.rotation ? `${p.rotation}°` : ''}</Row>
          <Row label="Added">{new Date(asset.createdAt).toLocaleString()}</Row>
          <Row label="SHA-256">
            <code className="detail-sha" title={asset.sha256}>
              {asset.sha256}
            </code>
          </Row>
        </dl>
      </section>
      <section>
        <h3>Rating and label</h3>
        <MarksEditor asset={asset} />
      </section>
      <section>
        <h3>Tags</h3>
        <TagEditor asset={asset} />
      </section>
      <section>
        <h3>Projects using it</h3>
        <ProjectLinks asset={asset} />
      </section>
      <footer className="detail-footer">
        {ipc.host === 'desktop' ? (
          <button type="button" className="btn btn-small" onClick={() => ipc.invoke('desktop.reveal', { assetId: asset.id }).catch((err: unknown) => toast.error(err))}>
            Show in folder
          </button>
        ) : (
          <a className="btn btn-small" href={ipc.mediaUrl(asset.sha256, { download: asset.name })} download={asset.name}>
            Download
          </a>
        )}
        <button type="button" className="btn btn-small btn-danger-text" onClick={() => void useAssetsStore.getState().trash([asset.id])}>
          Move to trash
        </button>
      </footer>
    </aside>
  );
}
