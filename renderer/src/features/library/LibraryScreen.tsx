import { useEffect, type ReactNode } from 'react';
import type { VerifyProblem } from '../../../../shared/models';
import { Icon } from '../../components/Icon';
import { formatBytes, relativeTime } from '../../components/format';
import { ipc } from '../../lib/ipc';
import { selectInfo, useShellStore } from '../../app/shell-store';
import { selectBackup, selectRepair, selectVerify, useLibraryStore } from './library-store';
import './library.css';

const PROBLEM_LABEL: Record<VerifyProblem['kind'], string> = {
  integrity: 'Catalog damaged',
  'missing-blob': 'Stored file missing',
  'size-mismatch': 'Wrong size',
  'hash-mismatch': 'Content damaged',
  'stray-file': 'Stray file',
  'stray-folder': 'Stray folder',
  'remote-missing': 'Missing in the bucket',
  'remote-damaged': 'Damaged in the bucket',
  'remote-unreachable': 'Bucket not reachable',
};

function Progress({ running, done, total, label }: { running: boolean; done: number; total: number; label: string }) {
  if (!running) return null;
  return (
    <div className="lib-progress" role="status" aria-live="polite">
      {total > 0 ? <progress max={total} value={done} aria-label={label} /> : <progress aria-label={label} />}
      <span className="muted">{total > 0 ? `${done.toLocaleString()} of ${total.toLocaleString()}` : 'Working…'}</span>
    </div>
  );
}

function Card({ title, lead, actions, children, testId }: { title: string; lead: ReactNode; actions: ReactNode; children?: ReactNode; testId: string }) {
  return (
    <section className="lib-card" aria-labelledby={`${testId}-title`} data-testid={testId}>
      <div className="lib-card-head">
        <div>
          <h2 id={`${testId}-title`}>{title}</h2>
          <p className="muted">{lead}</p>
        </div>
        <div className="lib-actions">{actions}</div>
      </div>
      {children}
    </section>
  );
}

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
const when = (iso: string | null) => (iso ? <span className="muted"> · {relativeTime(iso)}</span> : null);

