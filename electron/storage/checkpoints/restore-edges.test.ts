import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { alice, tempDir, tempLibrary } from '../test-support/fixtures.js';
import { openStorage } from '../index.js';
import type { Project } from '../../../shared/models.js';

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a restore destroys only bytes that are stored (issue 11)', () => {
  let t: ReturnType<typeof tempLibrary>;
  let p: Project;
  const ws = (...parts: string[]) => path.join(p.namespace.workspacePath, ...parts);
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(ws(rel)), { recursive: true });
    writeFileSync(ws(rel), text);
  };
  beforeEach(async () => {
    t = tempLibrary();
    p = await t.lib.projects.create(alice, { name: 'Edges' });
  });
  afterEach(() => t.cleanup());

  it('defect 2: ignored content in the way of a restore is stored in the safety checkpoint first, and comes back from it', async () => {
    write('raw/clip.txt', 'original clip');
    write('build', 'a file named build');
    const a = await t.lib.checkpoints.create(alice, p.id, { name: 'A' });
    write('.reelvaultignore', 'raw/\n');
    write('raw/clip.txt', 'EDITED clip, only here');
    rmSync(ws('build'));
    write('build/output.txt', 'build output, only here');
    const b = await t.lib.checkpoints.create(alice, p.id, { name: 'B' });
    // B left both out: raw/ by the project's rule, build/ by the default ones.
    expect(t.lib.checkpoints.get(alice, b.id).entries.map((e) => e.path)).toEqual(['.reelvaultignore']);

    const r = await t.lib.checkpoints.restore(alice, a.id);
    expect(readFileSync(ws('raw/clip.txt'), 'utf8')).toBe('original clip');
    expect(readFileSync(ws('build'), 'utf8')).toBe('a file named build');
    // Though the live tree matched B, the restore made a safety checkpoint: it holds the bytes it replaced.
    expect(r.safety).not.toBeNull();
    expect(r.preserved).toBe(2);
    const safety = t.lib.checkpoints.get(alice, r.safety?.id as string);
    const byPath = new Map(safety.entries.map((e) => [e.path, e]));
    expect(byPath.get('raw/clip.txt')?.sha256).toBe(sha('EDITED clip, only here'));
    expect(byPath.get('build/output.txt')?.sha256).toBe(sha('build output, only here'));
    expect(existsSync(t.lib.ctx.blobs.pathOf(sha('EDITED clip, only here')))).toBe(true);

    await t.lib.checkpoints.restore(alice, safety.id);
    expect(readFileSync(ws('raw/clip.txt'), 'utf8')).toBe('EDITED clip, only here');
    expect(readFileSync(ws('build/output.txt'), 'utf8')).toBe('build output, only here');
    expect((await t.lib.verify({ full: true })).ok).toBe(true);
  });

  it('defect 2: a folder replaced by a file while ignored: the restore stores the file in the safety checkpoint before making the folder again', async () => {
    write('assets/logo.txt', 'the logo');
    const a = await t.lib.checkpoints.create(alice, p.id, { name: 'A' });
    write('.reelvaultignore', 'assets\n');
    rmSync(ws('assets'), { recursive: true });
    write('assets', 'a file named assets, only here');
    const b = await t.lib.checkpoints.create(alice, p.id, { name: 'B' });
    expect(t.lib.checkpoints.get(alice, b.id).entries.map((e) => e.path)).toEqual(['.reelvaultignore']);

    const r = await t.lib.checkpoints.restore(alice, a.id);
    expect(statSync(ws('assets')).isDirectory()).toBe(true);
    expect(readFileSync(ws('assets/logo.txt'), 'utf8')).toBe('the logo');
    expect(r.preserved).toBe(1);
    const safety = t.lib.checkpoints.get(alice, r.safety?.id as string);
    expect(safety.entries.find((e) => e.path === 'assets')).toMatchObject({ kind: 'file', sha256: sha('a file named assets, only here') });

    await t.lib.checkpoints.restore(alice, safety.id);
    expect(readFileSync(ws('assets'), 'utf8')).toBe('a file named assets, only here');
    expect((await t.lib.verify({ full: true })).ok).toBe(true);
  });

  it('ignored content not in the way is never touched (node_modules stays)', async () => {
    write('src/a.ts', 'a');
    const a = await t.lib.checkpoints.create(alice, p.id, { name: 'A' });
    write('node_modules/dep/index.js', 'dependency');
    write('src/a.ts', 'a2');
    const r = await t.lib.checkpoints.restore(alice, a.id);
    expect(r.preserved).toBe(0);
    expect(readFileSync(ws('node_modules/dep/index.js'), 'utf8')).toBe('dependency');
  });

  it('a symlink in the way is not replaced: the restore refuses before changing anything', async () => {
    write('config.json', '{"v":1}');
    const a = await t.lib.checkpoints.create(alice, p.id, { name: 'A' });
    const outside = tempDir('outside');
    try {
      writeFileSync(path.join(outside.dir, 'shared.json'), '{"shared":true}');
      rmSync(ws('config.json'));
      symlinkSync(path.join(outside.dir, 'shared.json'), ws('config.json'));
      write('notes.md', 'new notes');
      await expect(t.lib.checkpoints.restore(alice, a.id)).rejects.toMatchObject({ code: 'CONFLICT', message: /config.json \(a symlink\).*nothing was changed/ });
      expect(lstatSync(ws('config.json')).isSymbolicLink()).toBe(true);
      expect(readFileSync(ws('notes.md'), 'utf8')).toBe('new notes');
      expect(readFileSync(path.join(outside.dir, 'shared.json'), 'utf8')).toBe('{"shared":true}');
    } finally {
      outside.cleanup();
    }
  });

  it('defect 3: an in-place edit that keeps size, mtime and inode is seen (ctime is in the signature)', async () => {
    write('scene.tsx', 'const speed = 1;');
    const old = new Date(Date.now() - 60_000);
    utimesSync(ws('scene.tsx'), old, old);
    await wait(150);
    const a = await t.lib.checkpoints.create(alice, p.id, { name: 'A' });
    const ino = statSync(ws('scene.tsx')).ino;
    // What `cp -p other scene.tsx` does: new bytes, same length, written into the same inode, mtime put back.
    writeFileSync(ws('scene.tsx'), 'const speed = 9;');
    utimesSync(ws('scene.tsx'), old, old);
    const st = statSync(ws('scene.tsx'));
    expect([st.ino, st.size, Math.round(st.mtimeMs)]).toEqual([ino, 16, old.getTime()]);
    const diff = await t.lib.checkpoints.diff(alice, p.id, { checkpointId: a.id }, { workspace: true });
    expect(diff.files.map((f) => [f.status, f.path])).toEqual([['modified', 'scene.tsx']]);
    const b = await t.lib.checkpoints.create(alice, p.id, { name: 'B' });
    expect(t.lib.checkpoints.get(alice, b.id).entries.find((e) => e.path === 'scene.tsx')?.sha256).toBe(sha('const speed = 9;'));
    const r = await t.lib.checkpoints.restore(alice, a.id);
    expect(readFileSync(ws('scene.tsx'), 'utf8')).toBe('const speed = 1;');
    // B holds the edit, so nothing was lost (and no second safety copy was needed).
    expect(r.safety).toBeNull();
  });

  it('defect 10: a mode-only change (chmod +x) shows in diffs, against the workspace and between checkpoints', async () => {
    write('render.sh', '#!/bin/sh\nnpx remotion render\n');
    chmodSync(ws('render.sh'), 0o644);
    const a = await t.lib.checkpoints.create(alice, p.id, { name: 'A' });
    chmodSync(ws('render.sh'), 0o755);
    const live = await t.lib.checkpoints.diff(alice, p.id, { checkpointId: a.id }, { workspace: true });
    expect(live.files).toMatchObject([{ status: 'modified', path: 'render.sh', content: 'mode', oldMode: 0o644, newMode: 0o755 }]);
    const b = await t.lib.checkpoints.create(alice, p.id, { name: 'B' });
    const between = await t.lib.checkpoints.diff(alice, p.id, { checkpointId: a.id }, { checkpointId: b.id });
    expect(between.files).toMatchObject([{ status: 'modified', path: 'render.sh', content: 'mode', oldMode: 0o644, newMode: 0o755 }]);
    expect(between.counts.modified).toBe(1);
    await t.lib.checkpoints.restore(alice, a.id);
    expect(statSync(ws('render.sh')).mode & 0o777).toBe(0o644);
  });
});

