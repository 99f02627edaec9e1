import { useEffect, useMemo } from 'react';
import type { RenderJob } from '../../../../shared/render-models';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { selectDismissed, selectLog, selectRenderJobs, useRenderJobsStore, visibleJobs } from './render-jobs-store';
import './render-jobs.css';

function JobRow({ j }: { j: RenderJob }) {
  const s = useRenderJobsStore.getState();
  const pct = j.progress !== null ? Math.round(j.progress * 100) : null;
  const title = `${j.composition ?? 'Render'} · ${j.codec ?? ''}`;
  return (
    <li className={`rj-job is-${j.state}`} data-testid="render-job" data-state={j.state}>
      <div className="rj-job-line">
        <Icon name="film" size={14} />
        <span className="rj-job-name">{title}</span>
        <span className="rj-job-detail muted" data-testid="render-job-detail">
          {j.state === 'queued' ? 'Queued' : j.state === 'failed' ? (j.interrupted ? 'Interrupted' : 'Failed') : (j.detail ?? 'Starting')}
        </span>
        {(j.state === 'queued' || j.state === 'running') && (
          <button type="button" className="btn btn-small" onClick={() => void s.cancel(j.id)}>
            Cancel
          </button>
        )}
      </div>
      {j.state === 'running' && (
        <div className="bar" role="progressbar" aria-label={`Progress of ${title}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined}>
          <span className={pct === null ? 'is-indeterminate' : ''} style={pct === null ? undefined : { width: `${pct}%` }} />
        </div>
      )}
      {j.state === 'failed' && (
        <>
          <p className="rj-error" data-testid="render-job-error">
            {j.error ?? 'The render failed.'}
          </p>
          <div className="rj-job-actions">
            {j.logFile && (
              <button type="button" className="btn btn-small" onClick={() => void s.showLog(j.id)}>
                Show log
              </button>
            )}
            <button type="button" className="btn btn-small btn-primary" onClick={() => void s.retry(j.id)}>
              Retry
            </button>
            <button type="button" className="btn btn-small" onClick={() => s.dismiss(j.id)}>
              Dismiss
            </button>
          </div>
        </>
      )}
    </li>
  );
}

function LogDialog() {
  const log = useRenderJobsStore(selectLog);
  const close = useRenderJobsStore((s) => s.closeLog);
  return (
    <Dialog open={log !== null} title="Render log" onClose={close} wide testId="render-log">
      {log?.path && <p className="muted rj-log-path">Kept at {log.path}</p>}
      {log?.truncated && <p className="muted">The end of the log:</p>}
      <pre className="rj-log">{log?.text || 'The log is empty.'}</pre>
    </Dialog>
  );
}

/** A project's renders being made: progress and cancel while they run; why, the log and retry when one failed. */
export function RenderJobsList({ projectId }: { projectId: string }) {
  const all = useRenderJobsStore(selectRenderJobs);
  const dismissed = useRenderJobsStore(selectDismissed);
  const jobs = useMemo(() => visibleJobs(all, dismissed), [all, dismissed]);
  useEffect(() => {
    const s = useRenderJobsStore.getState();
    const stop = s.startSync();
    void s.load(projectId);
    return stop;
  }, [projectId]);
  return (
    <>
      {jobs.length > 0 && (
        <ul className="rj-jobs" aria-label="Renders in progress" data-testid="render-jobs">
          {jobs.map((j) => (
            <JobRow key={j.id} j={j} />
          ))}
        </ul>
      )}
      <LogDialog />
    </>
  );
}

/** "Render…": opens the Render dialog for the workspace or a checkpoint. */
export function RenderButton({ checkpointId, label, primary = false }: { checkpointId: string | null; label: string; primary?: boolean }) {
  return (
    <button type="button" className={`btn rj-render-btn${primary ? ' btn-primary' : ''}`} onClick={() => useRenderJobsStore.getState().openDialog(checkpointId, label)} data-testid="render-button">
      <Icon name="film" /> Render…
    </button>
  );
}
