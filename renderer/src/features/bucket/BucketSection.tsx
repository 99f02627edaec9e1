import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { RemoteInfo } from '../../../../shared/contract';
import { Icon } from '../../components/Icon';
import { formatBytes } from '../../components/format';
import { ipc } from '../../lib/ipc';
import { useProjects } from '../projects/use-projects';
import { selectBucket, selectBucketBusy, selectBucketKeys, selectBucketStatus, useBucketStore, type ConnectInput } from './bucket-store';
import './bucket.css';
import { actionFor } from '../../lib/actions';

const GiB = 1024 ** 3;
/** Cache budgets offered; 0 keeps only what must stay (the outbox, thumbnails, projects kept offline). */
const BUDGETS = [0, 1, 5, 10, 25, 50, 100, 250, 500, 1024, 2048].map((g) => g * GiB);

const KEY_SOURCE: Record<NonNullable<RemoteInfo['credentials']>, string> = {
  app: 'Kept by this app, encrypted by the system keychain',
  environment: 'From the environment (AWS_ACCESS_KEY_ID / AWS_PROFILE)',
  none: 'None found — uploads and reads from the bucket fail until keys are given',
};

const SYNC_WORDS: Record<RemoteInfo['sync'], string> = { idle: 'Waiting', uploading: 'Uploading', paused: 'Paused', offline: 'Offline' };

/** A labelled text input with its hint outside the label, so the hint describes the field instead of naming it. */
function TextField(p: { label: string; value: string; onChange(v: string): void; placeholder?: string; hint?: string; type?: string; required?: boolean; autoComplete?: string; testId?: string; autoFocus?: boolean }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {p.label}
      </label>
      <input
        id={id}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        placeholder={p.placeholder}
        type={p.type ?? 'text'}
        required={p.required}
        spellCheck={false}
        autoComplete={p.autoComplete}
        aria-describedby={p.hint ? `${id}-hint` : undefined}
        autoFocus={p.autoFocus}
        data-testid={p.testId}
      />
      {p.hint && (
        <span className="choice-text" id={`${id}-hint`}>
          {p.hint}
        </span>
      )}
    </div>
  );
}

