import type { MediaToolInfo } from './contract.js';

/**
 * What runs for one tool, the same words in `reelvault library info` and the status bar: the
 * version and the year its source is from, and where it is — or that none may run, and why not.
 */
export function mediaToolSummary(t: MediaToolInfo): string {
  if (!t.path) {
    const n = t.refused.length;
    return n > 0 ? `none usable (${n} outdated ${n === 1 ? 'build' : 'builds'} refused)` : t.source === 'env' ? 'none usable (its variable names no executable)' : 'none usable (not found)';
  }
  const year = t.buildYear !== null ? ` (${t.buildYear})` : '';
  const from = t.source === 'env' ? ` via ${t.tool === 'ffmpeg' ? 'REELVAULT_FFMPEG' : 'REELVAULT_FFPROBE'}` : '';
  return `${t.version ?? 'unknown version'}${year} — ${t.path}${from}`;
}
