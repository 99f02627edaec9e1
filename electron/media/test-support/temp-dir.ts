import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A fresh folder per test file, removed when the file's tests end. */
export function useTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `reelvault-media-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
