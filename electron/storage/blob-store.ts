import { createHash } from 'node:crypto';
import { createReadStream, existsSync, promises as fsp, constants as fsc } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fsyncDir, tempName, unlinkQuiet } from './fs-durable.js';

/**
 * 256 KiB per read or write, into page-aligned buffers (see alignedRing). Measured on a Linux VM
 * (bench/, docs/performance.md): copying through a 1 MiB buffer, or through any buffer that is not
 * page-aligned, cost the kernel 3–4× the system time of a 256 KiB page-aligned one.
 */
const CHUNK = 256 << 10;
/**
 * Files up to this size are read once into memory, hashed, and written only when new: one read
 * whether or not the content is already stored (most project files and frames are this small).
 */
const SMALL = 4 << 20;
/** Buffers in flight while streaming a large file: reading ahead, hashing, writing behind. */
const DEPTH = 4;
/**
 * While copying a large file the kernel is asked to write back every this many bytes, so the disk
 * works during the copy instead of all at once in the final fsync (which must still happen).
 */
const FLUSH_EVERY = 64 << 20;
const HEX64 = /^[0-9a-f]{64}$/;

/** Errors that mean "this filesystem cannot clone": remembered per source device, not retried. */
const NO_CLONE = new Set(['ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EINVAL', 'ENOSYS', 'ENOTTY', 'EPERM', 'EBADF']);

export interface PutOptions {
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
}

export interface BlobCounters {
  bytesHashed: number;
  bytesWritten: number;
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
  /** Devices whose files could not be cloned: no clone is attempted from them again. */
  private readonly noClone = new Set<number>();
  /** Rings of I/O buffers not in use; a ring is DEPTH × CHUNK, taken by one transfer at a time. */
  private readonly rings: Buffer[][] = [];

  private takeRing(): Buffer[] {
    return this.rings.pop() ?? alignedRing();
  }

  private giveRing(ring: Buffer[]): void {
    if (this.rings.length < 8) this.rings.push(ring);
  }

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

  /** Hashes a file without storing it (read-only pass; the next chunk is read while this one is hashed). */
  async hashFile(file: string): Promise<{ sha256: string; size: number }> {
    const fh = await fsp.open(file, 'r');
    const ring = this.takeRing();
    try {
      const r = await hashHandle(fh, ring);
      this.counters.bytesHashed += r.size;
      return r;
    } finally {
      this.giveRing(ring);
      await fh.close();
    }
  }

  /**
   * Stores a file. Small files are read once into memory and written only if their content is new.
   * For larger ones `maybeStored(size)` says whether any stored blob has this size: when none does,
   * the content is certainly new and is hashed while it is copied (one pass); when one might match,
   * it is hashed first so that re-importing a file writes nothing at all.
   */
  async putFile(file: string, maybeStored: (size: number) => boolean = () => true, opts: PutOptions = {}): Promise<PutResult> {
    const st = await fsp.stat(file);
    if (!st.isFile()) throw Object.assign(new Error(`not a regular file: ${file}`), { code: 'EISDIR' });
    if (st.size <= SMALL) {
      const small = await this.putSmall(file, st.size, opts);
      if (small) return small;
    }
    if (maybeStored(st.size)) {
      const probe = await this.hashFile(file);
      if (this.has(probe.sha256)) return { ...probe, written: false };
    }
    const tmp = path.join(this.tmpDir, tempName('blob'));
    try {
      let result: { sha256: string; size: number };
      if (await this.tryClone(file, tmp, st.dev)) {
        result = await this.hashFile(tmp);
        const fh = await fsp.open(tmp, 'r+');
        try { await fh.sync(); } finally { await fh.close(); }
        await fsp.chmod(tmp, 0o444);
      } else {
        result = await this.copyHashing(file, tmp);
      }
      return await this.commit(tmp, result, opts);
    } catch (err) {
      await unlinkQuiet(tmp);
      throw err;
    }
  }

