import { useEffect, useState } from 'react';
import { formatBytes } from '../../components/format';
import { rateOf, selectSessions, useImportStore, type ImportFile, type ImportSession } from './import-store';

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 1) return 'less than a second left';
  if (seconds < 60) return `${Math.ceil(seconds)} s left`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s left`;
  return `${Math.floor(m / 60)} h ${m % 60} min left`;
}

const STATUS_LABEL: Record<ImportFile['status'], string> = {
  queued: 'Waiting',
  uploading: 'Importing',
  imported: 'Imported',
  duplicate: 'Already in library',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function FileRow({ f }: { f: ImportFile }) {
  const pct = f.size > 0 ? Math.round((f.sent / f.size) * 100) : f.status === 'queued' ? 0 : 100;
  return (
    <li className={`import-file is-${f.status}`} data-testid="import-file">
      <div className="import-file-line">
        <span className="import-file-name" title={f.name}>
          {f.name}
        </span>
        <span className="import-file-status">{f.status === 'uploading' ? `${pct}%` : STATUS_LABEL[f.status]}</span>
      </div>
      {f.status === 'uploading' && (
        <div className="bar bar-thin" aria-hidden="true">
          <span style={{ width: `${pct}%` }} />
        </div>
      )}
      {f.error && <div className="import-file-error">{f.error}</div>}
    </li>
  );
}

function Session({ s }: { s: ImportSession }) {
  const [open, setOpen] = useState(true);
  const running = s.state === 'running';
  const rate = rateOf(s);
  const left = running && rate > 0 ? (s.bytesTotal - s.bytesDone) / rate : NaN;
  const pct = s.bytesTotal > 0 ? Math.min(100, (s.bytesDone / s.bytesTotal) * 100) : s.filesTotal > 0 ? (s.filesDone / s.filesTotal) * 100 : 0;
  const where = s.projectId ? `into ${s.projectName ? `“${s.projectName}”` : 'the project'}` : 'into the library';
  const title = running
    ? `Importing ${s.filesTotal} ${s.filesTotal === 1 ? 'file' : 'files'} ${where}`
    : s.state === 'cancelled'
      ? `Import ${where} cancelled`
      : `Import ${where} finished`;
  const failures = s.files.filter((f) => f.status === 'failed');
  return (
    <section className={`import-session is-${s.state}`} aria-label={title} data-testid="import-panel">
      <header className="import-head">
        <h2>{title}</h2>
        <button type="button" className="icon-button" aria-expanded={open} aria-label={open ? 'Collapse' : 'Expand'} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
        {!running && (
          <button type="button" className="icon-button" aria-label="Close import panel" onClick={() => useImportStore.getState().dismiss(s.id)}>
            ×
          </button>
        )}
      </header>
      <div className="bar" role="progressbar" aria-label="Overall progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <p className="import-stats" data-testid="import-stats">
        <span>
          {s.filesDone} of {s.filesTotal} files
        </span>
        <span>
          {formatBytes(s.bytesDone)} of {formatBytes(s.bytesTotal)}
        </span>
        {running && rate > 0 && <span>{formatBytes(rate)}/s</span>}
        {running && left >= 0 && <span>{formatEta(left)}</span>}
        {!running && s.finishedAt !== null && <span>in {Math.max(0.1, (s.finishedAt - s.startedAt) / 1000).toFixed(1)} s</span>}
      </p>
      {!running && (
        <p className="import-summary" data-testid="import-summary" role="status">
          <span className="sum-ok">{s.imported} imported</span>
          <span className="sum-dup">{s.duplicates} already in library</span>
          <span className={s.failed ? 'sum-failed' : 'sum-zero'}>{s.failed} failed</span>
          {s.cancelled > 0 && <span className="sum-cancelled">{s.cancelled} cancelled</span>}
        </p>
      )}
      {!running && failures.length > 0 && (
        <ul className="import-failures">
          {failures.map((f) => (
            <li key={f.key}>
              <strong>{f.name}</strong>: {f.error ?? 'failed'}
            </li>
          ))}
        </ul>
      )}
      {open && (
        <ul className="import-files" aria-label="Files">
          {/* A folder of thousands would flood the panel: the first ones show, the rest are counted. */}
          {s.files.slice(0, 200).map((f) => (
            <FileRow key={f.key} f={f} />
          ))}
          {s.files.length > 200 && <li className="muted import-more">and {(s.files.length - 200).toLocaleString()} more</li>}
        </ul>
      )}
      {running && (
        <footer className="import-foot">
          {s.current && <span className="muted import-current">{s.current}</span>}
          <button type="button" className="btn btn-small" onClick={() => void useImportStore.getState().cancel(s.id)}>
            Cancel
          </button>
        </footer>
      )}
    </section>
  );
}

/** The import progress panel, bottom right: one section per import, live, with a summary at the end. */
export function ImportPanel() {
  const sessions = useImportStore(selectSessions);
  const running = sessions.some((s) => s.state === 'running');
  // Re-render every half second while running, so the rate and time left move during a stall too.
  const [, tick] = useState(0);
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => tick((n) => n + 1), 500);
    return () => clearInterval(t);
  }, [running]);
  if (sessions.length === 0) return null;
  return (
    <div className="import-panel" aria-live="polite">
      {sessions.map((s) => (
        <Session key={s.id} s={s} />
      ))}
    </div>
  );
}
