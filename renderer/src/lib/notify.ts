/**
 * Notifications: the one place features report to the person using the app (nothing fails
 * silently). A small service rather than a feature store, so every store and component may import
 * it without stores importing each other (house rule 7). The Toasts component renders its list.
 *
 * A toast goes away by itself after a while; its timer stops while the pointer is over it or it has
 * focus (someone reading it, or reaching for its Undo), and runs on with what was left afterwards.
 */
import { IpcError } from './ipc';

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  message: string;
  /** An action offered with the toast, e.g. Undo after a delete. */
  action?: { label: string; run: () => void };
}

/** How long each kind stays up, in ms: errors longest, one offering an action longer than a plain one. */
export function lifetime(t: Pick<Toast, 'kind' | 'action'>): number {
  return t.kind === 'error' ? 8000 : t.action ? 7000 : 4000;
}

interface Timer {
  remaining: number;
  startedAt: number;
  handle: ReturnType<typeof setTimeout> | null;
  /** Why it is held: hovered, focused (either keeps it up). */
  holds: Set<'hover' | 'focus'>;
}

let toasts: readonly Toast[] = [];
let next = 1;
const timers = new Map<number, Timer>();
const listeners = new Set<() => void>();

function publish(list: readonly Toast[]): void {
  toasts = list;
  for (const l of [...listeners]) l();
}

function run(id: number, t: Timer): void {
  t.startedAt = Date.now();
  t.handle = setTimeout(() => dismiss(id), t.remaining);
}

function push(t: Omit<Toast, 'id'>): number {
  const id = next++;
  publish([...toasts, { ...t, id }]);
  const timer: Timer = { remaining: lifetime(t), startedAt: 0, handle: null, holds: new Set() };
  timers.set(id, timer);
  run(id, timer);
  return id;
}

function dismiss(id: number): void {
  const t = timers.get(id);
  if (t?.handle) clearTimeout(t.handle);
  timers.delete(id);
  if (toasts.some((x) => x.id === id)) publish(toasts.filter((x) => x.id !== id));
}

/** Words for a contract error code, ahead of the host's message. */
const CODE_WORDS: Record<string, string> = {
  NOT_FOUND: 'Not found',
  INVALID_INPUT: 'Check the input',
  CONFLICT: 'Conflict',
  FORBIDDEN: 'Not allowed',
  IO: 'Disk problem',
  INTERNAL: 'Something went wrong',
  OFFLINE: 'Not available offline',
};

/** Any thrown value in words; contract errors read "Code words: message". */
export function errorMessage(err: unknown): string {
  return err instanceof IpcError ? `${CODE_WORDS[err.code] ?? err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
}

export const toast = {
  info: (message: string, action?: Toast['action']) => push({ kind: 'info', message, ...(action ? { action } : {}) }),
  success: (message: string, action?: Toast['action']) => push({ kind: 'success', message, ...(action ? { action } : {}) }),
  /** Shows any thrown value; contract errors read "Code words: message". */
  error: (err: unknown) => push({ kind: 'error', message: errorMessage(err) }),
};

/** What the Toasts component needs: the list, dismissing, and holding a toast's timer. */
export const notifications = {
  list: (): readonly Toast[] => toasts,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
  dismiss,
  /** Stops a toast's timer (pointer over it, or focus inside it). */
  hold(id: number, why: 'hover' | 'focus'): void {
    const t = timers.get(id);
    if (!t) return;
    t.holds.add(why);
    if (!t.handle) return;
    clearTimeout(t.handle);
    t.handle = null;
    t.remaining = Math.max(0, t.remaining - (Date.now() - t.startedAt));
  },
  /** Lets the timer run on with what was left, once nothing holds it. */
  release(id: number, why: 'hover' | 'focus'): void {
    const t = timers.get(id);
    if (!t) return;
    t.holds.delete(why);
    // A moment at least, so a toast does not vanish the instant the pointer leaves it.
    if (t.holds.size === 0 && !t.handle) {
      t.remaining = Math.max(t.remaining, 1000);
      run(id, t);
    }
  },
  /** Tests: no toasts, no timers. */
  clear(): void {
    for (const t of timers.values()) if (t.handle) clearTimeout(t.handle);
    timers.clear();
    publish([]);
  },
};
