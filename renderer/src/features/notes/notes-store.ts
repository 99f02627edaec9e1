import { create } from 'zustand';
import type { NotesExportFormat, ReviewNote } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { toast } from '../../lib/notify';

/** What a notes list is about: a render (frames) or a checkpoint (the whole of it). */
export type NotesTarget = { renderId: string } | { checkpointId: string };

const keyOf = (t: NotesTarget) => ('renderId' in t ? t.renderId : t.checkpointId);

interface NotesState {
  /** Notes by render or checkpoint id, as last loaded. */
  byTarget: Record<string, ReviewNote[]>;
  load(t: NotesTarget): Promise<void>;
  add(t: NotesTarget, body: string, frames?: { from: number; to: number }): Promise<boolean>;
  remove(t: NotesTarget, id: string): Promise<void>;
  /** Saves the notes as a file: a download in the browser and in the desktop app alike (text, never a path). */
  exportFile(t: NotesTarget, format: NotesExportFormat): Promise<void>;
  /** Reloads what is shown when the library says notes (or renders) of a project changed. */
  startSync(t: NotesTarget): () => void;
}

export const useNotesStore = create<NotesState>()((set, get) => ({
  byTarget: {},

  async load(t) {
    try {
      const notes = await ipc.invoke('notes.list', t);
      set((s) => ({ byTarget: { ...s.byTarget, [keyOf(t)]: notes } }));
    } catch (err) {
      toast.error(err);
    }
  },

  async add(t, body, frames) {
    try {
      if ('renderId' in t) await ipc.invoke('notes.add', { renderId: t.renderId, body, ...(frames ? { frameFrom: frames.from, frameTo: frames.to } : {}) });
      else await ipc.invoke('notes.add', { checkpointId: t.checkpointId, body });
      await get().load(t);
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async remove(t, id) {
    try {
      await ipc.invoke('notes.delete', { id });
      await get().load(t);
    } catch (err) {
      toast.error(err);
    }
  },

  async exportFile(t, format) {
    try {
      const file = await ipc.invoke('notes.export', { ...t, format });
      const url = URL.createObjectURL(new Blob([file.text], { type: `${file.mime};charset=utf-8` }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.fileName;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      toast.success(`Exported ${file.count} note${file.count === 1 ? '' : 's'} as ${file.fileName}`);
    } catch (err) {
      toast.error(err);
    }
  },

  startSync(t) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = ipc.on('library.changed', (e) => {
      if (e.kind !== 'renders' && e.kind !== 'checkpoints') return;
      clearTimeout(timer);
      timer = setTimeout(() => void get().load(t), 150);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  },
}));

const EMPTY: ReviewNote[] = [];
export const selectNotes = (t: NotesTarget) => (s: NotesState) => s.byTarget[keyOf(t)] ?? EMPTY;