  /**
   * The small-file path: one read into memory, then a write only when the content is new. Returns
   * null when the file turned out larger than it was (it is growing): the streaming path takes it.
   */
  private async putSmall(file: string, size: number, opts: PutOptions): Promise<PutResult | null> {
    // Read in CHUNK-sized pieces (see CHUNK), hashing each as it arrives; one more byte than the
    // stat said tells a file that is still growing.
    const buf = Buffer.allocUnsafe(size + 1);
    const hash = createHash('sha256');
    let n = 0;
    const fh = await fsp.open(file, 'r');
    try {
      for (;;) {
        const { bytesRead } = await fh.read(buf, n, Math.min(CHUNK, buf.length - n), n);
        if (bytesRead === 0) break;
        hash.update(buf.subarray(n, n + bytesRead));
        n += bytesRead;
        if (n === buf.length) return null;
      }
    } finally {
      await fh.close();
    }
    const data = buf.subarray(0, n);
    const sha256 = hash.digest('hex');
    this.counters.bytesHashed += n;
    if (this.has(sha256)) return { sha256, size: n, written: false };
    const tmp = path.join(this.tmpDir, tempName('blob'));
    try {
      // Created read-only: the open descriptor may still write, and no chmod is needed later.
      const out = await fsp.open(tmp, 'wx', 0o444);
      try {
        for (let off = 0; off < n; off += CHUNK) await writeAll(out, data.subarray(off, Math.min(n, off + CHUNK)), off);
        await out.sync();
      } finally {
        await out.close();
      }
      this.counters.bytesWritten += n;
      return await this.commit(tmp, { sha256, size: n }, opts);
    } catch (err) {
      await unlinkQuiet(tmp);
      throw err;
    }
  }

  /** fsyncs blob folders collected with `deferDirSync`, making their renames durable. */
  async syncDirs(dirs: Iterable<string>): Promise<void> {
    await Promise.all([...new Set(dirs)].map((d) => fsyncDir(d)));
  }

  /** Stores a stream (an upload), hashing while writing; memory stays at one chunk. */
  async putStream(source: Readable | AsyncIterable<Uint8Array>): Promise<PutResult> {
    const tmp = path.join(this.tmpDir, tempName('blob'));
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

  /** Copies a blob out to dest (reflink where the filesystem offers it); `size` spares a stat when known. */
  async copyOut(sha256: string, dest: string, size?: number): Promise<void> {
    await fsp.copyFile(this.pathOf(sha256), dest, fsc.COPYFILE_FICLONE);
    this.counters.bytesWritten += size ?? (await fsp.stat(dest)).size;
  }

  read(sha256: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.pathOf(sha256), range ? { start: range.start, end: range.end, highWaterMark: CHUNK } : { highWaterMark: CHUNK });
  }

  async remove(sha256: string): Promise<void> {
    await unlinkQuiet(this.pathOf(sha256));
  }

  /** Every blob file on disk, for verify and gc. */
  async *listOnDisk(): AsyncGenerator<{ sha256: string; file: string }> {
    let shards: string[];
    try { shards = await fsp.readdir(this.root); } catch { return; }
    for (const shard of shards.sort()) {
      const dir = path.join(this.root, shard);
      let names: string[];
      try { names = await fsp.readdir(dir); } catch { continue; }
      for (const name of names.sort()) yield { sha256: name, file: path.join(dir, name) };
    }
  }

