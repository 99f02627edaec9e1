import { create } from 'zustand';
import { IpcError } from '../../lib/ipc';

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  message: string;
  /** An action offered with the toast, e.g. Undo after a delete. */
  action?: { label: string; run: () => void };
}

interface ToastsState {
  toasts: Toast[];
  push(t: Omit<Toast, 'id'>): number;
  dismiss(id: number): void;
}

let next = 1;

/** Every feature reports through here; nothing fails silently. */
export const useToasts = create<ToastsState>((set, get) => ({
  toasts: [],
  push(t) {
    const id = next++;
    set({ toasts: [...get().toasts, { ...t, id }] });
    setTimeout(() => get().dismiss(id), t.kind === 'error' ? 8000 : t.action ? 7000 : 4000);
    return id;
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((x) => x.id !== id) });
  },
}));

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

export const toast = {
  info: (message: string, action?: Toast['action']) => useToasts.getState().push({ kind: 'info', message, ...(action ? { action } : {}) }),
  success: (message: string, action?: Toast['action']) => useToasts.getState().push({ kind: 'success', message, ...(action ? { action } : {}) }),
  /** Shows any thrown value; contract errors read "Code words: message". */
  error: (err: unknown) => {
    const message = err instanceof IpcError ? `${CODE_WORDS[err.code] ?? err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
    return useToasts.getState().push({ kind: 'error', message });
  },
};
