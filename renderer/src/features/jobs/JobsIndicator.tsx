import { useEffect, useRef } from 'react';
import { selectCounts, selectPanelOpen, selectPaused, selectUpload, useJobsStore } from './jobs-store';
import { JobsPanel } from './JobsPanel';
import { UploadStatus } from './UploadJob';
import './jobs.css';
import { actionFor } from '../../lib/actions';

/**
 * The status-bar buttons for background work: with a bucket, what is not uploaded yet (and the
 * rate, or offline, or paused); media work, quiet when nothing runs, a spinner and the count while
 * jobs run, the failed count in red. Both open the jobs panel.
 */
export function JobsIndicator() {
  const counts = useJobsStore(selectCounts);
  const paused = useJobsStore(selectPaused);
  const open = useJobsStore(selectPanelOpen);
  const upload = useJobsStore(selectUpload);
  const wrap = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const s = useJobsStore.getState();
    const stop = s.startSync();
    void s.load();
    return stop;
  }, []);

  // Clicking elsewhere or Escape closes the panel.
  useEffect(() => {
    if (!open) return;
    const down = (e: MouseEvent) => {
      if (wrap.current && !wrap.current.contains(e.target as Node)) useJobsStore.getState().setPanelOpen(false);
    };
    const key = (e: KeyboardEvent) => {
      if (!actionFor(e, ['app.close'])) return;
      // Focus inside the panel would be lost with it: it goes back to the button that opens it.
      const within = !!wrap.current?.contains(document.activeElement);
      useJobsStore.getState().setPanelOpen(false);
      if (within) wrap.current?.querySelector<HTMLButtonElement>('button[aria-haspopup]')?.focus();
    };
    window.addEventListener('mousedown', down);
    window.addEventListener('keydown', key);
    return () => {
      window.removeEventListener('mousedown', down);
      window.removeEventListener('keydown', key);
    };
  }, [open]);

  const active = counts.running + counts.queued;
  const label =
    active > 0
      ? `${counts.running} running${counts.queued ? `, ${counts.queued} queued` : ''}`
      : paused
        ? 'Media jobs paused'
        : 'Media jobs idle';
  return (
    <div className="jobs-indicator-wrap" ref={wrap}>
      {upload && <UploadStatus u={upload} open={open} onToggle={() => useJobsStore.getState().setPanelOpen(!open)} />}
      <button
        type="button"
        className={`jobs-indicator${active ? ' is-busy' : ''}${counts.failed ? ' has-failed' : ''}`}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={`Media jobs: ${label}${counts.failed ? `, ${counts.failed} failed` : ''}`}
        title="Media jobs (thumbnails, probes, filmstrips)"
        data-testid="jobs-indicator"
        onClick={() => useJobsStore.getState().setPanelOpen(!open)}
      >
        {active > 0 && !paused ? <span className="jobs-spinner" aria-hidden="true" /> : <span className={`jobs-dot${paused ? ' is-paused' : ''}`} aria-hidden="true" />}
        {active > 0 ? <span data-testid="jobs-running">{counts.running || counts.queued} {counts.running ? 'running' : 'queued'}</span> : <span className="jobs-quiet">{paused ? 'Paused' : 'Jobs'}</span>}
        {counts.failed > 0 && (
          <span className="jobs-failed-count" data-testid="jobs-failed-count">
            {counts.failed} failed
          </span>
        )}
      </button>
      {open && <JobsPanel />}
    </div>
  );
}
