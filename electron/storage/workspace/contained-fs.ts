import { closeSync, constants as fsc, fstatSync, openSync, readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import { forbidden } from '../../../shared/errors.js';

/**
 * Containment that holds while another process swaps things under us. Checking a path and then using
 * it leaves a window in which a folder can become a symlink to elsewhere (the checkpoint of a
 * workspace once stored an outside file this way, and writes landed outside it). So the check is of
 * what was actually opened: a descriptor, whose real path the kernel reports (/proc/self/fd on Linux),
 * and every later use goes through that descriptor — to read, or as the folder a rename lands in.
 * Where the OS has no /proc, the path is checked instead (the window remains there).
 */
const PROC_FD = process.platform === 'linux' ? '/proc/self/fd' : null;

/** The path that names an open descriptor itself (Linux), or null where there is none. */
export function fdPath(fd: number): string | null {
  return PROC_FD ? `${PROC_FD}/${fd}` : null;
}

/** The same, usable by a child process (its /proc/self is its own). */
export function fdPathForChild(fd: number): string | null {
  return PROC_FD ? `/proc/${process.pid}/fd/${fd}` : null;
}

function realOf(fd: number, fallback: string): string {
  const p = fdPath(fd);
  return p ? readlinkSync(p) : fallback;
}

function inside(real: string, root: string): boolean {
  return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

export interface OpenedFile {
  fd: number;
  st: Stats;
}

/**
 * Opens a file for reading only if it is a regular file (never a FIFO, device or socket: opened
 * non-blocking, so a FIFO cannot hang us, then refused), never through a symlink as its last
 * component, and — with `within` — only if what was opened lies inside that real folder.
 */
export function openRegular(file: string, within?: string): OpenedFile {
  const fd = openSync(file, fsc.O_RDONLY | (fsc.O_NOFOLLOW ?? 0) | (fsc.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new Error(`not a regular file: ${file}`), { code: 'EISDIR' });
    if (within !== undefined && !inside(realOf(fd, file), within)) throw forbidden(`${file} leads outside its folder (${within}); it was not read`);
    return { fd, st };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/**
 * Opens a folder and checks it lies inside `within`. The returned `path` names that very folder
 * for as long as it is open (on Linux), so a rename into `${path}/name` lands there even if the
 * folder's path is swapped for a symlink meanwhile.
 */
export function pinFolder(dir: string, within: string): { path: string; close(): void } {
  const fd = openSync(dir, fsc.O_RDONLY | (fsc.O_DIRECTORY ?? 0));
  try {
    const real = realOf(fd, dir);
    if (!inside(real, within)) throw forbidden(`${dir} leads outside the workspace (${within}); nothing was written`);
    return { path: fdPath(fd) ?? dir, close: () => closeSync(fd) };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}
