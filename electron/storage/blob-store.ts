import { createHash } from 'node:crypto';
import { createReadStream, existsSync, promises as fsp, constants as fsc } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fsyncDir, tempName, unlinkQuiet } from './fs-durable.js';

/** 1 MiB reads: large enough to stream at disk speed, small enough to keep memory flat. */
const CHUNK = 1 << 20;
const HEX64 = /^[0-9a-f]{64}$/;

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

  /** Hashes a file without storing it (read-only pass). */
  async hashFile(file: string): Promise<{ sha256: string; size: number }> {
    const fh = await fsp.open(file, 'r');
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(CHUNK);
    let size = 0;
    try {
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
        if (bytesRead === 0) break;
        hash.update(buf.subarray(0, bytesRead));
        size += bytesRead;
      }
    } finally {
      await fh.close();
    }
    this.counters.bytesHashed += size;
    return { sha256: hash.digest('hex'), size };
  }

  /**
   * Stores a file. `maybeStored(size)` says whether any stored blob has this size: when none does,
   * the content is certainly new and is hashed while it is copied (one pass); when one might match,
   * it is hashed first so that re-importing a file writes nothing at all.
   */
  async putFile(file: string, maybeStored: (size: number) => boolean = () => true): Promise<PutResult> {
    const st = await fsp.stat(file);
    if (!st.isFile()) throw Object.assign(new Error(`not a regular file: ${file}`), { code: 'EISDIR' });
    if (maybeStored(st.size)) {
      const probe = await this.hashFile(file);
      if (this.has(probe.sha256)) return { ...probe, written: false };
    }
    const tmp = path.join(this.tmpDir, tempName('blob'));
    try {
      let result: { sha256: string; size: number };
      if (await tryReflink(file, tmp)) {
        result = await this.hashFile(tmp);
        const fh = await fsp.open(tmp, 'r+');
        try { await fh.sync(); } finally { await fh.close(); }
      } else {
        result = await this.copyHashing(file, tmp);
      }
      return await this.commit(tmp, result);
    } catch (err) {
      await unlinkQuiet(tmp);
      throw err;
    }
  }

  /** Stores a stream (an upload), hashing while writing; memory stays at one chunk. */
  async putStream(source: Readable | AsyncIterable<Uint8Array>): Promise<PutResult> {
    const tmp = path.join(this.tmpDir, tempName('blob'));
    const fh = await fsp.open(tmp, 'wx', 0o644);
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

  /** Copies a blob out to dest (reflink where the filesystem offers it). */
  async copyOut(sha256: string, dest: string): Promise<void> {
    await fsp.copyFile(this.pathOf(sha256), dest, fsc.COPYFILE_FICLONE);
    this.counters.bytesWritten += (await fsp.stat(dest)).size;
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

  private async copyHashing(src: string, tmp: string): Promise<{ sha256: string; size: number }> {
    const input = await fsp.open(src, 'r');
    const out = await fsp.open(tmp, 'wx', 0o644);
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(CHUNK);
    let size = 0;
    try {
      for (;;) {
        const { bytesRead } = await input.read(buf, 0, CHUNK, null);
        if (bytesRead === 0) break;
        const chunk = buf.subarray(0, bytesRead);
        hash.update(chunk);
        let off = 0;
        while (off < bytesRead) {
          const { bytesWritten } = await out.write(chunk, off, bytesRead - off);
          off += bytesWritten;
        }
        size += bytesRead;
      }
      await out.sync();
    } finally {
      await input.close();
      await out.close();
    }
    this.counters.bytesHashed += size;
    this.counters.bytesWritten += size;
    return { sha256: hash.digest('hex'), size };
  }

  /** Moves a fully written, fsynced temp file to its content address. */
  private async commit(tmp: string, r: { sha256: string; size: number }): Promise<PutResult> {
    const dest = this.pathOf(r.sha256);
    if (existsSync(dest)) {
      await unlinkQuiet(tmp);
      return { ...r, written: false };
    }
    await fsp.mkdir(path.dirname(dest), { recursive: true });
    await fsp.chmod(tmp, 0o444);
    await fsp.rename(tmp, dest);
    await fsyncDir(path.dirname(dest));
    return { ...r, written: true };
  }
}

/** Copy-on-write clone where the filesystem offers it (btrfs, XFS, APFS); false elsewhere. */
async function tryReflink(src: string, dest: string): Promise<boolean> {
  try {
    await fsp.copyFile(src, dest, fsc.COPYFILE_FICLONE_FORCE);
    return true;
  } catch {
    await unlinkQuiet(dest);
    return false;
  }
}
