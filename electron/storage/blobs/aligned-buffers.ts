/**
 * Page-aligned buffers for the blob store's reads. Measured on a Linux VM (docs/performance.md):
 * reading or writing through a 1 MiB buffer, or through any buffer not aligned to a page, cost the
 * kernel 3–4× the system time of a page-aligned 256 KiB one.
 */

/** Bytes per hashing read. */
export const CHUNK = 256 << 10;
/**
 * Files up to this size are read once into memory, hashed, and written only when new: one read
 * whether or not the content is already stored (most project files and frames are this small).
 */
export const SMALL = 4 << 20;

/**
 * Page-aligned buffers, shared by every blob store of the process: a few of CHUNK bytes for hashing
 * and a few able to hold a whole small file, carved out of one WebAssembly memory (mapped on pages
 * of its own, so its bytes start on one; Node's own buffers start wherever malloc puts them, 16
 * bytes past a page boundary typically). Made on first use; only pages touched count as memory.
 * Beyond the few, or where WebAssembly is unavailable (--jitless), ordinary buffers are used.
 */
export class AlignedBuffers {
  private static readonly SLOTS = 8;
  private readonly free: { chunk: Buffer[]; file: Buffer[] } = { chunk: [], file: [] };
  private readonly own = new Set<Buffer>();
  private made = false;

  take(kind: 'chunk' | 'file'): Buffer {
    if (!this.made) this.make();
    return this.free[kind].pop() ?? Buffer.allocUnsafeSlow(kind === 'chunk' ? CHUNK : FILE_SLOT);
  }

  give(buf: Buffer): void {
    if (this.own.has(buf)) this.free[buf.length === CHUNK ? 'chunk' : 'file'].push(buf);
  }

  private make(): void {
    this.made = true;
    // Node's type definitions leave WebAssembly out; the global is there in Node and Electron alike.
    const wasm = (globalThis as unknown as { WebAssembly?: { Memory: new (d: { initial: number }) => { buffer: ArrayBuffer } } }).WebAssembly;
    const n = AlignedBuffers.SLOTS;
    try {
      if (!wasm) return;
      const memory = new wasm.Memory({ initial: (n * (CHUNK + FILE_SLOT)) / 65536 }).buffer;
      for (let i = 0; i < n; i++) {
        const chunk = Buffer.from(memory, i * CHUNK, CHUNK);
        const file = Buffer.from(memory, n * CHUNK + i * FILE_SLOT, FILE_SLOT);
        this.free.chunk.push(chunk);
        this.free.file.push(file);
        this.own.add(chunk).add(file);
      }
    } catch {
      // No aligned memory to be had: ordinary buffers it is.
    }
  }
}

/** A whole small file plus the byte that tells a growing one, rounded up to whole 64 KiB pages. */
const FILE_SLOT = Math.ceil((SMALL + 1) / 65536) * 65536;
/** The process's one pool. */
export const BUFFERS = new AlignedBuffers();
