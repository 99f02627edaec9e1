import { create } from 'zustand';
import type { TrashItem } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { cached, invalidateChannel, useChannel } from '../../lib/query';
import { toast } from '../../lib/notify';
import { whileBusy } from '../../lib/busy';

export type TrashFilter = 'all' | TrashItem['kind'];

/** The Trash screen's UI state; what is in the trash comes from the cache (useTrashItems). */
interface TrashState {
  filter: TrashFilter;
  /** Ids ticked for Restore / Delete forever. */
  picked: Record<string, true>;
  busy: boolean;
  setFilter(f: TrashFilter): void;
  toggle(id: string, on?: boolean): void;
  pickAll(ids: string[], on: boolean): void;
  restore(ids: string[]): Promise<boolean>;
  /** Deletes for good: the given ids, or everything in the trash. */
  purge(ids?: string[]): Promise<boolean>;
}

const noun = (n: number) => `${n} item${n === 1 ? '' : 's'}`;

/** The Trash screen: what the caller deleted, restored or deleted for good from here. */
export const useTrashStore = create<TrashState>()((set) => ({
  filter: 'all',
  picked: {},
  busy: false,

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
    return whileBusy(set, async () => {
      await ipc.invoke('trash.restore', { ids });
      const names = (cached('trash.list', {}) ?? []).filter((i) => ids.includes(i.id));
      toast.success(ids.length === 1 && names[0] ? `Restored “${names[0].name}”` : `Restored ${noun(ids.length)}`);
      await invalidateChannel('trash.list');
    });
  },

  purge(ids) {
    return whileBusy(set, async () => {
      const { removed } = await ipc.invoke('trash.empty', ids ? { ids } : {});
      toast.success(`Deleted ${noun(removed)} for good`);
      await invalidateChannel('trash.list');
    });
  },

}));

export const selectTrashFilter = (s: TrashState) => s.filter;
export const selectTrashPicked = (s: TrashState) => s.picked;
export const selectTrashBusy = (s: TrashState) => s.busy;

const NONE: TrashItem[] = [];

/** What is in the trash, from the cache; kept current by library.changed (deletes of every kind, restores). */
export function useTrashItems(): { items: TrashItem[]; status: 'loading' | 'ready' | 'error'; reload(): void } {
  const q = useChannel('trash.list', {}, { toastErrors: true });
  return { items: q.data ?? NONE, status: q.isPending ? 'loading' : q.isError && !q.data ? 'error' : 'ready', reload: () => void q.refetch() };
}
