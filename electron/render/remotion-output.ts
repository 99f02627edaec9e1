import type { CompositionInfo } from '../../shared/render-models.js';

/**
 * What the Remotion CLI prints when its output is not a terminal (as here: a pipe), one state per
 * line — checked against 4.0.529:
 *   Bundling 65%            Getting composition        Rendered 12/30, time remaining: 2s
 *   Encoded 24/30           + out/video.mp4 5.9 kB
 */
export type RemotionEvent =
  | { kind: 'bundling'; fraction: number }
  | { kind: 'composition' }
  | { kind: 'rendered'; done: number; total: number }
  | { kind: 'encoded'; done: number; total: number };

export function parseRemotionLine(line: string): RemotionEvent | null {
  let m = /^Bundling(?: code)?\s+(?:[━╸─ ]+\s+)?(\d{1,3})%/.exec(line);
  if (m) return { kind: 'bundling', fraction: Math.min(100, Number(m[1])) / 100 };
  if (/^Getting composition/.test(line)) return { kind: 'composition' };
  m = /^Rendered\s+(\d+)\/(\d+)/.exec(line);
  if (m) return { kind: 'rendered', done: Number(m[1]), total: Number(m[2]) };
  m = /^Encoded\s+(\d+)\/(\d+)/.exec(line);
  if (m) return { kind: 'encoded', done: Number(m[1]), total: Number(m[2]) };
  return null;
}

/**
 * `remotion compositions` prints a table after its log lines:
 *   The following compositions are available:
 *
 *   Main    30      320x180        150 (5.00 sec)
 * Composition ids are letters, digits and dashes (Remotion refuses others), so a row is unambiguous.
 */
export function parseCompositions(output: string): CompositionInfo[] {
  const out: CompositionInfo[] = [];
  const at = output.indexOf('compositions are available');
  const table = at >= 0 ? output.slice(at) : output;
  for (const m of table.matchAll(/^([\p{L}\p{N}-]+)\s+(\d+(?:\.\d+)?)\s+(\d+)x(\d+)\s+(\d+)\s+\(/gmu)) {
    out.push({ id: m[1] as string, fps: Number(m[2]), width: Number(m[3]), height: Number(m[4]), durationInFrames: Number(m[5]) });
  }
  return out;
}

/** Remotion's own words for a mismatch of its packages' versions (before every command, and from `remotion versions`). */
export const VERSION_MISMATCH = /Version mismatch|Not all Remotion packages have the same version/i;
