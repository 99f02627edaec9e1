import type { Db } from './db.js';
import type { BlobStore } from '../blobs/blob-store.js';
import type { RemoteLink } from '../remote/remote-link.js';
import type { CredentialProvider } from '../remote/credentials.js';

/** What every storage module needs: the database, the blob store, the folders and the clock. */
export interface StorageContext {
  db: Db;
  blobs: BlobStore;
  /** tmp is this process's own temp folder (tmp/s-…, process-session.ts), not tmp/ itself. */
  dirs: { root: string; workspaces: string; tmp: string };
  provider: 'filesystem' | 'memory';
  /** The id in the library's marker and catalog ('memory' for a throwaway library). */
  libraryId: string;
  /** Opened without write access: reads work, every write is refused with FORBIDDEN. */
  readOnly: boolean;
  /** Why it is read-only, for the refusal's message (a read-only or full disk, no permission). */
  readOnlyReason: string | null;
  /** The library's bucket, when it has one (electron/storage/remote); also set as blobs.remote. */
  remote?: RemoteLink | null;
  /** Where the bucket's keys come from (the host injects it; the environment by default). Never the catalog. */
  credentials: CredentialProvider;
  /** Injectable so expiry can be tested without waiting a day. */
  now(): Date;
  /** Emits `library.changed`-style notifications to whoever hosts the library. */
  changed(kind: ChangeKind, id?: string): void;
}

/** What changed (the contract's CHANGE_KINDS): `media` is media work's results for content, nothing added or removed. */
export type ChangeKind = 'projects' | 'files' | 'assets' | 'renders' | 'checkpoints' | 'trash' | 'media';

export function nowIso(ctx: StorageContext): string {
  return ctx.now().toISOString();
}
