import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { conflict, forbidden, invalid } from '../../../shared/errors.js';

/**
 * Normalises a workspace-relative path: forward slashes, no empty or '.' segments. Unicode is left as
 * given: NFC and NFD are different names on most filesystems, and a path is kept as its bytes.
 * Anything that could leave the workspace is refused here, before any filesystem call:
 * '..', absolute paths, drive letters, UNC prefixes and NUL. '' means the workspace root.
 */
export function normalizeRelPath(input: string): string {
  if (typeof input !== 'string') throw invalid('path must be a string');
  if (input.includes('\0')) throw invalid('path contains a NUL byte');
  const p = input.replace(/\\/g, '/');
  if (p.startsWith('/') || /^[a-zA-Z]:/.test(p) || p.startsWith('//')) {
    throw forbidden(`path must be relative to the workspace: ${input}`);
  }
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') throw forbidden(`path may not contain '..': ${input}`);
    if (Buffer.byteLength(seg) > 255) throw invalid(`a name longer than 255 bytes: ${seg.slice(0, 40)}…`);
    parts.push(seg);
  }
  const out = parts.join('/');
  if (Buffer.byteLength(out) > 4096) throw invalid('path longer than 4096 bytes');
  return out;
}

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/**
 * Names a new file or folder may have. Workspaces move between Linux, macOS and Windows (and into
 * git), so a name that is fine here but breaks there is refused when it is created: Windows' reserved
 * device names, trailing dots or spaces, characters Windows forbids, control characters; and nothing
 * is ever created inside a .git folder, which belongs to git.
 */
export function checkNewPath(clean: string): void {
  for (const seg of clean.split('/')) {
    if (seg.toLowerCase() === '.git') throw forbidden(`Reelvault does not write inside .git: ${clean}`);
    if (RESERVED.test(seg)) throw invalid(`"${seg}" is a reserved name on Windows`);
    if (/[. ]$/.test(seg)) throw invalid(`"${seg}" ends with a dot or space, which Windows cannot store`);
    if (/[<>:"|?*]/.test(seg)) throw invalid(`"${seg}" contains a character Windows does not allow in names (< > : " | ? *)`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(seg)) throw invalid(`"${seg.replace(/[^\x20-\x7e]/g, '?')}" contains a control character`);
  }
}

/**
 * A new entry must not differ from an existing sibling only by letter case (or by Unicode
 * normalisation, for names written before normalisation): on macOS and Windows they are one file,
 * and creating it there would silently overwrite the other.
 */
export async function checkNoTwin(absParent: string, name: string, renaming?: string): Promise<void> {
  const names = await fsp.readdir(absParent).catch(() => [] as string[]);
  const key = name.normalize('NFC').toLowerCase();
  for (const n of names) {
    // A case-only rename of the same entry (title.tsx → Title.tsx) is no collision: it stays one file.
    if (n === renaming) continue;
    if (n !== name && n.normalize('NFC').toLowerCase() === key) {
      throw conflict(`"${name}" would collide with "${n}" on macOS and Windows, where names differing only in case (or accents' encoding) are one file`);
    }
  }
}

/**
 * Resolves a relative path inside root and checks, on disk, that no symlink along the way leads
 * outside it: the real path of the deepest existing ancestor must stay under the real root.
 */
export async function resolveInside(root: string, rel: string): Promise<string> {
  const clean = normalizeRelPath(rel);
  const realRoot = await fsp.realpath(root);
  const target = clean === '' ? realRoot : path.join(realRoot, ...clean.split('/'));
  let probe = target;
  for (;;) {
    try {
      const real = await fsp.realpath(probe);
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
        throw forbidden(`path leads outside the workspace: ${rel}`);
      }
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      // A dangling symlink has no realpath; refuse it if its target is outside.
      const link = await fsp.readlink(probe).catch(() => null);
      if (link !== null) {
        const dest = path.resolve(path.dirname(probe), link);
        if (dest !== realRoot && !dest.startsWith(realRoot + path.sep)) throw forbidden(`path leads outside the workspace: ${rel}`);
      }
      const parent = path.dirname(probe);
      if (parent === probe) break;
      probe = parent;
    }
  }
  return target;
}

/** The relative, forward-slash form of an absolute path under root. */
export function relFrom(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}
