/** Imported media assets, saved searches over them, and imports. */
import type { ErrorCode } from '../errors.js';
import type { MediaSummary } from './media.js';
import type { Scope } from './scopes.js';

export const ASSET_TYPES = ['image', 'video', 'audio', 'font', 'document', 'other'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export interface Asset {
  id: string;
  name: string;
  sha256: string;
  size: number;
  mime: string;
  type: AssetType;
  tags: string[];
  projectIds: string[];
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
  scope: Scope;
  userId: string | null;
  sessionId: string | null;
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  /** Null until media work has been queued for it (documents, fonts: never). */
  media?: MediaSummary | null;
  /** 1–5 stars; null: not rated. */
  rating?: number | null;
  /** A colour label, as editors flag clips; null: none. */
  label?: ColorLabel | null;
}

export const COLOR_LABELS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple'] as const;
export type ColorLabel = (typeof COLOR_LABELS)[number];

/** A saved search (smart collection): a name and the asset filter it runs. */
export interface SavedSearch {
  id: string;
  name: string;
  filter: Record<string, unknown>;
  /** Everyone using the library sees it (else only its maker). */
  shared: boolean;
  createdAt: string;
}

export interface ImportResultItem {
  source: string;
  status: 'imported' | 'duplicate' | 'failed';
  asset?: Asset;
  error?: string;
  /** The contract's error code for a failure (IO for a full disk, …). */
  errorCode?: ErrorCode;
}

export interface ImportSummary {
  items: ImportResultItem[];
  imported: number;
  duplicates: number;
  failed: number;
  bytes: number;
}

export interface ImportProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  current: string | null;
}
