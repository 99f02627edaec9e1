import type { ReactNode } from 'react';
import { jobSubject, selectCounts, selectJobs, selectPaused, selectUpload, useJobsStore, type JobView } from './jobs-store';
import { UploadJobSection } from './UploadJob';

const KIND_LABEL: Record<string, string> = { analyze: 'Thumbnails and probe', render: 'Render (Remotion)', compare: 'Frame comparison' };

function JobRow({ j }: { j: JobView }) {
  const s = useJobsStore.getState();
  const pct = j.progress !== undefined ? Math.round(j.progress * 100) : null;
  return (
    <li className={`job is-${j.state}`} data-testid="job-row">
      <div className="job-line">
        <span className="job-name" title={jobSubject(j)}>
          {jobSubject(j)}
        </span>
        <span className="job-kind muted">{KIND_LABEL[j.kind] ?? j.kind}</span>
      </div>
      {j.state === 'running' && (
        <div className="bar bar-thin" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined} aria-label={`Progress of ${jobSubject(j)}`}>
          <span className={pct === null ? 'is-indeterminate' : ''} style={pct === null ? undefined : { width: `${pct}%` }} />
        </div>
      )}
      {j.state === 'failed' && (
        <p className="job-error" data-testid="job-error">
          {j.error ?? 'failed'}
          {j.attempts > 1 ? ` (after ${j.attempts} tries)` : ''}
        </p>
      )}
      <div className="job-actions">
        {j.state === 'failed' ? (
          <>
            <button type="button" className="btn btn-small btn-primary" onClick={() => void s.retry(j.id)}>
              Retry
            </button>
            <button type="button" className="btn btn-small" onClick={() => void s.dismiss(j.id)}>
              Dismiss
            </button>
          </>
        ) : (
          <button type="button" className="btn btn-small" onClick={() => void s.cancel(j.id)}>
            Cancel
          </button>
        )}
      </div>
    </li>
  );
}

function Group({ title, jobs, total = jobs.length, empty, children }: { title: string; jobs: JobView[]; total?: number; empty?: string; children?: ReactNode }) {
  if (jobs.length === 0 && !empty) return null;
  // The host sends the first 100 of a group (counts() has the whole): the title says the whole.
  const shown = Math.min(jobs.length, 100);
  const more = Math.max(total, jobs.length) - shown;
  return (
    <section className="jobs-group" aria-label={title}>
      <h3>
        {title} <span className="muted">{Math.max(total, jobs.length)}</span>
        {children}
      </h3>
      {jobs.length === 0 ? (
        <p className="muted jobs-empty">{empty}</p>
      ) : (
        <ul>
          {/* A huge queue is summarised: the first ones are what will run next. */}
          {jobs.slice(0, 100).map((j) => (
            <JobRow key={j.id} j={j} />
          ))}
          {more > 0 && <li className="muted">and {more} more</li>}
        </ul>
      )}
    </section>
  );
}

/**
 * Background work: the upload to the library's bucket (when it has one) and the media jobs —
 * running with progress, queued, failed with the reason; pause, resume, cancel, retry.
 */
export function JobsPanel() {
  const jobs = useJobsStore(selectJobs);
  const upload = useJobsStore(selectUpload);
  const counts = useJobsStore(selectCounts);
  const paused = useJobsStore(selectPaused);
  const s = useJobsStore.getState();
  const running = jobs.filter((j) => j.state === 'running');
  const queued = jobs.filter((j) => j.state === 'queued').sort((a, b) => b.priority - a.priority || a.createdAt.localeCompare(b.createdAt));
  const failed = jobs.filter((j) => j.state === 'failed');
  const nothing = running.length + queued.length + failed.length === 0;
  // "Pause all" stops the upload too; it offers to resume once both are paused.
  const allPaused = paused && (!upload || upload.state === 'paused');
  return (
    <div className="jobs-panel" role="dialog" aria-label={upload ? 'Jobs' : 'Media jobs'} data-testid="jobs-panel">
      <header className="jobs-head">
        <h2>{upload ? 'Jobs' : 'Media jobs'}</h2>
        <span className="muted">
          {counts.running} running · {counts.queued} queued{counts.failed ? ` · ${counts.failed} failed` : ''}
          {paused ? ' · paused' : ''}
        </span>
        <button type="button" className="btn btn-small" onClick={() => void (allPaused ? s.resume() : s.pause())}>
          {allPaused ? 'Resume all' : 'Pause all'}
        </button>
        <button type="button" className="icon-button" aria-label={upload ? 'Close jobs' : 'Close media jobs'} onClick={() => s.setPanelOpen(false)}>
          ×
        </button>
      </header>
      <div className="jobs-body">
        {upload && <UploadJobSection u={upload} />}
        {upload && <h3 className="jobs-subhead">Media work</h3>}
        {nothing ? (
          <p className="muted jobs-empty">No media work right now. Imported videos, images and audio get their thumbnails here.</p>
        ) : (
          <>
            <Group title="Running" jobs={running} />
            <Group title="Queued" jobs={queued} total={counts.queued} />
            <Group title="Failed" jobs={failed} total={counts.failed}>
              {failed.length > 1 && (
                <>
                  <button type="button" className="btn btn-small" onClick={() => void s.retryAllFailed()}>
                    Retry all
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => void s.dismiss()}>
                    Dismiss all
                  </button>
                </>
              )}
            </Group>
          </>
        )}
      </div>
    </div>
  );
}
