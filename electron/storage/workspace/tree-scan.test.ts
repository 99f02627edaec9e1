import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alice, tempLibrary } from '../test-support/fixtures.js';
import { scanWorkspace } from './tree-scan.js';
import { manifestHash, treeHash } from './manifest-digest.js';
import type { Project } from '../../../shared/models.js';

/** The scan's shortcuts for an unchanged tree (digests reused, rows found by folder) must give what a fresh computation gives. */
describe('tree scan shortcuts', () => {
  let t: ReturnType<typeof tempLibrary>;
  let p: Project;
  const ws = (...parts: string[]) => path.join(p.namespace.workspacePath, ...parts);
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(ws(rel)), { recursive: true });
    writeFileSync(ws(rel), text);
  };
  const age = async (rels: string[]) => {
    const past = new Date(Date.now() - 60_000);
    for (const r of rels) utimesSync(ws(r), past, past);
    await new Promise((r) => setTimeout(r, 150));
  };
  beforeEach(async () => {
    t = tempLibrary();
    p = await t.lib.projects.create(alice, { name: 'Scan' });
  });
  afterEach(() => t.cleanup());

  it('digests a walk whose order is not path order ("a", "a/b", "a.txt") as the sorted manifest', async () => {
    write('a/b', 'B');
    write('a.txt', 'T');
    write('a-b', 'D');
    const s = await scanWorkspace(t.lib.ctx, p.id, p.namespace.workspacePath, 'hash');
    const shuffled = [...s.entries].reverse();
    expect(s.treeHash).toBe(treeHash(shuffled));
    expect(s.manifestHash).toBe(manifestHash(shuffled));
  });

  it('an unchanged second scan reuses the rows and digests; a mode-only change still moves the manifest hash', async () => {
    write('src/x.ts', 'X');
    write('src/y.ts', 'Y');
    await age(['src/x.ts', 'src/y.ts']);
    const first = await scanWorkspace(t.lib.ctx, p.id, p.namespace.workspacePath, 'store');
    const again = await scanWorkspace(t.lib.ctx, p.id, p.namespace.workspacePath, 'store');
    expect(again.filesRead).toBe(0);
    expect(again.manifestHash).toBe(first.manifestHash);
    expect(again.entries).toEqual(first.entries);
    chmodSync(ws('src/x.ts'), 0o755);
    await new Promise((r) => setTimeout(r, 150));
    const moded = await scanWorkspace(t.lib.ctx, p.id, p.namespace.workspacePath, 'store');
    expect(moded.manifestHash).not.toBe(first.manifestHash);
    expect(moded.manifestHash).toBe(manifestHash(moded.entries));
  });

  it('a file edited back to its old size and mtime is read again (ctime moved)', async () => {
    write('f.txt', 'one');
    await age(['f.txt']);
    const first = await scanWorkspace(t.lib.ctx, p.id, p.namespace.workspacePath, 'store');
    write('f.txt', 'two');
    const past = new Date(Date.now() - 60_000);
    utimesSync(ws('f.txt'), past, past);
    await new Promise((r) => setTimeout(r, 150));
    const next = await scanWorkspace(t.lib.ctx, p.id, p.namespace.workspacePath, 'store');
    expect(next.filesRead).toBe(1);
    expect(next.entries.find((e) => e.path === 'f.txt')?.sha256).not.toBe(first.entries.find((e) => e.path === 'f.txt')?.sha256);
  });
});
