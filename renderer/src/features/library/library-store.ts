import { create } from 'zustand';
import type { LibraryProgressEvent } from '../../../../shared/contract';
import type { BackupReport, RepairReport, VerifyReport } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { toast } from '../../lib/notify';

export type Task = LibraryProgressEvent['task'];

interface TaskState<R> {
  running: boolean;
  done: number;
  total: number;
  result: R | null;
  error: string | null;
  finishedAt: string | null;
}

const idle = <R,>(): TaskState<R> => ({ running: false, done: 0, total: 0, result: null, error: null, finishedAt: null });

interface LibraryState {
  verify: TaskState<VerifyReport>;
  repair: TaskState<RepairReport>;
  backup: TaskState<BackupReport>;
  runVerify(full: boolean): Promise<void>;
  runRepair(): Promise<void>;
  /** Into the host's own backup folder, or (desktop) a folder picked in a native dialog. */
  runBackup(choose: boolean): Promise<void>;
  startSync(): () => void;
}

/** The Library screen: verify, repair and back up, each with its progress and last result. */
export const useLibraryStore = create<LibraryState>()((set, get) => {
  async function run<K extends Task>(task: K, call: () => Promise<LibraryState[K]['result']>): Promise<void> {
    if (get()[task].running) return;
    set({ [task]: { ...idle(), running: true } } as Partial<LibraryState>);
    try {
      const result = await call();
      set({ [task]: { ...get()[task], running: false, result, error: null, finishedAt: new Date().toISOString() } } as Partial<LibraryState>);
    } catch (err) {
      set({ [task]: { ...get()[task], running: false, result: null, error: (err as Error).message, finishedAt: new Date().toISOString() } } as Partial<LibraryState>);
      toast.error(err);
    }
  }
  return {
    verify: idle(),
    repair: idle(),
    backup: idle(),
    runVerify: (full) => run('verify', () => ipc.invoke('library.verify', { full })),
    runRepair: () => run('repair', () => ipc.invoke('library.repair', {})),
    async runBackup(choose) {
      let dir: string | undefined;
      if (choose) {
        const picked = await ipc.invoke('desktop.chooseFolder', { title: 'Back up the library into…' }).catch((err: unknown) => (toast.error(err), null));
        if (!picked) return;
        dir = picked;
      }
      await run('backup', () => ipc.invoke('library.backup', dir ? { dir } : {}));
    },
    startSync() {
      return ipc.on('library.progress', (e) => {
        const cur = get()[e.task];
        if (!cur.running) return;
        set({ [e.task]: { ...cur, done: e.done, total: e.total } } as Partial<LibraryState>);
      });
    },
  };
});

export const selectVerify = (s: LibraryState) => s.verify;
export const selectRepair = (s: LibraryState) => s.repair;
export const selectBackup = (s: LibraryState) => s.backup;
