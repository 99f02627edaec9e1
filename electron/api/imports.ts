import { randomUUID } from 'node:crypto';
import type { ImportProgress } from '../../shared/models.js';
import type { EventHub } from './events.js';

/** At most ten progress events per import per second reach the UI (the latest and the final one always do). */
const MIN_INTERVAL_MS = 100;

export interface RunningImport {
  id: string;
  signal: AbortSignal;
  progress(p: ImportProgress): void;
  /** Sends the last progress with done: true and forgets the import. */
  finish(): void;
}

/**
 * Imports in flight, by id, so `assets.cancelImport` can stop one whichever host started it (a
 * desktop path import or a web upload), and so their progress reaches the UI throttled.
 */
export class ImportRegistry {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly events: EventHub) {}

  start(requestedId?: string, onAbort?: () => void): RunningImport {
    const id = requestedId ?? randomUUID();
    this.running.get(id)?.abort();
    const controller = new AbortController();
    if (onAbort) controller.signal.addEventListener('abort', onAbort, { once: true });
    this.running.set(id, controller);
    let last = 0;
    let trailing: NodeJS.Timeout | undefined;
    let latest: ImportProgress = { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, current: null };
    const send = () => {
      trailing = undefined;
      last = Date.now();
      this.events.emit('import.progress', { ...latest, importId: id, done: false });
    };
    return {
      id,
      signal: controller.signal,
      progress: (p) => {
        latest = { ...p };
        const wait = MIN_INTERVAL_MS - (Date.now() - last);
        if (wait <= 0) send();
        // Within the interval, the latest state still goes out at its end: a stalled transfer shows where it stalled.
        else trailing ??= setTimeout(send, wait);
      },
      finish: () => {
        clearTimeout(trailing);
        if (this.running.get(id) === controller) this.running.delete(id);
        this.events.emit('import.progress', { ...latest, current: null, importId: id, done: true });
      },
    };
  }

  cancel(id: string): boolean {
    const c = this.running.get(id);
    if (!c) return false;
    this.running.delete(id);
    c.abort();
    return true;
  }

  cancelAll(): void {
    for (const id of [...this.running.keys()]) this.cancel(id);
  }
}
