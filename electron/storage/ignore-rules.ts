import { promises as fsp } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * What a checkpoint leaves out by default: dependencies, VCS data, build output and caches. They are
 * large, reproducible, and would make every checkpoint slow. A project adds its own rules in a
 * `.reelvaultignore` at the workspace root, in gitignore syntax.
 */
export const DEFAULT_IGNORES = [
  'node_modules/',
  '.git/',
  '.hg/',
  '.svn/',
  'out/',
  'dist/',
  'build/',
  '.cache/',
  '.turbo/',
  '.next/',
  '.parcel-cache/',
  '.vite/',
  '.remotion/',
  '.DS_Store',
  'Thumbs.db',
  'desktop.ini',
  '.rv-*.tmp',
];

export const IGNORE_FILE = '.reelvaultignore';

export async function loadIgnore(root: string): Promise<Ignore> {
  const ig = ignore().add(DEFAULT_IGNORES);
  const own = await fsp.readFile(path.join(root, IGNORE_FILE), 'utf8').catch(() => null);
  if (own !== null) ig.add(own);
  return ig;
}
