import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, fstatSync, readSync, statSync, promises as fsp, constants as fsc, type Stats } from 'node:fs';
import { fdPath, fdPathForChild, openRegular } from '../workspace/contained-fs.js';
import { flushUntil, hashSliced, isSparse, SPARSE_MIN, writeAll } from './blob-io.js';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fsyncDir, unlinkQuiet } from '../core/fs-durable.js';
// Reads go through page-aligned buffers (aligned-buffers.ts); files up to SMALL are read whole.
import { BUFFERS, CHUNK, SMALL } from './aligned-buffers.js';

const HEX64 = /^[0-9a-f]{64}$/;

/** Errors that mean "this filesystem cannot clone": remembered per source device, not retried. */
const NO_CLONE = new Set(['ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EINVAL', 'ENOSYS', 'ENOTTY', 'EPERM', 'EBADF']);

/** What a read must find: the file it opens must lie inside this real folder (contained-fs.ts). */
export interface ReadExpectation {
  within?: string | undefined;
}

export interface PutOptions {
  expect?: ReadExpectation | undefined;
  /**
   * Collect the blob folders that need an fsync here instead of syncing each at once; the caller
   * must then `syncDirs` them before the transaction that references the blobs commits. Many blobs
   * stored together then cost one fsync per folder instead of one each.
   */
  deferDirSync?: Set<string> | undefined;
}

export interface PutResult {
  sha256: string;
  size: number;
  /** False when the content was already stored: nothing new was written. */
  written: boolean;
  /** The first bytes of the content, when it was read into memory anyway (for sniffing its type). */
  head?: Buffer;
}

export interface BlobCounters {
  bytesHashed: number;
  bytesWritten: number;
}

/**
 * Where content lives besides this folder (electron/storage/remote): set when the library has a bucket.
 * The local store then is a cache — a blob's file may have been evicted after the bucket confirmed it.
 */
export interface BlobRemote {
  /** The bucket confirmed this content, so it may be missing here and still be safe. */
  confirmed(sha256: string): boolean;
  /** Brings confirmed content back into this folder; OFFLINE when the bucket cannot be reached. */
  fetch(sha256: string): Promise<void>;
  /** Notes a read, for the cache's least-recently-used order. */
  touch(sha256: string): void;
}

export function isSha256(s: string): boolean {
  return HEX64.test(s);
}

/**
 * Content-addressed blob store: blobs/sha256/<2 hex>/<hash>. Content lands in tmp/, is fsynced,
 * then renamed into place, so a blob file either is whole or does not exist. Blob files are made
 * read-only: nothing may change content under its own hash.
 */
export class BlobStore {
  readonly counters: BlobCounters = { bytesHashed: 0, bytesWritten: 0 };
  /** For tests only: called where a race can happen, so a test can make it happen. */
  readonly testHooks: { afterCopy?: (source: string) => void | Promise<void> } = {};
  /** Devices whose files could not be cloned: no clone is attempted from them again. */
  private readonly noClone = new Set<number>();
  /** Blob folders known to exist: no mkdir per blob (a rename into a vanished one makes it again). */
  private readonly shards = new Set<string>();
  /** The library's bucket, when it has one (remote/remote-link.ts sets it). */
  remote: BlobRemote | null = null;

  constructor(
    readonly root: string,
    private readonly tmpDir: string,
  ) {}

