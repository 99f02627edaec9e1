import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { forbidden, invalid } from '../../shared/errors.js';

/**
 * Normalises a workspace-relative path: NFC, forward slashes, no empty or '.' segments.
 * Anything that could leave the workspace is refused here, before any filesystem call:
 * '..', absolute paths, drive letters, UNC prefixes and NUL. '' means the workspace root.
 */
export function normalizeRelPath(input: string): string {
  if (typeof input !== 'string') throw invalid('path must be a string');
  if (input.includes('\0')) throw invalid('path contains a NUL byte');
  const p = input.normalize('NFC').replace(/\\/g, '/');
  if (p.startsWith('/') || /^[a-zA-Z]:/.test(p) || p.startsWith('//')) {
    throw forbidden(`path must be relative to the workspace: ${input}`);
  }
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') throw forbidden(`path may not contain '..': ${input}`);
    if (seg.length > 255) throw invalid(`path segment longer than 255 characters: ${seg.slice(0, 40)}…`);
    parts.push(seg);
  }
  return parts.join('/');
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
