import { create } from 'zustand';
import type { ImportProgressEvent } from '../../../../shared/contract';
import type { ImportResultItem } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { toast } from '../../lib/notify';

/** Uploads in flight at once from a browser: enough to hide latency, few enough to keep progress honest. */
const UPLOAD_CONCURRENCY = 3;
/** Rate is measured over the last few seconds, so a stall shows at once. */
const RATE_WINDOW_MS = 3000;

export type FileStatus = 'queued' | 'uploading' | 'imported' | 'duplicate' | 'failed' | 'cancelled';

export interface ImportFile {
  key: string;
  name: string;
  size: number;
  sent: number;
  status: FileStatus;
  error?: string;
}

export interface ImportSession {
  id: string;
  projectId: string | null;
  projectName: string | null;
  state: 'running' | 'done' | 'cancelled';
  startedAt: number;
  finishedAt: number | null;
  files: ImportFile[];
  filesTotal: number;
  filesDone: number;
  bytesTotal: number;
  bytesDone: number;
  current: string | null;
  /** (time, bytesDone) pairs of the last few seconds, for the rate. */
  samples: [number, number][];
  imported: number;
  duplicates: number;
  failed: number;
  /** Files a cancel stopped before they were stored: not "done", and said apart. */
  cancelled: number;
}

export interface ImportTarget {
  projectId?: string | undefined;
  projectName?: string | null | undefined;
}

interface ImportState {
  sessions: ImportSession[];
  /** Drops files (web: File objects to upload; desktop: their paths). */
  start(files: File[], target: ImportTarget): Promise<void>;
  cancel(id: string): Promise<void>;
  dismiss(id: string): void;
  startSync(): () => void;
}

const controllers = new Map<string, AbortController>();
const inflight = new Map<string, Set<string>>();
/** What the server said of each upload a cancel caught in flight, by upload id. */
const cancelReplies = new Map<string, Promise<{ cancelled: boolean; item?: ImportResultItem } | null>>();

function newImportId(): string {
  const rnd = Math.random().toString(36).slice(2, 10);
  return `imp-${Date.now().toString(36)}-${rnd}`;
}

function baseName(p: string): string {
  return p.split(/[\\/]/).filter(Boolean).pop() ?? p;
}

/** Done means stored (new or already there) or failed; a cancelled file is counted as cancelled, not done. */
function tally(files: ImportFile[]) {
  let imported = 0, duplicates = 0, failed = 0, cancelled = 0;
  for (const f of files) {
    if (f.status === 'imported') imported++;
    else if (f.status === 'duplicate') duplicates++;
    else if (f.status === 'failed') failed++;
    else if (f.status === 'cancelled') cancelled++;
  }
  return { imported, duplicates, failed, cancelled, done: imported + duplicates + failed };
}

