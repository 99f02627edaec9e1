/**
 * Checkpoints of a watched workspace (tree-scan.ts, the watcher fast path): with a live watcher whose
 * dirty set follows the last checkpoint's scan, only the dirty paths are stat-ed — and the manifest
 * is always the one a full walk gives (compared entry by entry, and with git as an oracle). Any doubt
 * (no watcher, a watcher started late or dropped, an incomplete set, a restore) is a full walk.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alice, tempLibrary } from '../test-support/fixtures.js';
import { scanWorkspace, type ScanResult } from '../workspace/tree-scan.js';
import { WorkspaceWatcher, attachWatcher, detachWatcher } from './workspace-watcher.js';
import type { ManifestEntry, Project } from '../../../shared/models.js';

const strip = (es: readonly ManifestEntry[]) => es.map((e) => ({ path: e.path, kind: e.kind, sha256: e.sha256, size: e.size, mode: e.mode }));

describe('checkpoints of a watched workspace', () => {
  let t: ReturnType<typeof tempLibrary>;
  let p: Project;
  let w: WorkspaceWatcher | null = null;
  /** A filesystem a test mounted over the workspace, taken off before the library is removed. */
  let unmount: (() => void) | null = null;
  const ws = (...parts: string[]) => path.join(p.namespace.workspacePath, ...parts);
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(ws(rel)), { recursive: true });
    writeFileSync(ws(rel), text);
  };
  /** A checkpoint scan as createCheckpoint runs it. */
  const watchedScan = () => scanWorkspace(t.lib.ctx, p.id, p.namespace.workspacePath, 'store', { watched: true });
  /** What a full walk finds now (no watcher consulted, nothing taken). */
  const fullScan = () => scanWorkspace(t.lib.ctx, p.id, p.namespace.workspacePath, 'hash');
  const expectSame = async (got: ScanResult) => {
    const full = await fullScan();
    expect(strip(got.entries)).toEqual(strip(full.entries));
    expect(got.treeHash).toBe(full.treeHash);
    expect(got.manifestHash).toBe(full.manifestHash);
  };
  const startWatcher = async () => {
    w = await WorkspaceWatcher.start(p.namespace.workspacePath, { onChange: () => undefined });
    attachWatcher(t.lib.ctx, p.id, w);
    return w;
  };

  beforeEach(async () => {
    t = tempLibrary();
    p = await t.lib.projects.create(alice, { name: 'Watched' });
    mkdirSync(p.namespace.workspacePath, { recursive: true });
    for (let i = 0; i < 30; i++) write(`src/part-${i % 3}/file-${i}.ts`, `export const v = ${i};\n`);
    write('a.txt', 'a');
    write('a-b/c.txt', 'c');
    write('out/bundle.js', 'ignored');
    mkdirSync(ws('empty'), { recursive: true });
  });
  afterEach(async () => {
    await w?.close();
    w = null;
    unmount?.();
    unmount = null;
    t.cleanup();
  });

  it('a watcher started after the last checkpoint means a full walk; the next one stats only what changed', async () => {
    await startWatcher();
    const first = await watchedScan();
    expect(first.viaWatcher).toBeUndefined();
    await expectSame(first);
    const unchanged = await watchedScan();
    expect(unchanged.viaWatcher).toBe(true);
    expect(unchanged.filesRead).toBe(0);
    await expectSame(unchanged);
  });

  it('edits, additions, deletions, renames and mode changes give the full walk\'s manifest', async () => {
    await startWatcher();
    await watchedScan();
    write('src/part-0/file-0.ts', 'changed\n');
    write('new/deep/er/x.ts', 'new file in new folders');
    rmSync(ws('src/part-1/file-1.ts'));
    renameSync(ws('src/part-2'), ws('src/renamed'));
    chmodSync(ws('a.txt'), 0o755);
    rmSync(ws('empty'), { recursive: true });
    mkdirSync(ws('empty2'));
    write('out/other.js', 'still ignored');
    const got = await watchedScan();
    expect(got.viaWatcher).toBe(true);
    await expectSame(got);
    expect(got.entries.find((e) => e.path === 'a.txt')?.mode).toBe(0o755);
    expect(got.entries.some((e) => e.path.startsWith('out'))).toBe(false);
    // And the checkpoint after that, unchanged again.
    const again = await watchedScan();
    expect(again.viaWatcher).toBe(true);
    await expectSame(again);
  });

  it('an edit made just before the checkpoint is in it (the cookie barrier), and edits during it are in the next one', async () => {
    await startWatcher();
    await watchedScan();
    write('src/part-0/file-3.ts', 'edited right before');
    const got = await watchedScan();
    expect(got.entries.find((e) => e.path === 'src/part-0/file-3.ts')?.size).toBe('edited right before'.length);
    await expectSame(got);
    // Edits racing a checkpoint: whatever the checkpoint saw, the next one (after they stop) is exact.
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        write(`src/part-${i % 3}/file-${i % 30}.ts`, `race ${i}\n`);
        if (i % 7 === 0) write(`racing/${i}.txt`, String(i));
        if (i % 11 === 0) rmSync(ws(`racing/${i - 7}.txt`), { force: true });
        await new Promise((r) => setImmediate(r));
      }
    })();
    const during = [await watchedScan(), await watchedScan(), await watchedScan()];
    stop = true;
    await writer;
    expect(during.some((s) => s.viaWatcher)).toBe(true);
    const after = await watchedScan();
    expect(after.viaWatcher).toBe(true);
    await expectSame(after);
  });

  it('a dropped watcher, an incomplete set or someone else taking the set falls back to the full walk', async () => {
    const first = await startWatcher();
    await watchedScan();
    write('src/part-0/file-0.ts', 'x');
    // Incomplete (an overflow, dropped events).
    first.restoreDirty({ complete: false, paths: [] });
    const a = await watchedScan();
    expect(a.viaWatcher).toBeUndefined();
    await expectSame(a);
    // Someone else took the dirty set in between.
    write('src/part-0/file-1.ts', 'y');
    first.takeDirty();
    const b = await watchedScan();
    expect(b.viaWatcher).toBeUndefined();
    await expectSame(b);
    // The watcher goes away: its changes since are unknown.
    await first.close();
    write('src/part-0/file-2.ts', 'z');
    const c = await watchedScan();
    expect(c.viaWatcher).toBeUndefined();
    await expectSame(c);
    // A new watcher: the first checkpoint with it walks everything.
    detachWatcher(t.lib.ctx, p.id);
    await startWatcher();
    write('src/part-0/file-4.ts', 'q');
    const d = await watchedScan();
    expect(d.viaWatcher).toBeUndefined();
    await expectSame(d);
  });

  it('a workspace on a disk that turns read-only: the cookie cannot be written, so each checkpoint walks it all — exact, and fast again once writable', async (ctx) => {
    // A real read-only filesystem (a tmpfs over the workspace, remounted ro): as root, a chmod
    // would not stop the cookie write. Skipped where mounting is not allowed.
    const root = p.namespace.workspacePath;
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', root]).status !== 0) return ctx.skip('needs root to mount a filesystem');
    unmount = () => spawnSync('umount', [root]);
    const remount = (how: 'ro' | 'rw') => expect(spawnSync('mount', ['-o', `remount,${how}`, root]).status).toBe(0);
    for (let i = 0; i < 10; i++) write(`src/file-${i}.ts`, `export const v = ${i};\n`);
    write('out/bundle.js', 'ignored');
    await startWatcher();
    await watchedScan();
    write('src/file-0.ts', 'edited before the disk went read-only\n');
    remount('ro');
    const ro = await watchedScan();
    expect(ro.viaWatcher).toBeUndefined();
    expect(ro.entries.find((e) => e.path === 'src/file-0.ts')?.size).toBe('edited before the disk went read-only\n'.length);
    await expectSame(ro);
    expect(readdirSync(root).filter((n) => n.startsWith('.reelvault-sync-'))).toEqual([]);
    const roAgain = await watchedScan();
    expect(roAgain.viaWatcher).toBeUndefined();
    await expectSame(roAgain);
    // Writable again: the next checkpoint builds on the last full walk and still misses nothing.
    remount('rw');
    write('src/file-1.ts', 'edited after\n');
    const rw = await watchedScan();
    expect(rw.viaWatcher).toBe(true);
    await expectSame(rw);
    expect(readdirSync(root).filter((n) => n.startsWith('.reelvault-sync-'))).toEqual([]);
  });

  it('a restore in between means a full walk; checkpoints through the API agree with git', async () => {
    await startWatcher();
    const one = await t.lib.checkpoints.create(alice, p.id, { name: 'one' });
    write('src/part-0/file-0.ts', 'two');
    write('b.txt', 'b');
    await t.lib.checkpoints.create(alice, p.id, { name: 'two' });
    await t.lib.checkpoints.restore(alice, one.id);
    const afterRestore = await watchedScan();
    expect(afterRestore.viaWatcher).toBeUndefined();
    await expectSame(afterRestore);
    // git as the oracle for the watched path: the same files, the same executable bits.
    write('c/d.txt', 'd');
    chmodSync(ws('c/d.txt'), 0o755);
    rmSync(ws('a.txt'));
    const got = await watchedScan();
    expect(got.viaWatcher).toBe(true);
    const git = (...args: string[]) => execFileSync('git', ['-C', p.namespace.workspacePath, ...args], { encoding: 'utf8' });
    git('init', '-q');
    writeFileSync(ws('.git', 'info', 'exclude'), 'out/\n');
    git('add', '-A');
    const tracked = git('ls-files', '-s').trim().split('\n').map((l) => {
      const [meta, file] = l.split('\t') as [string, string];
      return { path: file, x: meta.startsWith('100755') };
    });
    const ours = got.entries.filter((e) => e.kind === 'file').map((e) => ({ path: e.path, x: (e.mode & 0o111) !== 0 }));
    expect(ours.sort((x, y) => (x.path < y.path ? -1 : 1))).toEqual(tracked.sort((x, y) => (x.path < y.path ? -1 : 1)));
  });
});
