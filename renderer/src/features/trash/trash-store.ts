import { create } from 'zustand';
import type { TrashItem } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { toast } from '../../lib/notify';

export type TrashFilter = 'all' | TrashItem['kind'];

interface TrashState {
  items: TrashItem[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  filter: TrashFilter;
  /** Ids ticked for Restore / Delete forever. */
  picked: Record<string, true>;
  busy: boolean;
  load(): Promise<void>;
  setFilter(f: TrashFilter): void;
  toggle(id: string, on?: boolean): void;
  pickAll(ids: string[], on: boolean): void;
  restore(ids: string[]): Promise<boolean>;
  /** Deletes for good: the given ids, or everything in the trash. */
  purge(ids?: string[]): Promise<boolean>;
  startSync(): () => void;
}

const noun = (n: number) => `${n} item${n === 1 ? '' : 's'}`;

/** The Trash screen: what the caller deleted, restored or deleted for good from here. */
export const useTrashStore = create<TrashState>()((set, get) => ({
  items: [],
  status: 'idle',
  filter: 'all',
  picked: {},
  busy: false,

  async load() {
    if (get().status === 'idle') set({ status: 'loading' });
    try {
      const items = await ipc.invoke('trash.list', {});
      // Ticks on items that went away (restored elsewhere) go with them.
      const ids = new Set(items.map((i) => i.id));
      const picked = Object.fromEntries(Object.keys(get().picked).filter((id) => ids.has(id)).map((id) => [id, true as const]));
      set({ items, status: 'ready', picked });
    } catch (err) {
      set({ status: 'error' });
      toast.error(err);
    }
  },

  setFilter(filter) {
    set({ filter, picked: {} });
  },

  toggle(id, on) {
    set((s) => {
      const picked = { ...s.picked };
      if (on ?? !picked[id]) picked[id] = true;
      else delete picked[id];
      return { picked };
    });
  },

  pickAll(ids, on) {
    set({ picked: on ? Object.fromEntries(ids.map((id) => [id, true as const])) : {} });
  },

  async restore(ids) {
    if (ids.length === 0) return false;
    set({ busy: true });
    try {
      await ipc.invoke('trash.restore', { ids });
      const names = get().items.filter((i) => ids.includes(i.id));
      toast.success(ids.length === 1 && names[0] ? `Restored “${names[0].name}”` : `Restored ${noun(ids.length)}`);
      await get().load();
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    } finally {
      set({ busy: false });
    }
  },

  async purge(ids) {
    set({ busy: true });
    try {
      const { removed } = await ipc.invoke('trash.empty', ids ? { ids } : {});
      toast.success(`Deleted ${noun(removed)} for good`);
      await get().load();
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    } finally {
      set({ busy: false });
    }
  },

  startSync() {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return ipc.on('library.changed', (e) => {
      // Deletes arrive as their own kind (projects, assets, renders) as well as trash.
      if (e.kind === 'files' || e.kind === 'checkpoints') return;
      clearTimeout(timer);
      timer = setTimeout(() => void get().load(), 150);
    });
  },
}));

export const selectTrashItems = (s: TrashState) => s.items;
export const selectTrashStatus = (s: TrashState) => s.status;
export const selectTrashFilter = (s: TrashState) => s.filter;
export const selectTrashPicked = (s: TrashState) => s.picked;
export const selectTrashBusy = (s: TrashState) => s.busy;