function ConnectForm({ info, onDone }: { info: RemoteInfo | null; onDone?: () => void }) {
  const keys = useBucketStore(selectBucketKeys);
  const busy = useBucketStore(selectBucketBusy);
  const [url, setUrl] = useState(info?.url ?? '');
  const [endpoint, setEndpoint] = useState(info?.endpoint ?? '');
  const [region, setRegion] = useState(info?.region ?? '');
  const [pathStyle, setPathStyle] = useState(info?.pathStyle ?? true);
  const [createBucket, setCreateBucket] = useState(false);
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secretAccessKey, setSecret] = useState('');
  const canKeep = !!keys?.canKeep;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input: ConnectInput = {
      url: url.trim(),
      endpoint: endpoint.trim() || null,
      region: region.trim() || null,
      pathStyle,
      ...(createBucket ? { createBucket: true } : {}),
      ...(canKeep && accessKeyId.trim() && secretAccessKey ? { accessKeyId: accessKeyId.trim(), secretAccessKey } : {}),
    };
    const ok = await useBucketStore.getState().connect(input);
    // The secret never stays in the page longer than the call.
    setSecret('');
    if (ok) {
      setAccessKeyId('');
      onDone?.();
    }
  };

  return (
    <form
      className="bk-form"
      onSubmit={(e) => void submit(e)}
      // Changing a connection is a step that can be left: Escape does what Cancel does.
      onKeyDown={(e) => {
        if (actionFor(e, ['app.close']) && onDone && !busy) {
          e.preventDefault();
          e.stopPropagation();
          onDone();
        }
      }}
      data-testid="bucket-form"
      autoComplete="off"
    >
      <div className="st-grid">
        <TextField label="Bucket" value={url} onChange={setUrl} placeholder="s3://bucket/prefix" required autoFocus={!!onDone} hint="The prefix is this library’s folder in the bucket; another library’s prefix is refused." />
        <TextField label="Endpoint" value={endpoint} onChange={setEndpoint} placeholder="https://ceph.studio.lan:7480" type="url" hint="Empty for AWS S3; otherwise your store’s address (Ceph, MinIO, R2, B2, Wasabi)." />
        <TextField label="Region" value={region} onChange={setRegion} placeholder="us-east-1" hint="What the store signs for; us-east-1 when it does not care." />
        <div className="field bk-checks">
          <label className="st-check">
            <input type="checkbox" checked={pathStyle} onChange={(e) => setPathStyle(e.target.checked)} />
            <span>
              <span className="choice-title">Path-style addressing</span>
              <span className="choice-text">host/bucket/key — what Ceph, MinIO and most self-hosted stores want; AWS does not.</span>
            </span>
          </label>
          {!info && (
            <label className="st-check">
              <input type="checkbox" checked={createBucket} onChange={(e) => setCreateBucket(e.target.checked)} />
              <span>
                <span className="choice-title">Create the bucket if it does not exist</span>
              </span>
            </label>
          )}
        </div>
      </div>
      {canKeep ? (
        <fieldset className="bk-keys">
          <legend className="field-label">Access keys</legend>
          <div className="st-grid">
            <TextField label="Access key ID" value={accessKeyId} onChange={setAccessKeyId} autoComplete="off" testId="bucket-access-key" />
            <TextField label="Secret access key" value={secretAccessKey} onChange={setSecret} type="password" autoComplete="new-password" testId="bucket-secret-key" />
          </div>
          <p className="choice-text bk-keys-note">
            <Icon name="info" size={13} /> Kept on this computer only, encrypted by the system keychain — never in the library, its backups or the log.
            {info ? ' Leave empty to keep the keys in use.' : ' Leave empty to use AWS_ACCESS_KEY_ID / AWS_PROFILE from the environment.'}
          </p>
        </fieldset>
      ) : (
        <p className="st-note" role="note" data-testid="bucket-keys-env">
          <Icon name="info" />
          {ipc.host === 'web' ? (
            <span>
              Keys come from the environment <code>reelvault serve</code> was started in: <code>AWS_ACCESS_KEY_ID</code> and <code>AWS_SECRET_ACCESS_KEY</code>, or <code>AWS_PROFILE</code>. A browser never sees them.
            </span>
          ) : (
            <span>{keys?.why ?? 'Keys come from the environment.'}</span>
          )}
        </p>
      )}
      <div className="toolbar">
        <button type="submit" className="btn btn-primary" disabled={busy || !url.trim()} data-testid="bucket-connect">
          <Icon name="cloud" /> {busy ? 'Connecting…' : info ? 'Save connection' : 'Connect bucket'}
        </button>
        {onDone && (
          <button type="button" className="btn btn-ghost" onClick={onDone} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function budgetLabel(bytes: number): string {
  return bytes === 0 ? 'Only what must stay on this disk' : formatBytes(bytes);
}

function CacheBudget({ info }: { info: RemoteInfo }) {
  const busy = useBucketStore(selectBucketBusy);
  const value = info.budgetIsDefault ? 'default' : String(info.budgetBytes);
  const options = info.budgetIsDefault || BUDGETS.includes(info.budgetBytes) ? BUDGETS : [...BUDGETS, info.budgetBytes].sort((a, b) => a - b);
  return (
    <label className="field bk-budget">
      <span className="field-label">Keep on this disk</span>
      <select value={value} disabled={busy} data-testid="bucket-budget" onChange={(e) => void useBucketStore.getState().setBudget(e.target.value === 'default' ? null : Number(e.target.value))}>
        <option value="default">Default: half of the free space{info.budgetIsDefault ? ` (${formatBytes(info.budgetBytes)} now)` : ''}</option>
        {options.map((b) => (
          <option key={b} value={String(b)}>
            {budgetLabel(b)}
          </option>
        ))}
      </select>
      <span className="choice-text">
        Least recently used content already in the bucket is removed from this disk beyond this, at once. Never what is not uploaded yet, thumbnails, or projects kept offline.
      </span>
    </label>
  );
}

function KeepOffline({ info }: { info: RemoteInfo }) {
  const { projects } = useProjects();
  const busy = useBucketStore(selectBucketBusy);
  const kept = new Set(info.keepOffline ?? []);
  const marked = projects.filter((p) => kept.has(p.id));
  const others = projects.filter((p) => !kept.has(p.id));
  const { keepOffline } = useBucketStore.getState();
  return (
    <div className="field" data-testid="bucket-keep-offline">
      <span className="field-label">Keep offline</span>
      {marked.length > 0 && (
        <ul className="bk-chips">
          {marked.map((p) => (
            <li key={p.id} className="bk-chip">
              {p.name}
              <button type="button" className="icon-button" aria-label={`Stop keeping ${p.name} offline`} disabled={busy} onClick={() => void keepOffline(p.id, false)}>
                <Icon name="x" size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <select
          value=""
          disabled={busy}
          aria-label="Keep a project offline"
          data-testid="bucket-keep-offline-add"
          onChange={(e) => {
            if (e.target.value) void keepOffline(e.target.value, true);
          }}
        >
          <option value="">Add a project…</option>
          {others.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      )}
      {/* Under the control, as the budget's hint is: the two controls line up. */}
      <span className="choice-text">These projects&apos; renders, assets and checkpoints always stay on this disk, whatever the budget.</span>
    </div>
  );
}

function Connected({ info }: { info: RemoteInfo }) {
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  // Leaving the form (Cancel, Escape, saved) puts focus back where the keyboard was.
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  const waiting = info.outboxBlobs > 0;
  return (
    <>
      <dl className="st-facts bk-facts" data-testid="bucket-facts">
        <div>
          <dt>Bucket</dt>
          <dd>
            <code data-testid="bucket-url">{info.url}</code>
          </dd>
        </div>
        <div>
          <dt>Endpoint</dt>
          <dd>
            {info.endpoint ? <code>{info.endpoint}</code> : 'AWS S3'} <span className="muted">· {info.region}{info.pathStyle ? ' · path-style' : ''}</span>
          </dd>
        </div>
        {info.credentials && (
          <div>
            <dt>Keys</dt>
            <dd className={info.credentials === 'none' ? 'bk-problem' : undefined}>{KEY_SOURCE[info.credentials]}</dd>
          </div>
        )}
        <div>
          <dt>Upload</dt>
          <dd data-testid="bucket-upload">
            <span className={`bk-state is-${waiting ? info.sync : 'done'}`}>{waiting ? SYNC_WORDS[info.sync] : 'Up to date'}</span>
            {' · '}
            {waiting ? `${info.outboxBlobs} file${info.outboxBlobs === 1 ? '' : 's'} (${formatBytes(info.outboxBytes)}) not yet in the bucket` : 'everything stored here is in the bucket'}
            {waiting && info.lastError && <span className="bk-problem"> — {info.sync === 'offline' ? 'the bucket cannot be reached; they wait here and are retried' : info.lastError}</span>}
          </dd>
        </div>
        <div>
          <dt>In bucket</dt>
          <dd data-testid="bucket-counts">
            {info.confirmedBlobs} file{info.confirmedBlobs === 1 ? '' : 's'}
            {info.remoteOnlyBlobs > 0 ? ` · ${info.remoteOnlyBlobs} of them (${formatBytes(info.remoteOnlyBytes ?? 0)}) only there, not available offline` : ' · all also on this disk'}
          </dd>
        </div>
        <div>
          <dt>This disk</dt>
          <dd data-testid="bucket-cache">
            {formatBytes(info.localBytes)}
            {info.budgetBytes > 0 ? ` of ${formatBytes(info.budgetBytes)}` : <span className="muted"> · only what must stay: not yet uploaded, thumbnails, projects kept offline</span>}
          </dd>
        </div>
      </dl>
      <div className="st-grid">
        <CacheBudget info={info} />
        <KeepOffline info={info} />
      </div>
      {editing ? (
        <ConnectForm info={info} onDone={() => setEditing(false)} />
      ) : (
        <div className="toolbar">
          <button type="button" className="btn" ref={editButton} onClick={() => setEditing(true)} data-testid="bucket-edit">
            <Icon name="pencil" /> Change endpoint or keys…
          </button>
        </div>
      )}
      <p className="st-lead muted bk-foot">A library cannot be disconnected from its bucket yet: content removed from this disk lives only there.</p>
    </>
  );
}

/** Settings › Bucket: the library's content in an S3-compatible bucket, this folder a cache and an outbox. */
export function BucketSection() {
  const info = useBucketStore(selectBucket);
  const status = useBucketStore(selectBucketStatus);
  useEffect(() => {
    const s = useBucketStore.getState();
    const stop = s.startSync();
    void s.load();
    return stop;
  }, []);
  return (
    <section className="st-section" aria-labelledby="settings-bucket-title" data-testid="settings-bucket">
      <h2 className="st-title" id="settings-bucket-title">
        Bucket
      </h2>
      <p className="st-lead muted">
        Keep this library&apos;s content in an S3-compatible bucket (Ceph, MinIO, AWS S3, Backblaze B2, Cloudflare R2, Wasabi). This folder stays a cache and an outbox: new work lands here first and is uploaded in the background, and
        the library keeps working offline on what it holds.
      </p>
      {status === 'ready' || info ? info ? <Connected info={info} /> : <ConnectForm info={null} /> : status === 'error' ? <p className="error">The bucket settings could not be read.</p> : <p className="muted">Reading…</p>}
    </section>
  );
}