  pathOf(sha256: string): string {
    if (!isSha256(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  /** Here, or safely in the library's bucket (readable through the cache). */
  available(sha256: string): boolean {
    return this.has(sha256) || !!this.remote?.confirmed(sha256);
  }

  /** Makes sure the content is in this folder, fetching it from the bucket if it was evicted. */
  async ensureLocal(sha256: string): Promise<void> {
    if (this.has(sha256) || !this.remote) return;
    await this.remote.fetch(sha256);
  }

  /** Hashes a file without storing it (read-only pass); only a regular file, never through a symlink. */
  async hashFile(file: string, expect: ReadExpectation = {}): Promise<{ sha256: string; size: number }> {
    const { fd } = openRegular(file, expect.within);
    try {
      return await this.hashFd(fd);
    } finally {
      closeSync(fd);
    }
  }

  private async hashFd(fd: number): Promise<{ sha256: string; size: number }> {
    const buf = BUFFERS.take('chunk');
    try {
      const r = await hashSliced(fd, buf);
      this.counters.bytesHashed += r.size;
      return r;
    } finally {
      BUFFERS.give(buf);
    }
  }

  private async hashOpen(fh: FileHandle): Promise<{ sha256: string; size: number }> {
    return this.hashFd(fh.fd);
  }

  /**
   * Stores a file. Small files are read once into memory and written only if their content is new.
   * For larger ones `maybeStored(size)` says whether any stored blob has this size: when one might
   * match, the file is hashed first so that re-importing it writes nothing at all. New content is
   * then cloned where the filesystem can (btrfs, XFS, APFS) and the clone hashed; elsewhere it is
   * copied by the kernel (copy_file_range: the bytes never pass through this process) while this
   * process hashes the source from the same page cache, and the copy is flushed to disk as it goes
   * (see copyHashed).
   */
  async putFile(file: string, maybeStored: (size: number) => boolean = () => true, opts: PutOptions = {}): Promise<PutResult> {
    // Opened first, non-blocking and without following a final symlink, then checked: a FIFO or device
    // is refused without blocking on it, and every read below is of this one open file (contained-fs.ts).
    const { fd, st } = openRegular(file, opts.expect?.within);
    try {
      return await this.putOpen(fd, st, file, maybeStored, opts);
    } finally {
      closeSync(fd);
    }
  }

  private async putOpen(fd: number, st: Stats, file: string, maybeStored: (size: number) => boolean, opts: PutOptions): Promise<PutResult> {
    if (st.size <= SMALL) {
      const small = await this.putSmall(fd, st.size, opts);
      if (small) return small;
    }
    if (maybeStored(st.size)) {
      const probe = await this.hashFd(fd);
      if (this.has(probe.sha256)) return { ...probe, written: false };
    }
    const tmp = path.join(this.tmpDir, blobTempName());
    try {
      // Where the file's size is not its content (a /proc-style file says 0) or it has holes, the
      // kernel's copy would store it empty or dense: it is read instead, holes kept (see copySpecial).
      const special = st.size === 0 || isSparse(st);
      const src = fdPathForChild(fd) ?? file;
      const cloned = !special && (await this.tryClone(fdPath(fd) ?? file, tmp, st.dev));
      const result = cloned ? await this.hashAndSync(tmp) : special ? await this.copySpecial(fd, src, st, tmp) : await this.copyHashed(fd, fdPath(fd) ?? file, st, tmp);
      if (!cloned) this.counters.bytesWritten += result.size;
      await fsp.chmod(tmp, 0o444);
      return await this.commit(tmp, result, opts);
    } catch (err) {
      await unlinkQuiet(tmp);
      throw err;
    }
  }

  /**
   * Stores what reading the file gives: for a sparse file, `cp --sparse=always` (holes stay holes, so
   * a 10 GiB disk image with 1 MiB of data takes 1 MiB); for a file whose size says 0 but reads
   * bytes (procfs, sysfs), a plain read loop. The copy is then hashed as stored.
   */
  private async copySpecial(fd: number, childPath: string, st: Stats, tmp: string): Promise<{ sha256: string; size: number }> {
    if (isSparse(st) && process.platform === 'linux') {
      const r = spawnSync('cp', ['--sparse=always', childPath, tmp], { stdio: 'ignore' });
      if (r.status === 0) return this.hashAndSync(tmp);
      await unlinkQuiet(tmp);
    }
    const out = await fsp.open(tmp, 'wx', 0o444);
    const hash = createHash('sha256');
    let size = 0;
    const buf = BUFFERS.take('chunk');
    try {
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, null);
        if (n === 0) break;
        hash.update(buf.subarray(0, n));
        await writeAll(out, buf.subarray(0, n), size);
        size += n;
      }
      await out.sync();
    } finally {
      BUFFERS.give(buf);
      await out.close();
    }
    this.counters.bytesHashed += size;
    return { sha256: hash.digest('hex'), size };
  }

  /** Hashes a written temp file (the bytes that will be stored) and fsyncs it. */
  private async hashAndSync(tmp: string): Promise<{ sha256: string; size: number }> {
    const fh = await fsp.open(tmp, 'r+');
    try {
      const result = await this.hashOpen(fh);
      await fh.sync();
      return result;
    } finally {
      await fh.close();
    }
  }

  /**
   * Copies a large file into tmp and returns the hash of what was stored, fsynced. Three things go
   * on at once, on the thread pool, the main thread and the disk: the kernel copies, this process
   * hashes the source (from the page cache the copy also reads), and the copy is fdatasync-ed every
   * FLUSH_EVERY_MS so its writeback overlaps the copy instead of following it. Done one after the
   * other these took copy + hash + flush; at once, about the slowest of the three.
   *
   * The hash is of the source, so it stands for the copy only if the source did not change while it
   * was copied: its size, mtime, ctime and inode must be what they were before (ctime moves on any
   * write, mmap included; it cannot be set back). If they moved, the copy itself is hashed, as
   * stored — so a blob's name always matches its bytes. The testHooks seam lets a test change the
   * source at exactly that point.
   */
  private async copyHashed(fd: number, file: string, before: Stats, tmp: string): Promise<{ sha256: string; size: number }> {
    const copy = fsp.copyFile(file, tmp);
    const flushing = flushUntil(tmp, copy);
    let source: { sha256: string; size: number } | null = null;
    try {
      source = await this.hashFd(fd);
    } finally {
      // Never leave the copy running behind an error: it writes into tmp, which the caller deletes.
      await copy;
      await flushing;
    }
    await this.testHooks.afterCopy?.(file);
    const after = fstatSync(fd);
    const fh = await fsp.open(tmp, 'r+');
    try {
      const copied = (await fh.stat()).size;
      const unchanged =
        after.size === before.size && after.ino === before.ino && after.mtimeMs === before.mtimeMs && after.ctimeMs === before.ctimeMs && copied === source.size && source.size === before.size;
      const result = unchanged ? source : await this.hashOpen(fh);
      await fh.sync();
      return result;
    } finally {
      await fh.close();
    }
  }

  /**
   * The small-file path: one read into memory, then a write only when the content is new. Returns
   * null when the file turned out larger than it was (it is growing): the large-file path takes it.
   * The read is synchronous (a handful of syscalls on cached data, cheaper than three trips through
   * the thread pool) into a page-aligned buffer; the write stays asynchronous.
   */
  private async putSmall(fd: number, size: number, opts: PutOptions): Promise<PutResult | null> {
    const buf = BUFFERS.take('file');
    try {
      // One more byte than the stat said tells a file that is still growing.
      const limit = size + 1;
      let n = 0;
      for (;;) {
        const got = readSync(fd, buf, n, limit - n, n);
        if (got === 0) break;
        n += got;
        if (n === limit) return null;
      }
      const data = buf.subarray(0, n);
      const sha256 = createHash('sha256').update(data).digest('hex');
      this.counters.bytesHashed += n;
      const head = Buffer.from(data.subarray(0, 512));
      if (this.has(sha256)) return { sha256, size: n, written: false, head };
      const tmp = path.join(this.tmpDir, blobTempName());
      try {
        // Created read-only: the open descriptor may still write, and no chmod is needed later.
        const out = await fsp.open(tmp, 'wx', 0o444);
        try {
          await writeAll(out, data, 0);
          await out.sync();
        } finally {
          await out.close();
        }
        this.counters.bytesWritten += n;
        // Just looked for: a second look before the rename would only catch another writer of the
        // same bytes racing this one, and renaming over identical content is harmless.
        return { ...(await this.commit(tmp, { sha256, size: n }, opts, false)), head };
      } catch (err) {
        await unlinkQuiet(tmp);
        throw err;
      }
    } finally {
      BUFFERS.give(buf);
    }
  }

  /** fsyncs blob folders collected with `deferDirSync`, making their renames durable. */
  async syncDirs(dirs: Iterable<string>): Promise<void> {
    await Promise.all([...new Set(dirs)].map((d) => fsyncDir(d)));
  }

  /** Stores a stream (an upload), hashing while writing; memory stays at one chunk. */
  async putStream(source: Readable | AsyncIterable<Uint8Array>): Promise<PutResult> {
    const tmp = path.join(this.tmpDir, blobTempName());
    const fh = await fsp.open(tmp, 'wx', 0o444);
    const hash = createHash('sha256');
    let size = 0;
    try {
      try {
        for await (const chunk of source as AsyncIterable<Uint8Array>) {
          const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          hash.update(b);
          let off = 0;
          while (off < b.length) {
            const { bytesWritten } = await fh.write(b, off, b.length - off);
            off += bytesWritten;
          }
          size += b.length;
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
      this.counters.bytesHashed += size;
      this.counters.bytesWritten += size;
      return await this.commit(tmp, { sha256: hash.digest('hex'), size });
    } catch (err) {
      await unlinkQuiet(tmp);
      throw err;
    }
  }

  async putBuffer(data: Uint8Array): Promise<PutResult> {
    return this.putStream([data] as unknown as AsyncIterable<Uint8Array>);
  }

  /**
   * Copies a blob out to dest (reflink where the filesystem offers it; holes kept where the blob has
   * them); `size` spares a stat when known.
   */
  async copyOut(sha256: string, dest: string, size?: number): Promise<void> {
    await this.ensureLocal(sha256);
    this.remote?.touch(sha256);
    const src = this.pathOf(sha256);
    const st = size !== undefined && size < SPARSE_MIN ? null : statSync(src, { throwIfNoEntry: false }) ?? null;
    if (st && isSparse(st) && process.platform === 'linux' && spawnSync('cp', ['--sparse=always', '--reflink=auto', src, dest], { stdio: 'ignore' }).status === 0) {
      this.counters.bytesWritten += st.size;
      return;
    }
    try {
      await fsp.copyFile(src, dest, fsc.COPYFILE_FICLONE);
    } catch (err) {
      // Evicted between the fetch and the copy (another process applying the cache budget): once more.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !this.remote?.confirmed(sha256)) throw err;
      await this.remote.fetch(sha256);
      await fsp.copyFile(src, dest, fsc.COPYFILE_FICLONE);
    }
    this.counters.bytesWritten += size ?? (await fsp.stat(dest)).size;
  }

  read(sha256: string, range?: { start: number; end: number }): Readable {
    if (this.remote) {
      this.remote.touch(sha256);
      // Evicted: fetched through the cache first, then read as ever (the caller gets its stream now).
      if (!this.has(sha256)) return Readable.from(this.readAfterFetch(sha256, range));
    }
    return createReadStream(this.pathOf(sha256), range ? { start: range.start, end: range.end, highWaterMark: CHUNK } : { highWaterMark: CHUNK });
  }

  private async *readAfterFetch(sha256: string, range?: { start: number; end: number }): AsyncGenerator<Buffer> {
    await this.ensureLocal(sha256);
    yield* createReadStream(this.pathOf(sha256), range ? { start: range.start, end: range.end, highWaterMark: CHUNK } : { highWaterMark: CHUNK }) as AsyncIterable<Buffer>;
  }

  async remove(sha256: string): Promise<void> {
    await unlinkQuiet(this.pathOf(sha256));
  }

  /**
   * Every blob file on disk, for verify, repair and gc: only names this store makes (a sha256 in the
   * folder of its first two hex digits). Anything else in blobs/ is not ours to judge, list or remove.
   */
  async *listOnDisk(): AsyncGenerator<{ sha256: string; file: string }> {
    let shards: string[];
    try { shards = await fsp.readdir(this.root); } catch { return; }
    for (const shard of shards.sort()) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      const dir = path.join(this.root, shard);
      let names: string[];
      try { names = await fsp.readdir(dir); } catch { continue; }
      for (const name of names.sort()) if (isSha256(name) && name.startsWith(shard)) yield { sha256: name, file: path.join(dir, name) };
    }
  }

  /** Moves a fully written, fsynced temp file to its content address. */
  private async commit(tmp: string, r: { sha256: string; size: number }, opts: PutOptions = {}, look = true): Promise<PutResult> {
    const dest = this.pathOf(r.sha256);
    if (look && existsSync(dest)) {
      await unlinkQuiet(tmp);
      return { ...r, written: false };
    }
    const dir = path.dirname(dest);
    if (!this.shards.has(dir)) {
      await fsp.mkdir(dir, { recursive: true });
      this.shards.add(dir);
    }
    try {
      await fsp.rename(tmp, dest);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !existsSync(tmp)) throw err;
      await fsp.mkdir(dir, { recursive: true });
      await fsp.rename(tmp, dest);
    }
    if (opts.deferDirSync) opts.deferDirSync.add(dir);
    else await fsyncDir(dir);
    return { ...r, written: true };
  }

  /** Copy-on-write clone where the filesystem offers it (btrfs, XFS, APFS); false elsewhere, remembered per device. */
  private async tryClone(src: string, dest: string, dev: number): Promise<boolean> {
    if (this.noClone.has(dev)) return false;
    try {
      await fsp.copyFile(src, dest, fsc.COPYFILE_FICLONE_FORCE);
      return true;
    } catch (err) {
      if (NO_CLONE.has((err as NodeJS.ErrnoException).code ?? '')) this.noClone.add(dev);
      await unlinkQuiet(dest);
      return false;
    }
  }
}

/**
 * Temp names for blobs being written: unique per process (pid and a random stem, drawn once) and
 * within it (a counter) — one random draw per process instead of one per file. tmp/ is emptied at
 * every open, so leftovers of a crash never collide.
 */
const TEMP_STEM = `.blob-${process.pid}-${randomBytes(6).toString('hex')}-`;
let tempCount = 0;
function blobTempName(): string {
  return `${TEMP_STEM}${(tempCount++).toString(36)}.tmp`;
}