describe('library and workspaces never nest (issue 11, defect 1)', () => {
  let root: ReturnType<typeof tempDir>;
  beforeEach(() => { root = tempDir('nest'); });
  afterEach(() => root.cleanup());

  it('adopting a folder that holds the library is refused; so is one inside another workspace', async () => {
    const home = path.join(root.dir, 'X');
    mkdirSync(home);
    const lib = openStorage({ provider: 'filesystem', dir: path.join(home, 'lib') });
    try {
      await expect(lib.projects.adopt(alice, { path: home, name: 'Home' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: /holds this library .* must not nest/ });
      const elsewhere = path.join(root.dir, 'elsewhere');
      const site = path.join(elsewhere, 'site');
      mkdirSync(path.join(site, 'sub'), { recursive: true });
      await lib.projects.adopt(alice, { path: site });
      await expect(lib.projects.adopt(alice, { path: path.join(site, 'sub') })).rejects.toMatchObject({ code: 'CONFLICT', message: /inside the workspace of the project/ });
      await expect(lib.projects.adopt(alice, { path: elsewhere })).rejects.toMatchObject({ code: 'CONFLICT', message: /holds the workspace of the project/ });
    } finally {
      lib.close();
    }
  });

  it('adopting a folder inside the library is refused — the library itself, its workspaces, a project folder, a symlink into it — and adds no project', async () => {
    const libDir = path.join(root.dir, 'lib');
    const lib = openStorage({ provider: 'filesystem', dir: libDir });
    try {
      const p = await lib.projects.create(alice, { name: 'Inside' });
      symlinkSync(path.join(libDir, 'workspaces'), path.join(root.dir, 'alias'));
      for (const inside of [libDir, path.join(libDir, 'workspaces'), p.namespace.workspacePath, path.join(libDir, 'blobs'), path.join(root.dir, 'alias')]) {
        await expect(lib.projects.adopt(alice, { path: inside, name: 'Nested' }), inside).rejects.toMatchObject({ code: 'INVALID_INPUT', message: /is inside the library .*cannot be adopted/ });
      }
      expect(lib.projects.list(alice).map((x) => x.name)).toEqual(['Inside']);
    } finally {
      lib.close();
    }
  });

  it('a workspace that holds a library (adopted before this check) cannot be checkpointed or restored over it', async () => {
    const home = path.join(root.dir, 'X');
    mkdirSync(home);
    writeFileSync(path.join(home, 'index.html'), '<h1>home</h1>');
    const libDir = path.join(home, 'lib');
    const lib = openStorage({ provider: 'filesystem', dir: libDir });
    try {
      // What an earlier version allowed: the project row points at a folder holding the library.
      const p = await lib.projects.create(alice, { name: 'Home' });
      lib.ctx.db.prepare('UPDATE projects SET workspace_path = ? WHERE id = ?').run(home, p.id);
      writeFileSync(path.join(root.dir, 'clip.txt'), 'clip');
      await lib.assets.importPaths(alice, [path.join(root.dir, 'clip.txt')]);
      await expect(lib.checkpoints.create(alice, p.id, { name: 'A' })).rejects.toMatchObject({ code: 'CONFLICT', message: /is a Reelvault library inside the workspace .* must not nest/ });
      expect((await lib.verify({ full: true })).ok).toBe(true);
      expect(readdirSync(path.join(libDir, 'blobs', 'sha256')).length).toBeGreaterThan(0);
    } finally {
      lib.close();
    }
  });
});

describe('containment holds while another process swaps things (issue 11, defect 12)', () => {
  let t: ReturnType<typeof tempLibrary>;
  let outside: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempLibrary();
    outside = tempDir('outside');
  });
  afterEach(() => {
    t.cleanup();
    outside.cleanup();
  });

  /** A process that swaps `target` between `a` and `b` (renames are atomic) as fast as it can. */
  function swapper(target: string, a: string, b: string) {
    const script = `
      const fs = require('fs');
      const [t, a, b] = process.argv.slice(1);
      for (;;) { try { fs.renameSync(a, t); fs.renameSync(t, a); fs.renameSync(b, t); fs.renameSync(t, b); } catch {} }`;
    const child = spawn(process.execPath, ['-e', script, target, a, b], { stdio: 'ignore' });
    return () => child.kill('SIGKILL');
  }

  it('a file swapped with a symlink to an outside file: no checkpoint ever stores the outside content', async () => {
    const p = await t.lib.projects.create(alice, { name: 'Race' });
    const ws = p.namespace.workspacePath;
    const secret = 'outside secret, never to be stored';
    writeFileSync(path.join(outside.dir, 'secret.txt'), secret);
    writeFileSync(path.join(ws, 'real.txt'), 'inside content');
    writeFileSync(path.join(ws, '.cand-file'), 'inside content');
    symlinkSync(path.join(outside.dir, 'secret.txt'), path.join(ws, '.cand-link'));
    const stop = swapper(path.join(ws, 'file.txt'), path.join(ws, '.cand-file'), path.join(ws, '.cand-link'));
    try {
      for (let i = 0; i < 60; i++) await t.lib.checkpoints.create(alice, p.id, { name: `c${i}` }).catch(() => null);
    } finally {
      stop();
    }
    expect(existsSync(t.lib.ctx.blobs.pathOf(sha(secret)))).toBe(false);
    const stored = t.lib.ctx.db.prepare('SELECT count(*) FROM checkpoint_entries WHERE sha256 = ?').pluck().get(sha(secret));
    expect(stored).toBe(0);
  });

  it('a folder swapped with a symlink to an outside folder: no write lands outside', async () => {
    const p = await t.lib.projects.create(alice, { name: 'Race' });
    const ws = p.namespace.workspacePath;
    mkdirSync(path.join(ws, '.cand-dir'));
    symlinkSync(outside.dir, path.join(ws, '.cand-link'));
    const stop = swapper(path.join(ws, 'out'), path.join(ws, '.cand-dir'), path.join(ws, '.cand-link'));
    let ok = 0;
    try {
      for (let i = 0; i < 200; i++) {
        await t.lib.files.write(alice, p.id, `out/f${i}.txt`, `write ${i}`).then(() => ok++, () => null);
      }
    } finally {
      stop();
    }
    expect(readdirSync(outside.dir)).toEqual([]);
    expect(ok).toBeGreaterThan(0);
  });
});
