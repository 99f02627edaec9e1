import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ReelvaultError } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { fsyncDir, tempName, unlinkQuiet } from '../core/fs-durable.js';
import type { RemoteStore } from './remote-store.js';

/**
 * Downloads an object to `dest` the way every write lands: into a temp file, hashed while written,
 * fsynced, checked against the hash it is stored under, then renamed into place. A damaged object
 * never becomes a file under a hash it does not have. Memory stays at the response's own chunks.
 */
export async function downloadVerified(store: RemoteStore, sha256: string, dest: string, tmpDir: string, opts: { mode?: number; onBytes?: (n: number) => void; signal?: AbortSignal } = {}): Promise<number> {
  const tmp = path.join(tmpDir, tempName('fetch'));
  const hash = createHash('sha256');
  let size = 0;
  try {
    const { body } = await store.getStream(store.blobKey(sha256), undefined, opts.signal);
    const fh = await fsp.open(tmp, 'wx', opts.mode ?? 0o444);
    try {
      try {
        for await (const chunk of body as AsyncIterable<Buffer>) {
          hash.update(chunk);
          let off = 0;
          while (off < chunk.length) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
          size += chunk.length;
          opts.onBytes?.(chunk.length);
        }
      } catch (err) {
        throw store.wrap(err, `reading ${sha256}`);
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    const got = hash.digest('hex');
    if (got !== sha256) throw new ReelvaultError('IO', `the bucket's copy of ${sha256} is damaged (its bytes hash to ${got}); run "reelvault verify --full" and "reelvault repair"`);
    await fsp.mkdir(path.dirname(dest), { recursive: true });
    await fsp.rename(tmp, dest);
    await fsyncDir(path.dirname(dest));
    return size;
  } catch (err) {
    await unlinkQuiet(tmp);
    throw err;
  }
}

/** Brings an evicted blob back into the local store and notes it is cached again. */
export async function fetchIntoCache(ctx: StorageContext, store: RemoteStore, sha256: string, onBytes?: (n: number) => void): Promise<number> {
  const size = await downloadVerified(store, sha256, ctx.blobs.pathOf(sha256), ctx.dirs.tmp, onBytes ? { onBytes } : {});
  ctx.db.prepare('UPDATE remote_blobs SET local = 1, used_ms = ? WHERE sha256 = ?').run(ctx.now().getTime(), sha256);
  return size;
}
