import type { UploadJob } from '../../../../shared/contract';
import { Icon } from '../../components/Icon';
import { formatBytes } from '../../components/format';
import { useJobsStore } from './jobs-store';
import { fetchText, formatRate, nextTry, outboxText, timeLeft, uploadSummary } from './upload-text';

const STATE_LABEL: Record<UploadJob['state'], string> = { idle: 'Waiting', uploading: 'Uploading', paused: 'Paused', offline: 'Offline' };

/** The status bar's part for the upload: what is not in the bucket yet, the rate, offline or paused. */
export function UploadStatus({ u, open, onToggle }: { u: UploadJob; open: boolean; onToggle(): void }) {
  const done = u.outboxBlobs === 0 && u.state !== 'paused';
  const text = uploadSummary(u);
  return (
    <button
      type="button"
      className={`jobs-indicator upload-status is-${done ? 'done' : u.state}`}
      aria-haspopup="dialog"
      aria-expanded={open}
      aria-label={`Upload to ${u.url}: ${text}${u.outboxBlobs ? `, ${outboxText(u)} not yet in the bucket` : ''}`}
      title={`Upload to ${u.url}`}
      data-testid="upload-status"
      onClick={onToggle}
    >
      {u.state === 'uploading' ? <Icon name="upload" size={13} /> : <Icon name={u.state === 'offline' ? 'cloudOff' : 'cloud'} size={13} />}
      <span data-testid="upload-status-text">{text}</span>
    </button>
  );
}

/** The upload in the jobs panel: progress of this run, bytes/s, what is left, why it waits; pause, resume, retry now. */
export function UploadJobSection({ u }: { u: UploadJob }) {
  const s = useJobsStore.getState();
  const p = u.progress;
  const pct = p && p.bytesTotal > 0 ? Math.min(100, Math.round((p.bytesDone / p.bytesTotal) * 100)) : null;
  const left = timeLeft(u.leftBytes, u.bytesPerSecond);
  const retry = nextTry(u.nextTryMs);
  const waiting = u.outboxBlobs > 0;
  return (
    <section className="jobs-group upload-job" aria-label="Upload to the bucket" data-testid="upload-job">
      <h3>
        Upload <span className={`upload-state is-${u.state}`}>{STATE_LABEL[u.state]}</span>
      </h3>
      <div className={`job is-${u.state}`}>
        <div className="job-line">
          <span className="job-name" title={u.url}>
            {u.url}
          </span>
          <span className="job-kind muted" data-testid="upload-job-left">
            {waiting ? `${outboxText(u)} not yet in the bucket` : 'Everything is in the bucket'}
            {u.state === 'uploading' && u.bytesPerSecond > 0 ? ` · ${formatRate(u.bytesPerSecond)}` : ''}
            {u.state === 'uploading' && left ? ` · ${left} left` : ''}
          </span>
        </div>
        {u.state === 'uploading' && (
          <div className="bar bar-thin" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined} aria-label="Upload progress">
            <span className={pct === null ? 'is-indeterminate' : ''} style={pct === null ? undefined : { width: `${pct}%` }} />
          </div>
        )}
        {u.fetching && (
          <>
            <p className="job-detail" data-testid="upload-job-fetching">
              Fetching back from the bucket: {fetchText(u.fetching)}
            </p>
            <div className="bar bar-thin" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={u.fetching.bytesTotal > 0 ? Math.min(100, Math.round((u.fetching.bytesDone / u.fetching.bytesTotal) * 100)) : undefined} aria-label="Fetch progress">
              <span style={{ width: `${u.fetching.bytesTotal > 0 ? Math.min(100, (u.fetching.bytesDone / u.fetching.bytesTotal) * 100) : 0}%` }} />
            </div>
          </>
        )}
        {u.state === 'uploading' && p && (
          <p className="job-detail muted">
            {p.filesDone} of {p.filesTotal} · {formatBytes(p.bytesDone)} of {formatBytes(p.bytesTotal)}
          </p>
        )}
        {waiting && u.state !== 'uploading' && u.lastError && (
          <p className={`job-error${u.state === 'offline' ? ' is-offline' : ''}`} data-testid="upload-job-error">
            {u.state === 'offline' ? 'The bucket cannot be reached; nothing is lost, the files wait here.' : u.lastError}
            {retry && u.state !== 'paused' ? ` ${retry}` : ''}
          </p>
        )}
        <div className="job-actions">
          {u.state === 'paused' ? (
            <button type="button" className="btn btn-small btn-primary" onClick={() => void s.resumeUpload()}>
              Resume
            </button>
          ) : (
            <>
              {waiting && u.lastError && (
                // Kept in place (aria-disabled, not removed or `disabled`) while a try runs: offline, the
                // outbox tries again every few seconds, and a button that left the page each time took a
                // keyboard user's focus with it.
                <button
                  type="button"
                  className="btn btn-small"
                  aria-disabled={u.state === 'uploading' ? 'true' : undefined}
                  title={u.state === 'uploading' ? 'Trying now…' : undefined}
                  onClick={() => {
                    if (u.state !== 'uploading') void s.retryUpload();
                  }}
                >
                  Retry now
                </button>
              )}
              <button type="button" className="btn btn-small" onClick={() => void s.pauseUpload()}>
                Pause
              </button>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
