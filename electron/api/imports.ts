import { randomUUID } from 'node:crypto';
import type { ImportProgress, ImportResultItem } from '../../shared/models.js';
import type { EventHub } from './events.js';

/** At most ten progress events per import per second reach the UI (the latest and the final one always do). */
const MIN_INTERVAL_MS = 100;
/** How many finished uploads, and cancels of imports not yet seen, are remembered for a late cancel. */
const REMEMBERED = 512;

export interface RunningImport {
  id: string;
  signal: AbortSignal;
  progress(p: ImportProgress): void;
  /**
   * Sends the last progress with done: true and forgets the import. An upload passes what it stored,
   * so a cancel that arrives after the commit can say so instead of "cancelled".
   */
  finish(stored?: ImportResultItem): void;
}

/** What a cancel found: stopped (nothing more will be stored), already stored (`item`), or nothing by that id. */
export interface CancelOutcome {
  cancelled: boolean;
  item?: ImportResultItem;
}

interface Running {
  controller: AbortController;
  settled: Promise<ImportResultItem | undefined>;
}

/**
 * Imports in flight, by id, so `assets.cancelImport` can stop one whichever host started it (a
 * desktop path import or a web upload), and so their progress reaches the UI throttled.
 *
 * A browser's cancel races its own uploads: the last bytes may be in and the commit under way, or the
 * request may not have reached the server yet. Neither may leave the UI saying "cancelled" about a
 * file that is in the library, so a cancel waits for a running import to settle and reports what it
 * stored, remembers recent finished uploads, and refuses an id it was asked to cancel before it began.
 */
export class ImportRegistry {
  private readonly running = new Map<string, Running>();
  private readonly finished = new Map<string, ImportResultItem>();
  private readonly refused = new Set<string>();

  constructor(private readonly events: EventHub) {}

  start(requestedId?: string, onAbort?: () => void): RunningImport {
    const id = requestedId ?? randomUUID();
    this.running.get(id)?.controller.abort();
    const controller = new AbortController();
    if (onAbort) controller.signal.addEventListener('abort', onAbort, { once: true });
    let settle: (item: ImportResultItem | undefined) => void = () => undefined;
    const entry: Running = { controller, settled: new Promise((resolve) => (settle = resolve)) };
    this.running.set(id, entry);
    this.finished.delete(id);
    // Cancelled before it arrived: it starts stopped, and stores nothing.
    if (this.refused.delete(id)) controller.abort();
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
      finish: (stored) => {
        clearTimeout(trailing);
        if (this.running.get(id) === entry) {
          this.running.delete(id);
          if (stored && stored.status !== 'failed') dropOldest(this.finished.set(id, stored));
        }
        settle(stored);
        this.events.emit('import.progress', { ...latest, current: null, importId: id, done: true });
      },
    };
  }

  /**
   * Stops the import by that id and says what came of it. A running one is aborted and awaited: if
   * its bytes were all in and it stored them anyway, the reply carries the stored item.
   */
  async cancel(id: string): Promise<CancelOutcome> {
    const r = this.running.get(id);
    if (r) {
      r.controller.abort();
      const item = await r.settled;
      return item && item.status !== 'failed' ? { cancelled: false, item } : { cancelled: true };
    }
    const item = this.finished.get(id);
    if (item) return { cancelled: false, item };
    dropOldest(this.refused.add(id));
    return { cancelled: false };
  }

  cancelAll(): void {
    for (const r of this.running.values()) r.controller.abort();
    this.running.clear();
  }
}

/** Keeps a remembered set or map at REMEMBERED entries: the oldest goes first. */
function dropOldest(c: Map<string, unknown> | Set<string>): void {
  if (c.size > REMEMBERED) c.delete(c.keys().next().value as string);
}
