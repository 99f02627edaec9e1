import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alice, bob, tempDir, tempLibrary } from '../test-support/fixtures.js';
import { openStorage } from '../index.js';

describe('projects', () => {
  let t: ReturnType<typeof tempLibrary>;
  beforeEach(() => { t = tempLibrary(); });
  afterEach(() => t.cleanup());

  it('creates a project with its settings and an empty workspace folder', async () => {
    const p = await t.lib.projects.create(alice, { name: 'Launch video', theme: 'tech', fps: 60, width: 1080, height: 1920 });
    expect(p).toMatchObject({ name: 'Launch video', theme: 'tech', fps: 60, width: 1080, height: 1920, template: 'empty' });
    expect(p.namespace).toMatchObject({ scope: 'user', userId: 'alice', adopted: false });
    expect(p.namespace.gridPath).toBe(`grid/user/alice/${p.id}`);
    expect(statSync(p.namespace.workspacePath).isDirectory()).toBe(true);
    expect(p.namespace.workspacePath).toBe(path.join(t.dir, 'workspaces', p.id));
  });

  it('writes a Remotion skeleton whose composition uses the project fps and size', async () => {
    const p = await t.lib.projects.create(alice, { name: 'Promo', fps: 24, width: 3840, height: 2160, template: 'remotion' });
    const ws = p.namespace.workspacePath;
    for (const f of ['package.json', 'remotion.config.ts', 'tsconfig.json', 'src/index.ts', 'src/Root.tsx']) expect(existsSync(path.join(ws, f))).toBe(true);
    expect(statSync(path.join(ws, 'public')).isDirectory()).toBe(true);
    const root = readFileSync(path.join(ws, 'src/Root.tsx'), 'utf8');
    expect(root).toContain('export const FPS = 24;');
    expect(root).toContain('export const WIDTH = 3840;');
    expect(root).toContain('export const HEIGHT = 2160;');
    expect(JSON.parse(readFileSync(path.join(ws, 'package.json'), 'utf8')).name).toBe('promo');
  });

  it('validates settings with clear errors', async () => {
    await expect(t.lib.projects.create(alice, { name: '  ' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'name must not be empty' });
    await expect(t.lib.projects.create(alice, { name: 'x', fps: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'fps must be between 1 and 240' });
    await expect(t.lib.projects.create(alice, { name: 'x', fps: 241 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(t.lib.projects.create(alice, { name: 'x', width: 15 })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: /width/ });
    await expect(t.lib.projects.create(alice, { name: 'x', height: 16385 })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: /height/ });
    expect(t.lib.projects.list(alice)).toHaveLength(0);
  });

  it('update is partial, moves updatedAt and never createdAt', async () => {
    let clock = new Date('2026-01-01T00:00:00Z');
    const c = tempLibrary({ now: () => clock });
    try {
      const p = await c.lib.projects.create(alice, { name: 'A', fps: 30 });
      clock = new Date('2026-01-02T00:00:00Z');
      const u = c.lib.projects.update(alice, p.id, { fps: 25 });
      expect(u).toMatchObject({ name: 'A', fps: 25, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' });
      expect(() => c.lib.projects.update(alice, p.id, { width: 3 })).toThrow(/width/);
    } finally {
      c.cleanup();
    }
  });

  it('lists with filters and sorts', async () => {
    let n = 0;
    const c = tempLibrary({ now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, n++)) });
    try {
      const b = await c.lib.projects.create(alice, { name: 'Bravo' });
      const a = await c.lib.projects.create(alice, { name: 'alpha' });
      const s = await c.lib.projects.create(alice, { name: 'Shared one', scope: 'sandbox' });
      expect(c.lib.projects.list(alice).map((p) => p.id)).toEqual([s.id, a.id, b.id]);
      expect(c.lib.projects.list(alice, { sort: 'name' }).map((p) => p.name)).toEqual(['alpha', 'Bravo', 'Shared one']);
      expect(c.lib.projects.list(alice, { scope: 'sandbox' }).map((p) => p.id)).toEqual([s.id]);
      expect(c.lib.projects.list(alice, { text: 'ALP' }).map((p) => p.id)).toEqual([a.id]);
      expect(c.lib.projects.list(alice, { text: '%' })).toEqual([]);
      expect(c.lib.projects.list(bob).map((p) => p.id)).toEqual([s.id]);
    } finally {
      c.cleanup();
    }
  });

  it('get returns namespace info and checkpoints', async () => {
    const p = await t.lib.projects.create(alice, { name: 'A' });
    await t.lib.checkpoints.create(alice, p.id, { name: 'first' });
    const d = t.lib.projects.get(alice, p.id);
    expect(d.checkpoints.map((c) => c.name)).toEqual(['first']);
    expect(d.renderCount).toBe(0);
  });

  it('delete moves to the trash; restore brings it back; emptying removes the workspace', async () => {
    const p = await t.lib.projects.create(alice, { name: 'Doomed' });
    writeFileSync(path.join(p.namespace.workspacePath, 'a.txt'), 'hi');
    t.lib.projects.delete(alice, p.id);
    expect(t.lib.projects.list(alice)).toEqual([]);
    expect(() => t.lib.projects.get(alice, p.id)).toThrow(/not found/);
    expect(t.lib.trash.list(alice)).toMatchObject([{ kind: 'project', id: p.id, name: 'Doomed' }]);
    t.lib.trash.restore(alice, [p.id]);
    expect(t.lib.projects.get(alice, p.id).name).toBe('Doomed');
    await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    const metaRows = () => t.lib.ctx.db.prepare('SELECT count(*) FROM meta WHERE key LIKE ?').pluck().get(`%${p.id}%`);
    expect(metaRows()).toBe(1); // the stat cache's generation
    t.lib.projects.delete(alice, p.id);
    expect(await t.lib.trash.empty(alice)).toEqual({ removed: 1 });
    expect(existsSync(p.namespace.workspacePath)).toBe(false);
    expect(metaRows()).toBe(0);
    expect(t.lib.trash.list(alice)).toEqual([]);
  });

  it('adopts an existing folder in place and never deletes it', async () => {
    const outside = tempDir('adopt');
    try {
      mkdirSync(path.join(outside.dir, 'src'));
      writeFileSync(path.join(outside.dir, 'src', 'scene.tsx'), 'export {}');
      const p = await t.lib.projects.adopt(alice, { path: outside.dir, fps: 25 });
      expect(p.namespace.adopted).toBe(true);
      expect(p.name).toBe(path.basename(outside.dir));
      const files = await t.lib.files.list(alice, p.id, '', { recursive: true });
      expect(files.map((f) => f.path)).toEqual(['src', 'src/scene.tsx']);
      await expect(t.lib.projects.adopt(alice, { path: outside.dir })).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(t.lib.projects.adopt(alice, { path: 'relative/path' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      t.lib.projects.delete(alice, p.id);
      await t.lib.trash.empty(alice);
      expect(readFileSync(path.join(outside.dir, 'src', 'scene.tsx'), 'utf8')).toBe('export {}');
    } finally {
      outside.cleanup();
    }
  });

  it('changes another process commits to the library are announced like our own', async () => {
    const seen: string[] = [];
    const watcher = openStorage({ provider: 'filesystem', dir: t.dir, watchIntervalMs: 20 });
    try {
      watcher.onChange((kind) => seen.push(kind));
      // t.lib is a second connection, as the CLI beside the app would be.
      await t.lib.projects.create(alice, { name: 'from elsewhere' });
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toContain('projects');
      expect(watcher.projects.list(alice).map((p) => p.name)).toEqual(['from elsewhere']);
    } finally {
      watcher.close();
    }
  });
});

