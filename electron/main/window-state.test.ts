import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../storage/test-support/fixtures.js';
import { DEFAULT_BOUNDS, loadWindowBounds, saveWindowBounds } from './window-state.js';

describe('remembered window bounds', () => {
  let d: ReturnType<typeof tempDir>;
  let file: string;
  beforeEach(() => {
    d = tempDir('win');
    file = path.join(d.dir, 'nested', 'window-state.json');
  });
  afterEach(() => d.cleanup());
  const display = { x: 0, y: 0, width: 1920, height: 1080 };

  it('round-trips size, place and maximized', () => {
    saveWindowBounds(file, { x: 100, y: 80, width: 1400, height: 900, maximized: true });
    expect(loadWindowBounds(file, [display])).toEqual({ x: 100, y: 80, width: 1400, height: 900, maximized: true });
  });

  it('falls back to the default for a missing or damaged file', () => {
    expect(loadWindowBounds(file)).toEqual(DEFAULT_BOUNDS);
    saveWindowBounds(file, DEFAULT_BOUNDS);
    writeFileSync(file, '{"width": "wide"');
    expect(loadWindowBounds(file)).toEqual(DEFAULT_BOUNDS);
  });

  it('drops a position on a display that is gone and keeps a minimum size', () => {
    saveWindowBounds(file, { x: 3000, y: 200, width: 100, height: 100, maximized: false });
    expect(loadWindowBounds(file, [display])).toEqual({ width: 640, height: 420, maximized: false });
  });
});
