import { createHash } from 'node:crypto';
import { readSync, promises as fsp, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/** The blob store's low-level reads and writes: hashing in slices, writing whole, flushing a copy as it grows. */

/**
 * Hashing reads synchronously — a quarter of the CPU of a round trip through the thread pool per
 * chunk, measured — and lets other work run at least this often, so a large file never stalls the
 * process (the Electron main process included) for longer than about this.
 */
const SLICE_MS = 8;
/** While a large file is copied, its copy is flushed this often, so writeback keeps pace with it. */
const FLUSH_EVERY_MS = 250;

/** Files smaller than this are never treated as sparse (a hole needs at least a block or two). */
export const SPARSE_MIN = 64 * 1024;

/** A file with holes: fewer blocks allocated than its size needs, by a margin (filesystems round). */
export function isSparse(st: Stats): boolean {
  return process.platform !== 'win32' && st.size >= SPARSE_MIN && typeof st.blocks === 'number' && st.blocks * 512 < st.size - SPARSE_MIN;
}

/**
 * fdatasync-s a file being written by someone else, every FLUSH_EVERY_MS until `done` settles, and
 * returns as soon as it does (a copy shorter than one period costs no wait at all). Best effort: the
 * file may not exist yet, and the final fsync after the copy is what durability rests on.
 */
export async function flushUntil(file: string, done: Promise<unknown>): Promise<void> {
  let finished = false;
  const settled = done.then(
    () => (finished = true),
    () => (finished = true),
  );
  let fh: FileHandle | null = null;
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, FLUSH_EVERY_MS)))]);
      clearTimeout(timer);
      if (finished) break;
      fh ??= await fsp.open(file, 'r').catch(() => null);
      await fh?.datasync().catch(() => undefined);
    }
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/** Writes all of data at position, however many calls the OS needs. */
export async function writeAll(fh: FileHandle, data: Uint8Array, position: number): Promise<void> {
  let off = 0;
  while (off < data.length) {
    const { bytesWritten } = await fh.write(data, off, data.length - off, position + off);
    off += bytesWritten;
  }
}

/**
 * sha256 of an open file from its start: synchronous reads into an aligned buffer, yielding to the
 * event loop every SLICE_MS.
 */
export async function hashSliced(fd: number, buf: Buffer): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  let since = performance.now();
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, size);
    if (n === 0) break;
    hash.update(buf.subarray(0, n));
    size += n;
    if (performance.now() - since >= SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      since = performance.now();
    }
  }
  return { sha256: hash.digest('hex'), size };
}
