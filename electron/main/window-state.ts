import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 820, maximized: false };
const MIN = { width: 640, height: 420 };

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The window's last size and place, from a small JSON file in userData. A file that is missing or
 * damaged gives the default; a position on a display that is gone (an unplugged monitor) is dropped
 * so the window never opens off-screen.
 */
export function loadWindowBounds(file: string, displays: readonly Area[] = []): WindowBounds {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { ...DEFAULT_BOUNDS };
  }
  const r = (raw ?? {}) as Record<string, unknown>;
  if (!num(r.width) || !num(r.height)) return { ...DEFAULT_BOUNDS };
  const out: WindowBounds = {
    width: Math.max(MIN.width, Math.round(r.width)),
    height: Math.max(MIN.height, Math.round(r.height)),
    maximized: r.maximized === true,
  };
  if (num(r.x) && num(r.y)) {
    const x = Math.round(r.x);
    const y = Math.round(r.y);
    // Visible when at least a 100×50 corner of its title bar lies on some display.
    const visible = displays.some((d) => x + 100 > d.x && x < d.x + d.width && y + 50 > d.y && y < d.y + d.height);
    if (visible || displays.length === 0) Object.assign(out, { x, y });
  }
  return out;
}

/** Writes the bounds atomically (temp file, then rename): a crash never leaves half a JSON file. */
export function saveWindowBounds(file: string, bounds: WindowBounds): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(bounds));
  renameSync(tmp, file);
}
