/** The workspace watcher: disk edits arrive as batches of relative paths and land in the dirty set. */
import { mkdirSync, writeFileSync, rmSync, renameSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/fixtures.js';
import { WorkspaceWatcher } from './workspace-watcher.js';

/** Resolves when the watcher has reported every wanted path (or fails after a while, naming what came). */
function collector() {
  const seen = new Set<string>();
  const waiters: { want: string[]; resolve(): void }[] = [];
  // A folder made and filled at once may be reported as the folder alone (inotify watches it only
  // once it exists): its path covers what is in it, which is what the dirty set promises.
  const has = (p: string) => [...seen].some((s) => s === p || p.startsWith(`${s}/`));
  return {
    seen,
    onChange(paths: string[]) {
      for (const p of paths) seen.add(p);
      for (const w of [...waiters]) if (w.want.every(has)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
    },
    until(...want: string[]): Promise<void> {
      if (want.every(has)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        waiters.push({ want, resolve });
        setTimeout(() => reject(new Error(`saw only ${[...seen].join(', ') || 'nothing'}, wanted ${want.join(', ')}`)), 10_000).unref();
      });
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 400));

describe('WorkspaceWatcher', () => {
  let t: ReturnType<typeof tempDir>;
  let w: WorkspaceWatcher | undefined;
  beforeEach(() => { t = tempDir('watch'); });
  afterEach(async () => {
    await w?.close();
    w = undefined;
    t.cleanup();
  });

  it('reports a file made from outside, as a relative path with forward slashes', async () => {
    const c = collector();
    w = await WorkspaceWatcher.start(t.dir, { onChange: c.onChange });
    mkdirSync(path.join(t.dir, 'src', 'scenes'), { recursive: true });
    writeFileSync(path.join(t.dir, 'src', 'scenes', 'Intro.tsx'), 'export {}\n');
    writeFileSync(path.join(t.dir, 'new.txt'), 'hi\n');
    await c.until('src/scenes/Intro.tsx', 'new.txt');
    expect(w.peekDirty().paths).toContain('new.txt');
    expect(w.peekDirty().paths.some((p) => 'src/scenes/Intro.tsx'.startsWith(p))).toBe(true);
  });

  it('reports renames and deletions', async () => {
    writeFileSync(path.join(t.dir, 'a.txt'), 'a');
    writeFileSync(path.join(t.dir, 'gone.txt'), 'g');
    const c = collector();
    w = await WorkspaceWatcher.start(t.dir, { onChange: c.onChange });
    renameSync(path.join(t.dir, 'a.txt'), path.join(t.dir, 'b.txt'));
    rmSync(path.join(t.dir, 'gone.txt'));
    await c.until('a.txt', 'b.txt', 'gone.txt');
  });

  it('never reports inside node_modules or .git, nor the library’s temp files', async () => {
    mkdirSync(path.join(t.dir, 'node_modules', 'left-pad'), { recursive: true });
    mkdirSync(path.join(t.dir, 'sub', 'node_modules'), { recursive: true });
    mkdirSync(path.join(t.dir, '.git'), { recursive: true });
    const c = collector();
    w = await WorkspaceWatcher.start(t.dir, { onChange: c.onChange });
    writeFileSync(path.join(t.dir, 'node_modules', 'left-pad', 'index.js'), 'x');
    writeFileSync(path.join(t.dir, 'sub', 'node_modules', 'x.js'), 'x');
    writeFileSync(path.join(t.dir, '.git', 'HEAD'), 'ref');
    writeFileSync(path.join(t.dir, '.rv-123.tmp'), 'tmp');
    writeFileSync(path.join(t.dir, 'marker.txt'), 'm');
    await c.until('marker.txt');
    await settle();
    expect([...c.seen]).toEqual(['marker.txt']);
  });

  it('the dirty set: incomplete until first taken, then complete and exact; a failed caller gives it back', async () => {
    const c = collector();
    w = await WorkspaceWatcher.start(t.dir, { onChange: c.onChange });
    // Changes before the watch started are unknown: a checkpoint must stat everything once.
    expect(w.takeDirty()).toEqual({ complete: false, paths: [] });
    writeFileSync(path.join(t.dir, 'one.txt'), '1');
    await c.until('one.txt');
    const taken = w.takeDirty();
    expect(taken).toEqual({ complete: true, paths: ['one.txt'] });
    expect(w.peekDirty()).toEqual({ complete: true, paths: [] });
    writeFileSync(path.join(t.dir, 'two.txt'), '2');
    await c.until('two.txt');
    // The checkpoint that took `one.txt` failed: it goes back, beside what changed since.
    w.restoreDirty(taken);
    expect(w.peekDirty()).toEqual({ complete: true, paths: ['one.txt', 'two.txt'] });
  });

  it('closed: reports nothing more and vouches for nothing', async () => {
    const c = collector();
    w = await WorkspaceWatcher.start(t.dir, { onChange: c.onChange });
    w.takeDirty();
    await w.close();
    expect(w.watching).toBe(false);
    writeFileSync(path.join(t.dir, 'late.txt'), 'x');
    await settle();
    expect(c.seen.size).toBe(0);
    expect(w.peekDirty().complete).toBe(false);
  });

  it('refuses a folder that does not exist', async () => {
    await expect(WorkspaceWatcher.start(path.join(t.dir, 'missing'), { onChange: () => undefined })).rejects.toThrow();
  });
});
