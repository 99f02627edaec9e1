import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes an output through a temp file in the same folder and renames it into place, so a
 * poster or filmstrip is either complete or absent: a viewer never loads half a JPEG and a
 * crashed job leaves no file that looks finished. Derived data is rebuildable, so no fsync.
 */
export async function writeAtomically<T>(outFile: string, write: (tmpFile: string) => Promise<T>): Promise<T> {
  const dir = path.dirname(path.resolve(outFile));
  await fsp.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(outFile)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const result = await write(tmp);
    await fsp.rename(tmp, outFile);
    return result;
  } finally {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
  }
}

export type StillFormat = 'jpeg' | 'webp';

/** The encoding a caller asked for, else the one its file name implies; JPEG by default. */
export function stillFormatFor(outFile: string, requested?: StillFormat): StillFormat {
  if (requested) return requested;
  return path.extname(outFile).toLowerCase() === '.webp' ? 'webp' : 'jpeg';
}