export const useImportStore = create<ImportState>()((set, get) => {
  const update = (id: string, fn: (s: ImportSession) => Partial<ImportSession>) => {
    set({ sessions: get().sessions.map((s) => (s.id === id ? { ...s, ...fn(s) } : s)) });
  };
  const sample = (s: ImportSession, bytes: number): [number, number][] => {
    const now = performance.now();
    return [...s.samples.filter(([t]) => now - t <= RATE_WINDOW_MS), [now, bytes]];
  };
  const setFile = (id: string, key: string, patch: Partial<ImportFile>) =>
    update(id, (s) => {
      const files = s.files.map((f) => (f.key === key ? { ...f, ...patch } : f));
      const bytesDone = files.reduce((n, f) => n + f.sent, 0);
      const t = tally(files);
      return { files, bytesDone, samples: sample(s, bytesDone), filesDone: t.done, imported: t.imported, duplicates: t.duplicates, failed: t.failed, cancelled: t.cancelled };
    });
  const finish = (id: string, cancelled: boolean) => {
    update(id, () => ({ state: cancelled ? 'cancelled' : 'done', finishedAt: performance.now(), current: null }));
    const s = get().sessions.find((x) => x.id === id);
    controllers.delete(id);
    inflight.delete(id);
    if (!s) return;
    if (s.failed > 0) toast.error(new Error(`${s.failed} ${s.failed === 1 ? 'file' : 'files'} could not be imported: ${s.files.find((f) => f.status === 'failed')?.error ?? 'see the import panel'}`));
  };
  const applyResult = (id: string, key: string, item: ImportResultItem, size: number) =>
    setFile(id, key, { status: item.status, sent: size, ...(item.error ? { error: item.error } : {}) });

  async function uploadAll(session: ImportSession, files: File[], target: ImportTarget) {
    const controller = new AbortController();
    controllers.set(session.id, controller);
    const running = new Set<string>();
    inflight.set(session.id, running);
    let next = 0;
    const worker = async () => {
      while (next < files.length && !controller.signal.aborted) {
        const i = next++;
        const file = files[i] as File;
        const key = String(i);
        const importId = `${session.id}-${i}`;
        running.add(importId);
        setFile(session.id, key, { status: 'uploading' });
        update(session.id, () => ({ current: file.name }));
        try {
          const item = await ipc.upload(file, {
            importId,
            signal: controller.signal,
            ...(target.projectId ? { projectId: target.projectId } : {}),
            onProgress: (sent) => setFile(session.id, key, { sent: Math.min(sent, file.size) }),
          });
          applyResult(session.id, key, item, file.size);
        } catch (err) {
          if (!controller.signal.aborted) setFile(session.id, key, { status: 'failed', error: (err as Error).message, sent: file.size });
          else {
            // The request was cut by Cancel, but its bytes may all have been in and stored: the server's
            // reply to the cancel says which, so the panel never calls a stored file "cancelled".
            const reply = await cancelReplies.get(importId);
            if (reply?.item) applyResult(session.id, key, reply.item, file.size);
            else setFile(session.id, key, { status: 'cancelled', sent: 0 });
          }
        } finally {
          running.delete(importId);
          cancelReplies.delete(importId);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, files.length) }, worker));
    if (controller.signal.aborted) {
      update(session.id, (s) => {
        const files = s.files.map((f) => (f.status === 'queued' ? { ...f, status: 'cancelled' as const } : f));
        const t = tally(files);
        return { files, filesDone: t.done, cancelled: t.cancelled };
      });
    }
    finish(session.id, controller.signal.aborted);
  }

  async function importByPath(session: ImportSession, files: File[], target: ImportTarget) {
    const paths: string[] = [];
    const missing: string[] = [];
    for (const f of files) {
      const p = ipc.pathForFile(f);
      if (p) paths.push(p);
      else missing.push(f.name);
    }
    update(session.id, (s) => ({
      files: s.files.map((f) => (missing.includes(f.name) ? { ...f, status: 'failed' as const, error: 'not a file on disk' } : f)),
    }));
    if (paths.length === 0) return finish(session.id, false);
    try {
      const summary = await ipc.invoke('assets.importPaths', { paths, importId: session.id, ...(target.projectId ? { projectId: target.projectId } : {}) });
      const results: ImportFile[] = summary.items.map((it, i) => ({
        key: `r${i}`,
        name: baseName(it.source),
        size: it.asset?.size ?? 0,
        sent: it.asset?.size ?? 0,
        status: it.status,
        ...(it.error ? { error: it.error } : {}),
      }));
      const failedHere = get().sessions.find((s) => s.id === session.id)?.files.filter((f) => f.status === 'failed') ?? [];
      const all = [...results, ...failedHere];
      const t = tally(all);
      const cancelled = results.some((r) => r.error === 'cancelled');
      update(session.id, (s) => ({
        files: all,
        filesTotal: all.length,
        filesDone: t.done,
        bytesDone: t.cancelled ? s.bytesDone : Math.max(s.bytesDone, s.bytesTotal),
        imported: t.imported,
        duplicates: t.duplicates,
        failed: t.failed,
        cancelled: t.cancelled,
      }));
      finish(session.id, cancelled);
    } catch (err) {
      toast.error(err);
      update(session.id, (s) => ({ files: s.files.map((f) => (f.status === 'queued' ? { ...f, status: 'failed' as const, error: (err as Error).message } : f)), failed: s.files.length }));
      finish(session.id, false);
    }
  }

  return {
    sessions: [],

    async start(files, target) {
      if (files.length === 0) {
        toast.info('Nothing to import: the drop held no files');
        return;
      }
      const id = newImportId();
      const session: ImportSession = {
        id,
        projectId: target.projectId ?? null,
        projectName: target.projectName ?? null,
        state: 'running',
        startedAt: performance.now(),
        finishedAt: null,
        files: files.map((f, i) => ({ key: String(i), name: f.name, size: f.size, sent: 0, status: 'queued' })),
        filesTotal: files.length,
        filesDone: 0,
        bytesTotal: files.reduce((n, f) => n + f.size, 0),
        bytesDone: 0,
        current: null,
        samples: [[performance.now(), 0]],
        imported: 0,
        duplicates: 0,
        failed: 0,
        cancelled: 0,
      };
      // Finished imports make way for the new one; running ones stay visible.
      set({ sessions: [...get().sessions.filter((s) => s.state === 'running'), session] });
      if (ipc.host === 'web') await uploadAll(session, files, target);
      else await importByPath(session, files, target);
    },

    async cancel(id) {
      const s = get().sessions.find((x) => x.id === id);
      if (!s || s.state !== 'running') return;
      if (ipc.host === 'web') {
        // The server stops its side too (an upload it has not seen yet is refused when it comes), and
        // the aborted requests end their temp files. Each reply is kept for the upload's own ending.
        for (const importId of inflight.get(id) ?? []) cancelReplies.set(importId, ipc.invoke('assets.cancelImport', { importId }).catch(() => null));
        controllers.get(id)?.abort();
      } else {
        try {
          await ipc.invoke('assets.cancelImport', { importId: id });
        } catch (err) {
          toast.error(err);
        }
      }
    },

    dismiss(id) {
      set({ sessions: get().sessions.filter((s) => s.id !== id) });
    },

    startSync() {
      // Desktop imports report through import.progress; web uploads report from the browser itself.
      if (ipc.host === 'web') return () => undefined;
      return ipc.on('import.progress', (e: ImportProgressEvent) => {
        const s = get().sessions.find((x) => x.id === e.importId);
        if (!s) return;
        update(s.id, (cur) => ({
          filesTotal: Math.max(e.filesTotal, cur.failed),
          filesDone: e.filesDone,
          bytesTotal: e.bytesTotal,
          bytesDone: e.bytesDone,
          current: e.current ? baseName(e.current) : null,
          samples: sample(cur, e.bytesDone),
        }));
      });
    },
  };
});

/** Bytes per second over the last few seconds. */
export function rateOf(s: ImportSession): number {
  const first = s.samples[0];
  const last = s.samples[s.samples.length - 1];
  if (!first || !last || last[0] - first[0] < 250) {
    const elapsed = ((s.finishedAt ?? performance.now()) - s.startedAt) / 1000;
    return elapsed > 0 ? s.bytesDone / elapsed : 0;
  }
  return ((last[1] - first[1]) * 1000) / (last[0] - first[0]);
}

export const selectSessions = (s: ImportState) => s.sessions;
export const selectRunning = (s: ImportState) => s.sessions.some((x) => x.state === 'running');