  /**
   * One pass over a large file: while chunk n is hashed, chunk n+1 is being read and chunk n-1
   * written (a ring of DEPTH buffers), and writeback is started every FLUSH_EVERY bytes so the
   * closing fsync finds little left to flush. Memory stays at DEPTH chunks.
   */
  private async copyHashing(src: string, tmp: string): Promise<{ sha256: string; size: number }> {
    const input = await fsp.open(src, 'r');
    let out: FileHandle | undefined;
    const hash = createHash('sha256');
    const ring = this.takeRing();
    const writes: (Promise<void> | null)[] = new Array<Promise<void> | null>(DEPTH).fill(null);
    let reading: Promise<{ bytesRead: number }> | null = null;
    let flushing: Promise<void> | null = null;
    let size = 0;
    try {
      out = await fsp.open(tmp, 'wx', 0o444);
      const dest = out;
      let slot = 0;
      let flushedAt = 0;
      reading = quiet(input.read(ring[0] as Buffer, 0, CHUNK, 0));
      for (;;) {
        const { bytesRead } = await reading;
        if (bytesRead === 0) break;
        const buf = ring[slot] as Buffer;
        const at = size;
        size += bytesRead;
        const next = (slot + 1) % DEPTH;
        const pending = writes[next];
        if (pending) {
          writes[next] = null;
          await pending;
        }
        reading = quiet(input.read(ring[next] as Buffer, 0, CHUNK, size));
        const chunk = buf.subarray(0, bytesRead);
        hash.update(chunk);
        writes[slot] = quiet(writeAll(dest, chunk, at));
        if (size - flushedAt >= FLUSH_EVERY) {
          flushedAt = size;
          if (flushing) await flushing;
          flushing = quiet(dest.datasync());
        }
        slot = next;
      }
      for (const w of writes) if (w) await w;
      if (flushing) await flushing;
      await dest.sync();
    } finally {
      // Nothing may still be reading or writing through a descriptor that is about to close.
      await Promise.allSettled([reading, flushing, ...writes]);
      this.giveRing(ring);
      await input.close();
      await out?.close();
    }
    this.counters.bytesHashed += size;
    this.counters.bytesWritten += size;
    return { sha256: hash.digest('hex'), size };
  }

  /** Moves a fully written, fsynced temp file to its content address. */
  private async commit(tmp: string, r: { sha256: string; size: number }, opts: PutOptions = {}): Promise<PutResult> {
    const dest = this.pathOf(r.sha256);
    if (existsSync(dest)) {
      await unlinkQuiet(tmp);
      return { ...r, written: false };
    }
    const dir = path.dirname(dest);
    await fsp.mkdir(dir, { recursive: true });
    await fsp.rename(tmp, dest);
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

/** Writes all of data at position, however many calls the OS needs. */
async function writeAll(fh: FileHandle, data: Uint8Array, position: number): Promise<void> {
  let off = 0;
  while (off < data.length) {
    const { bytesWritten } = await fh.write(data, off, data.length - off, position + off);
    off += bytesWritten;
  }
}

/**
 * Marks a promise as handled now (it is awaited later, after other awaits): a failed read or write
 * in flight must surface where it is awaited, not crash the process as an unhandled rejection.
 */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/** Hashes an open file from the start, reading the next chunk while the current one is hashed. */
async function hashHandle(fh: FileHandle, ring: Buffer[]): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  const bufs = [ring[0] as Buffer, ring[1] as Buffer];
  let size = 0;
  let i = 0;
  let pending: Promise<{ bytesRead: number }> = quiet(fh.read(bufs[0] as Buffer, 0, CHUNK, 0));
  try {
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const cur = bufs[i & 1] as Buffer;
      size += bytesRead;
      pending = quiet(fh.read(bufs[(i + 1) & 1] as Buffer, 0, CHUNK, size));
      hash.update(cur.subarray(0, bytesRead));
      i++;
    }
  } finally {
    await Promise.allSettled([pending]);
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * DEPTH page-aligned buffers of CHUNK bytes. Node's own buffers start wherever malloc puts them
 * (16 bytes past a page boundary, typically); a WebAssembly memory is mapped on its own pages, so
 * its bytes start on one. Falls back to ordinary buffers where WebAssembly is unavailable (--jitless).
 */
function alignedRing(): Buffer[] {
  // Node's type definitions leave WebAssembly out; the global is there in Node and Electron alike.
  const wasm = (globalThis as unknown as { WebAssembly?: { Memory: new (d: { initial: number }) => { buffer: ArrayBuffer } } }).WebAssembly;
  try {
    if (!wasm) throw new Error('no WebAssembly');
    const mem = new wasm.Memory({ initial: Math.ceil((DEPTH * CHUNK) / 65536) });
    return Array.from({ length: DEPTH }, (_, i) => Buffer.from(mem.buffer, i * CHUNK, CHUNK));
  } catch {
    return Array.from({ length: DEPTH }, () => Buffer.allocUnsafeSlow(CHUNK));
  }
}
