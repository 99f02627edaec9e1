import { promises as fsp, constants as fsc } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** A unique temp name; the prefix lets open() and gc recognise leftovers of a crashed write. */
export function tempName(prefix = 'rv'): string {
  return `.${prefix}-${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
}

/** fsync a directory so a rename inside it survives power loss (no-op where the OS refuses). */
export async function fsyncDir(dir: string): Promise<void> {
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(dir, fsc.O_RDONLY);
    await fh.sync();
  } catch {
    // Some filesystems (and Windows) cannot fsync a directory; the rename is still atomic.
  } finally {
    await fh?.close();
  }
}

/** Removes a file if it exists; used on every failure path so no partial file is left behind. */
export async function unlinkQuiet(file: string): Promise<void> {
  await fsp.rm(file, { force: true }).catch(() => undefined);
}

/**
 * Renames tmp over dest and makes the rename durable. When tmp and dest are on different
 * filesystems (an adopted folder on another disk) the content is first copied next to dest,
 * so the final step is still an atomic rename.
 */
export async function renameDurable(tmp: string, dest: string): Promise<void> {
  try {
    await fsp.rename(tmp, dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    const near = path.join(path.dirname(dest), tempName());
    try {
      await fsp.copyFile(tmp, near);
      const fh = await fsp.open(near, 'r+');
      try { await fh.sync(); } finally { await fh.close(); }
      await fsp.rename(near, dest);
    } catch (copyErr) {
      await unlinkQuiet(near);
      throw copyErr;
    } finally {
      await unlinkQuiet(tmp);
    }
  }
  await fsyncDir(path.dirname(dest));
}
