import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStorage, type Storage } from '../index.js';
import type { Actor } from '../../../shared/models.js';

export const alice: Actor = { userId: 'alice', sessionId: 'sess-a' };
export const bob: Actor = { userId: 'bob', sessionId: 'sess-b' };

/** A fresh folder under the OS temp dir, removed by the returned cleanup. */
export function tempDir(label = 'rv'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `reelvault-${label}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real filesystem library in its own folder (Actual Budget's per-test data folders). */
export function tempLibrary(opts: { now?: () => Date } = {}): { lib: Storage; dir: string; reopen: () => Storage; cleanup: () => void } {
  const t = tempDir('lib');
  let lib = openStorage({ provider: 'filesystem', dir: t.dir, ...opts });
  return {
    get lib() { return lib; },
    dir: t.dir,
    reopen() {
      lib.close();
      lib = openStorage({ provider: 'filesystem', dir: t.dir, ...opts });
      return lib;
    },
    cleanup() {
      lib.close();
      t.cleanup();
    },
  };
}

export async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
  return Buffer.concat(parts);
}
