/**
 * A system notification when long work finishes while the window is hidden (minimized, or closed to
 * the dock on macOS): an import, a batch of media work, a backup. Short work, or work finished
 * while the user is looking, notifies nobody. Plain Node: the host supplies how to notify and how to
 * tell whether the window is hidden, so the rules are tested without Electron.
 */
import type { ImportProgressEvent, JobProgressEvent } from '../../shared/contract.js';
import type { JobCounts } from '../../shared/models.js';

export interface NotifierDeps {
  isHidden(): boolean;
  notify(n: { title: string; body: string }): void;
  /** The media queue's counts now, to tell when a batch has drained. */
  mediaCounts(): JobCounts;
  now?: () => number;
  /** Work shorter than this never notifies (default 10 s). */
  minMs?: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export class LongWorkNotifier {
  private readonly imports = new Map<string, number>();
  private batch: { started: number; done: number; failed: number } | null = null;
  private readonly now: () => number;
  private readonly minMs: number;

  constructor(private readonly deps: NotifierDeps) {
    this.now = deps.now ?? Date.now;
    this.minMs = deps.minMs ?? 10_000;
  }

  private finished(started: number, title: string, body: string): void {
    if (this.now() - started < this.minMs || !this.deps.isHidden()) return;
    this.deps.notify({ title, body });
  }

  onImport(e: ImportProgressEvent): void {
    if (!this.imports.has(e.importId)) this.imports.set(e.importId, this.now());
    if (!e.done) return;
    const started = this.imports.get(e.importId) as number;
    this.imports.delete(e.importId);
    this.finished(started, 'Import finished', `${plural(e.filesDone, 'file')} of ${e.filesTotal.toLocaleString('en-US')} imported into the library.`);
  }

  onJob(e: JobProgressEvent): void {
    this.batch ??= { started: this.now(), done: 0, failed: 0 };
    if (e.state === 'done') this.batch.done++;
    else if (e.state === 'failed') this.batch.failed++;
    if (e.state === 'queued' || e.state === 'running') return;
    const c = this.deps.mediaCounts();
    if (c.running + c.queued > 0) return;
    const b = this.batch;
    this.batch = null;
    const body = `${plural(b.done, 'file')} got posters, filmstrips and waveforms${b.failed ? `; ${plural(b.failed, 'file')} could not be read (see the jobs panel)` : ''}.`;
    this.finished(b.started, 'Media work finished', body);
  }

  /** Other long work (a backup from the Library menu): started when `since` was taken. */
  onTask(since: number, title: string, body: string): void {
    this.finished(since, title, body);
  }
}
