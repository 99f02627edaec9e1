import { closeSync, constants as fsc, fstatSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Actor } from '../../shared/models.js';
import { SHA256 } from '../../shared/contract.js';
import { type Storage, describeVisibleBlob, mimeFor } from '../storage/index.js';

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

export type MediaFile = LocalMediaFile | RemoteMediaFile;

export interface LocalMediaFile {
  /**
   * An open descriptor on the blob's file — always inside the blob store, derived from the hash,
   * never from a request path. Opened once per request: the size and the bytes come from the same
   * open file. Whoever receives it closes it (mediaResponse does, or its stream does at its end).
   */
  fd: number;
  size: number;
  mime: string;
}

/**
 * Content evicted from the cache after the bucket confirmed it: ranges are read from the bucket (a
 * ranged GET per request, so seeking never waits for a whole download) while the cache fills.
 */
export interface RemoteMediaFile {
  fd: null;
  size: number;
  mime: string;
  open(start: number, end: number): Promise<Readable>;
}

/** Mime types sniffed from evicted content (a ranged GET each): the bytes under a hash never change. */
const remoteMimes = new Map<string, string>();

export type MediaAccess = (sha256: string) => Promise<MediaFile | null>;

/** Resolves a hash to a blob the actor may see, with its type: recorded for assets, else sniffed. */
export function createMediaAccess(storage: Storage, actor: Actor, viewable: ViewableBlobs): MediaAccess {
  return async (sha256) => {
    if (!SHA256.test(sha256)) return null;
    const seen = describeVisibleBlob(storage.ctx, actor, sha256);
    const nameHint = seen?.nameHint ?? viewable.nameOf(sha256);
    if (nameHint === undefined) return null;
    // Synchronous, like the SQLite query above: open and fstat of a blob cost microseconds, and
    // two fewer trips through the thread pool per request is what a seeking video and a grid of
    // posters notice (measured in the benchmark's HTTP Range case).
    let fd: number;
    try {
      // Non-blocking and never through a symlink: a FIFO put where a blob should be would otherwise block
      // this open — and with it the whole process, SIGTERM's handler included. It is refused just below.
      fd = openSync(storage.ctx.blobs.pathOf(sha256), fsc.O_RDONLY | fsc.O_NONBLOCK | fsc.O_NOFOLLOW);
    } catch {
      return remoteMedia(storage, sha256, seen?.mime ?? null, nameHint);
    }
    storage.ctx.remote?.touch(sha256);
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new Error('not a file');
      let mime = seen?.mime ?? null;
      if (!mime) {
        const head = Buffer.alloc(512);
        const bytesRead = readSync(fd, head, 0, 512, 0);
        mime = mimeFor(head.subarray(0, bytesRead), nameHint);
      }
      return { fd, size: st.size, mime };
    } catch {
      closeSync(fd);
      return null;
    }
  };
}

/** Not in the cache: from the bucket, when it confirmed this content (else not there at all). */
async function remoteMedia(storage: Storage, sha256: string, recorded: string | null, nameHint: string): Promise<RemoteMediaFile | null> {
  const link = storage.ctx.remote;
  const size = link?.confirmedSize(sha256) ?? null;
  if (!link || size === null) return null;
  let mime = recorded ?? remoteMimes.get(sha256) ?? null;
  // A name that says what it is (a render's format, a checkpointed file's extension) spares a round
  // trip to the bucket before the first frame; only unknown names are sniffed from the bytes.
  if (!mime) {
    const byName = mimeFor(Buffer.alloc(0), nameHint);
    if (byName !== 'application/octet-stream') mime = byName;
  }
  if (!mime) {
    // OFFLINE here propagates: the media answer says "not available offline" rather than 404.
    const head = await readAll(await link.openRange(sha256, 0, Math.min(size, 512) - 1));
    mime = mimeFor(head, nameHint);
    if (remoteMimes.size > 10_000) remoteMimes.clear();
    remoteMimes.set(sha256, mime);
  }
  link.fillInBackground(sha256);
  return { fd: null, size, mime, open: (start, end) => link.openRange(sha256, start, end) };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) parts.push(c);
  return Buffer.concat(parts);
}
