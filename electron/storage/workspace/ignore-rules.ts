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