export function LibraryScreen() {
  const info = useShellStore(selectInfo);
  const verify = useLibraryStore(selectVerify);
  const repair = useLibraryStore(selectRepair);
  const backup = useLibraryStore(selectBackup);
  const { runVerify, runRepair, runBackup } = useLibraryStore.getState();
  const busy = verify.running || repair.running || backup.running;
  const desktop = ipc.host === 'desktop';

  useEffect(() => useLibraryStore.getState().startSync(), []);

  return (
    <section className="page library" aria-labelledby="library-title" data-testid="library-screen">
      <header className="page-header">
        <div>
          <h1 id="library-title">Library</h1>
          <p className="page-subtitle">
            <code>{info?.libraryDir ?? '…'}</code> · Reelvault {info?.version ?? ''}
          </p>
        </div>
      </header>

      <Card
        testId="lib-verify"
        title="Verify"
        lead="Checks the catalog and that every stored file is there at its size. A full check also re-reads every file and compares its hash (slower)."
        actions={
          <>
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void runVerify(false)}>
              Verify
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => void runVerify(true)}>
              Full check
            </button>
          </>
        }
      >
        <Progress {...verify} label="Verifying" />
        {verify.result && (
          <div className={`lib-result ${verify.result.ok ? 'is-ok' : 'is-bad'}`} data-testid="verify-result">
            <Icon name={verify.result.ok ? 'check' : 'alert'} />
            <div>
              <strong>{verify.result.ok ? 'All good' : `${verify.result.problems.length} problem${verify.result.problems.length === 1 ? '' : 's'} found`}</strong>
              <span className="muted">
                {' '}
                · {verify.result.checkedBlobs.toLocaleString()} stored file{verify.result.checkedBlobs === 1 ? '' : 's'} checked{verify.result.full ? ' (full: hashes re-read)' : ''}
              </span>
              {when(verify.finishedAt)}
              {verify.result.problems.length > 0 && (
                <ul className="lib-problems">
                  {verify.result.problems.slice(0, 200).map((p, i) => (
                    <li key={i}>
                      <span className="lib-problem-kind">{PROBLEM_LABEL[p.kind] ?? p.kind}</span> <code>{p.item}</code> <span className="muted">{p.detail}</span>
                    </li>
                  ))}
                  {verify.result.problems.length > 200 && <li className="muted">…and {verify.result.problems.length - 200} more (reelvault verify --json lists all)</li>}
                </ul>
              )}
              {!verify.result.ok && <p className="muted">Repair below re-links what it can and marks what is gone; it never deletes.</p>}
            </div>
          </div>
        )}
      </Card>

      <Card
        testId="lib-repair"
        title="Repair"
        lead="Re-links stored files found again, moves damaged ones to quarantine, marks assets and renders whose content is gone. Nothing is deleted."
        actions={
          <button type="button" className="btn" disabled={busy} onClick={() => void runRepair()}>
            Repair
          </button>
        }
      >
        <Progress {...repair} label="Repairing" />
        {repair.result && (
          <div className="lib-result is-ok" data-testid="repair-result">
            <Icon name="check" />
            <div>
              <strong>Repair finished</strong>
              {when(repair.finishedAt)}
              <ul className="lib-facts">
                <li>{repair.result.relinked} re-linked</li>
                <li>{repair.result.quarantined.length} quarantined</li>
                <li>
                  {plural(repair.result.assetsMissing, 'asset')} and {plural(repair.result.rendersMissing, 'render')} marked missing
                </li>
                <li>{repair.result.checkpointsDamaged} damaged checkpoints</li>
                {repair.result.reuploaded !== undefined && <li>{repair.result.reuploaded} uploaded to the bucket again</li>}
              </ul>
            </div>
          </div>
        )}
      </Card>

      <Card
        testId="lib-backup"
        title="Back up"
        lead={
          <>
            An incremental copy of the library, safe while the app runs: only what the backup does not have yet is copied. Into <code data-testid="backup-dir">{info?.backupDir ?? '…'}</code>
            {desktop ? ', or a folder you choose.' : '.'}
          </>
        }
        actions={
          <>
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void runBackup(false)}>
              Back up now
            </button>
            {desktop && (
              <button type="button" className="btn" disabled={busy} onClick={() => void runBackup(true)}>
                Back up to folder…
              </button>
            )}
          </>
        }
      >
        <Progress {...backup} label="Backing up" />
        {backup.result && (
          <div className={`lib-result ${backup.result.missing.length ? 'is-bad' : 'is-ok'}`} data-testid="backup-result">
            <Icon name={backup.result.missing.length ? 'alert' : 'check'} />
            <div>
              <strong>Backed up</strong> into <code>{backup.result.dir}</code>
              {when(backup.finishedAt)}
              <ul className="lib-facts">
                <li>
                  {backup.result.blobsCopied.toLocaleString()} stored file{backup.result.blobsCopied === 1 ? '' : 's'} copied ({formatBytes(backup.result.bytesCopied)}), {backup.result.blobsSkipped.toLocaleString()} already there
                </li>
                <li>{backup.result.workspaceFilesCopied.toLocaleString()} workspace files copied</li>
                {backup.result.missing.length > 0 && <li>{plural(backup.result.missing.length, 'stored file')} the catalog names not in the library (missing or quarantined: see Verify)</li>}
                {backup.result.remoteSkipped && <li>Bucket part skipped: {backup.result.remoteSkipped}</li>}
              </ul>
              <p className="muted">
                Restore it with <code>reelvault restore-backup {backup.result.dir} &lt;new library folder&gt;</code>.
              </p>
            </div>
          </div>
        )}
      </Card>
    </section>
  );
}
