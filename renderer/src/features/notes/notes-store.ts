import { create } from 'zustand';
import type { NotesExportFormat, ReviewNote } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { toast } from '../../lib/notify';
import { invalidateChannel, useChannel } from '../../lib/query';

/** What a notes list is about: a render (frames) or a checkpoint (the whole of it). */
export type NotesTarget = { renderId: string } | { checkpointId: string };

interface NotesState {
  add(t: NotesTarget, body: string, frames?: { from: number; to: number }): Promise<boolean>;
  /** Rewrites a note's text; false (with a toast) when the host refused, so the editor stays open with the draft. */
  update(t: NotesTarget, id: string, body: string): Promise<boolean>;
  remove(t: NotesTarget, id: string): Promise<void>;
  /** Saves the notes as a file: a download in the browser and in the desktop app alike (text, never a path). */
  exportFile(t: NotesTarget, format: NotesExportFormat): Promise<void>;
}

/**
 * The notes of a render or checkpoint, from the one server-state cache (lib/query.ts): every panel on the
 * same target shares one read, kept current by library.changed (a note changes its render's or checkpoint's
 * project).
 */
export function useNotes(t: NotesTarget): ReviewNote[] {
  const input = 'renderId' in t ? { renderId: t.renderId } : { checkpointId: t.checkpointId };
  return useChannel('notes.list', input, { toastErrors: true }).data ?? EMPTY;
}

const refetch = (t: NotesTarget) => invalidateChannel('notes.list', 'renderId' in t ? { renderId: t.renderId } : { checkpointId: t.checkpointId });

/** Writes and exports only: the notes themselves live in the cache. */
export const useNotesStore = create<NotesState>()(() => ({
  async add(t, body, frames) {
    try {
      if ('renderId' in t) await ipc.invoke('notes.add', { renderId: t.renderId, body, ...(frames ? { frameFrom: frames.from, frameTo: frames.to } : {}) });
      else await ipc.invoke('notes.add', { checkpointId: t.checkpointId, body });
      await refetch(t);
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async update(t, id, body) {
    try {
      await ipc.invoke('notes.update', { id, body });
      await refetch(t);
      return true;
    } catch (err) {
      toast.error(err);
      return false;
    }
  },

  async remove(t, id) {
    try {
      await ipc.invoke('notes.delete', { id });
      await refetch(t);
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
}));

const EMPTY: ReviewNote[] = [];
