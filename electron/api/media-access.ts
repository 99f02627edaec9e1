import { promises as fsp } from 'node:fs';
import type { Actor } from '../../shared/models.js';
import { SHA256 } from '../../shared/contract.js';
import type { Storage } from '../storage/index.js';
import { describeVisibleBlob } from '../storage/blob-access.js';
import { mimeFor } from '../storage/sniff.js';

/** How many workspace files made viewable this launch are remembered (oldest forgotten first). */
const VIEWABLE_LIMIT = 10_000;

/**
 * Workspace files handed out by files.mediaRef during this launch. They belong to no asset, render
 * or checkpoint, so the storage visibility rule cannot vouch for them; the handler that checked the
 * project's visibility records them here instead.
 */
export class ViewableBlobs {
  private readonly names = new Map<string, string>();

  add(sha256: string, nameHint: string): void {
    this.names.delete(sha256);
    this.names.set(sha256, nameHint);
    if (this.names.size > VIEWABLE_LIMIT) this.names.delete(this.names.keys().next().value as string);
  }

  nameOf(sha256: string): string | undefined {
    return this.names.get(sha256);
  }
}

export interface MediaFile {
  /** Always inside the blob store: derived from the hash, never from a request path. */
  file: string;
  size: number;
  mime: string;
}

export type MediaAccess = (sha256: string) => Promise<MediaFile | null>;

/** Resolves a hash to a blob the actor may see, with its type: recorded for assets, else sniffed. */
export function createMediaAccess(storage: Storage, actor: Actor, viewable: ViewableBlobs): MediaAccess {
  return async (sha256) => {
    if (!SHA256.test(sha256)) return null;
    const seen = describeVisibleBlob(storage.ctx, actor, sha256);
    const nameHint = seen?.nameHint ?? viewable.nameOf(sha256);
    if (nameHint === undefined) return null;
    const file = storage.ctx.blobs.pathOf(sha256);
    const fh = await fsp.open(file, 'r').catch(() => null);
    if (!fh) return null;
    try {
      const st = await fh.stat();
      if (!st.isFile()) return null;
      let mime = seen?.mime ?? null;
      if (!mime) {
        const head = Buffer.alloc(512);
        const { bytesRead } = await fh.read(head, 0, 512, 0);
        mime = mimeFor(head.subarray(0, bytesRead), nameHint);
      }
      return { file, size: st.size, mime };
    } finally {
      await fh.close();
    }
  };
}
