import { create } from 'zustand';
import type { Input, LibraryInfo, RemoteInfo, UploadJob } from '../../../../shared/contract';
import { ipc } from '../../lib/ipc';
import { toast } from '../../lib/notify';

export type ConnectInput = Input<'remote.connect'>;

interface BucketState {
  /** The library's bucket (null: none connected). */
  info: RemoteInfo | null;
  /** Whether this host keeps keys typed here (the desktop app with a keychain), and why not. */
  keys: LibraryInfo['s3Keys'] | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  busy: boolean;
  load(): Promise<void>;
  /** Keeps the upload's part of the info live (the jobs.upload push event). */
  startSync(): () => void;
  connect(input: ConnectInput): Promise<boolean>;
  setBudget(bytes: number | null): Promise<void>;
  keepOffline(projectId: string, keep: boolean): Promise<void>;
}

/** The Settings screen's bucket section: connect, state, cache budget, keep offline. */
export const useBucketStore = create<BucketState>()((set, get) => {
  const run = async <T>(p: () => Promise<T>): Promise<T | undefined> => {
    set({ busy: true });
    try {
      return await p();
    } catch (err) {
      toast.error(err);
      return undefined;
    } finally {
      set({ busy: false });
    }
  };
  return {
    info: null,
    keys: null,
    status: 'idle',
    busy: false,

    async load() {
      if (get().status === 'idle') set({ status: 'loading' });
      try {
        const i = await ipc.invoke('library.info', {});
        set({ info: i.remote ?? null, keys: i.s3Keys ?? null, status: 'ready' });
      } catch (err) {
        set({ status: 'error' });
        toast.error(err);
      }
    },

    startSync() {
      return ipc.on('jobs.upload', (u: UploadJob) => {
        const info = get().info;
        if (!info || info.url !== u.url) return;
        set({ info: { ...info, sync: u.state, outboxBlobs: u.outboxBlobs, outboxBytes: u.outboxBytes, bytesPerSecond: u.bytesPerSecond, lastError: u.lastError } });
        // Uploads finished: what the bucket confirmed and the cache changed too.
        if (u.state === 'idle' && u.outboxBlobs === 0 && (info.outboxBlobs > 0 || info.sync === 'uploading')) void get().load();
      });
    },

    async connect(input) {
      const info = await run(() => ipc.invoke('remote.connect', input));
      if (!info) return false;
      set({ info });
      toast.success(`Connected ${info.url}`);
      return true;
    },

    async setBudget(bytes) {
      const info = await run(() => ipc.invoke('remote.setCacheBudget', { bytes }));
      if (info) set({ info });
    },

    async keepOffline(projectId, keep) {
      const info = await run(() => ipc.invoke('remote.keepOffline', { projectId, keep }));
      if (info) set({ info });
    },
  };
});

export const selectBucket = (s: BucketState) => s.info;
export const selectBucketKeys = (s: BucketState) => s.keys;
export const selectBucketStatus = (s: BucketState) => s.status;
export const selectBucketBusy = (s: BucketState) => s.busy;
