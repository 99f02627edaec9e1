/**
 * One test per defect of the original ArtifactStorageManager (DESIGN.md, "Where it comes from").
 * Each is named after the defect it proves fixed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { alice, bob, readAll, tempDir, tempLibrary } from './test-support/fixtures.js';
import { openStorage } from './index.js';

describe('seed defects', () => {
  let t: ReturnType<typeof tempLibrary>;
  let clock: Date;
  beforeEach(() => {
    clock = new Date('2026-06-01T12:00:00Z');
    t = tempLibrary({ now: () => clock });
  });
  afterEach(() => t.cleanup());

  it('defect: listing hid session projects — every project the caller may see is listed', async () => {
    const s = await t.lib.projects.create(alice, { name: 'scratch', scope: 'session' });
    const u = await t.lib.projects.create(alice, { name: 'mine', scope: 'user' });
    const x = await t.lib.projects.create(bob, { name: 'shared', scope: 'sandbox' });
    await t.lib.projects.create(bob, { name: 'bobs', scope: 'user' });
    expect(t.lib.projects.list(alice).map((p) => p.id).sort()).toEqual([s.id, u.id, x.id].sort());
    expect(t.lib.projects.list(alice, { scope: 'session' }).map((p) => p.id)).toEqual([s.id]);
  });

  it('defect: workspace paths could leave the workspace — .., absolute, drive letters, NUL are refused', async () => {
    const p = await t.lib.projects.create(alice, { name: 'P' });
    const bad: [string, string][] = [
      ['../escape.txt', 'FORBIDDEN'],
      ['a/../../escape.txt', 'FORBIDDEN'],
      ['/etc/passwd', 'FORBIDDEN'],
      ['C:\\Windows\\x.txt', 'FORBIDDEN'],
      ['c:/x.txt', 'FORBIDDEN'],
      ['\\\\server\\share\\x', 'FORBIDDEN'],
      ['..\\escape.txt', 'FORBIDDEN'],
      ['ok\0.txt', 'INVALID_INPUT'],
    ];
    for (const [rel, code] of bad) {
      await expect(t.lib.files.write(alice, p.id, rel, 'x'), rel).rejects.toMatchObject({ code });
      await expect(t.lib.files.read(alice, p.id, rel), rel).rejects.toMatchObject({ code });
    }
    expect(readdirSync(path.dirname(p.namespace.workspacePath))).toEqual([p.id]);
    expect(readdirSync(p.namespace.workspacePath)).toEqual([]);
  });

  it('defect: renders were held in memory — a render is streamed in and out', async () => {
    const p = await t.lib.projects.create(alice, { name: 'P' });
    const CHUNK = 64 * 1024;
    const CHUNKS = 64;
    // A streaming store may read a little ahead of the disk (here: up to 1 MiB); one that buffered
    // the render would write nothing until the source ended.
    const AHEAD = 16;
    // Content is written into this process's temp folder (tmp/s-…/) before it is renamed into blobs/.
    const tmp = path.join(t.dir, 'tmp');
    const onDisk = (): number => readdirSync(tmp, { recursive: true, encoding: 'utf8' }).reduce((n, f) => {
      try {
        const st = statSync(path.join(tmp, f));
        return st.isFile() ? n + st.size : n;
      } catch { return n; }
    }, 0);
    let chunks = 0;
    let behind = 0;
    async function* source() {
      for (let i = 0; i < CHUNKS; i++) {
        if (i > AHEAD && behind === 0) {
          // When chunk i is asked for, the chunks before the last AHEAD must be in the temp file already.
          const due = (i - AHEAD) * CHUNK;
          const deadline = Date.now() + 2000;
          while (onDisk() < due && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
          behind = Math.max(0, due - onDisk());
        }
        chunks++;
        yield Buffer.alloc(CHUNK, i);
      }
    }
    const r = await t.lib.renders.store(alice, p.id, { stream: source(), fileName: 'big.mp4' });
    expect(chunks).toBe(CHUNKS);
    expect(behind, 'bytes the store held back from the disk while the source was still producing').toBe(0);
    expect(r.size).toBe(CHUNKS * CHUNK);
    const read = t.lib.renders.read(alice, r.id);
    expect(read).toBeInstanceOf(Readable);
    // Read out in pieces, not as one buffer of the whole render.
    let pieces = 0;
    let largest = 0;
    for await (const c of read as AsyncIterable<Buffer>) {
      pieces++;
      largest = Math.max(largest, c.length);
    }
    expect(pieces).toBeGreaterThan(1);
    expect(largest).toBeLessThanOrEqual(1024 * 1024);
  });

  it('defect: render metadata did not read back — every field survives a restart', async () => {
    const p = await t.lib.projects.create(alice, { name: 'P' });
    const f = path.join(t.dir, 'in.mp4');
    writeFileSync(f, 'video');
    const r = await t.lib.renders.store(alice, p.id, { path: f }, { format: 'mp4', resolution: '1280x720', fps: 25, durationSeconds: 3, codec: 'h264', bitrateKbps: 2500 });
    const again = t.reopen().renders.get(alice, r.id);
    expect(again).toEqual(r);
    expect(again.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('defect: no way to list renders per project', async () => {
    const p = await t.lib.projects.create(alice, { name: 'P' });
    const q = await t.lib.projects.create(alice, { name: 'Q' });
    const f = path.join(t.dir, 'in.mp4');
    writeFileSync(f, 'video');
    const r = await t.lib.renders.store(alice, p.id, { path: f });
    expect(t.lib.renders.list(alice, p.id).map((x) => x.id)).toEqual([r.id]);
    expect(t.lib.renders.list(alice, q.id)).toEqual([]);
  });

  it('defect: assets could not be listed or searched, and project links went stale', async () => {
    const p = await t.lib.projects.create(alice, { name: 'P' });
    const src = tempDir('a');
    try {
      writeFileSync(path.join(src.dir, 'music-bed.wav'), Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVE'), Buffer.alloc(32)]));
      const s = await t.lib.assets.importPaths(alice, [src.dir], { projectId: p.id, tags: ['music'] });
      const id = s.items[0]!.asset!.id;
      expect(t.lib.assets.search(alice).items.map((a) => a.id)).toEqual([id]);
      expect(t.lib.assets.search(alice, { query: 'music' }).items.map((a) => a.id)).toEqual([id]);
      t.lib.projects.delete(alice, p.id);
      await t.lib.trash.empty(alice);
      expect(t.lib.assets.get(alice, id).projectIds).toEqual([]);
    } finally {
      src.cleanup();
    }
  });

  it('defect: checkpoints were not persisted — they survive a restart unchanged', async () => {
    const p = await t.lib.projects.create(alice, { name: 'P' });
    await t.lib.files.write(alice, p.id, 'a.txt', 'A');
    const c = await t.lib.checkpoints.create(alice, p.id, { name: 'v1', description: 'first' });
    const before = t.lib.checkpoints.get(alice, c.id);
    await t.lib.files.write(alice, p.id, 'a.txt', 'changed');
    expect(t.reopen().checkpoints.get(alice, c.id)).toEqual(before);
  });

  it('defect: the same checkpoint name twice overwrote the first — ids are distinct from names', async () => {
    const p = await t.lib.projects.create(alice, { name: 'P' });
    await t.lib.files.write(alice, p.id, 'a.txt', '1');
    const a = await t.lib.checkpoints.create(alice, p.id, { name: 'draft' });
    await t.lib.files.write(alice, p.id, 'a.txt', '2');
    const b = await t.lib.checkpoints.create(alice, p.id, { name: 'draft' });
    expect(a.id).not.toBe(b.id);
    expect(a.id).not.toContain('draft');
    await t.lib.checkpoints.restore(alice, a.id);
    expect(readFileSync(path.join(p.namespace.workspacePath, 'a.txt'), 'utf8')).toBe('1');
  });

  it('defect: restore kept files added since and dropped empty folders', async () => {
    const p = await t.lib.projects.create(alice, { name: 'P' });
    mkdirSync(path.join(p.namespace.workspacePath, 'public', 'fonts'), { recursive: true });
    const c = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    await t.lib.files.write(alice, p.id, 'added.txt', 'later');
    await t.lib.files.delete(alice, p.id, 'public');
    await t.lib.checkpoints.restore(alice, c.id);
    expect(existsSync(path.join(p.namespace.workspacePath, 'added.txt'))).toBe(false);
    expect(statSync(path.join(p.namespace.workspacePath, 'public', 'fonts')).isDirectory()).toBe(true);
  });

  it('defect: delete_checkpoint did not work — a deleted checkpoint is gone for good', async () => {
    const p = await t.lib.projects.create(alice, { name: 'P' });
    const c = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    t.lib.checkpoints.delete(alice, c.id);
    expect(t.lib.checkpoints.list(alice, p.id)).toEqual([]);
    expect(() => t.reopen().checkpoints.get(alice, c.id)).toThrow(/not found/);
  });

  it('defect: a checkpoint without a description failed — none is fine', async () => {
    const p = await t.lib.projects.create(alice, { name: 'P' });
    const c = await t.lib.checkpoints.create(alice, p.id, { name: 'no description' });
    expect(c.description).toBeNull();
  });

  it('defect: USER scope without a userId was not a clear error', async () => {
    await expect(t.lib.projects.create({ sessionId: 's' }, { name: 'P', scope: 'user' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'userId is required for USER scope' });
  });

  it('defect: SESSION expiry was not enforced — invisible at once, swept later', async () => {
    const p = await t.lib.projects.create(alice, { name: 'scratch', scope: 'session', ttlHours: 2 });
    expect(p.namespace.expiresAt).toBe('2026-06-01T14:00:00.000Z');
    const def = await t.lib.projects.create(alice, { name: 'default ttl', scope: 'session' });
    expect(def.namespace).toMatchObject({ ttlHours: 24, expiresAt: '2026-06-02T12:00:00.000Z' });
    clock = new Date('2026-06-01T14:00:00Z');
    expect(t.lib.projects.list(alice).map((x) => x.id)).toEqual([def.id]);
    expect(() => t.lib.projects.get(alice, p.id)).toThrow(/not found/);
    await expect(t.lib.files.write(alice, p.id, 'a.txt', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.lib.sweepExpired()).toMatchObject({ projects: 1 });
    expect(existsSync(p.namespace.workspacePath)).toBe(false);
  });

  it('defect: visibility was enforced only on listing — every read and write of another scope answers NOT_FOUND', async () => {
    const mine = await t.lib.projects.create(alice, { name: 'mine', scope: 'user' });
    const scratch = await t.lib.projects.create(alice, { name: 'scratch', scope: 'session' });
    const otherSession = { userId: 'alice', sessionId: 'another-window' };
    for (const [who, id] of [[bob, mine.id], [bob, scratch.id], [otherSession, scratch.id]] as const) {
      expect(() => t.lib.projects.get(who, id)).toThrow(/not found/);
      expect(() => t.lib.projects.update(who, id, { name: 'hijack' })).toThrow(/not found/);
      expect(() => t.lib.projects.delete(who, id)).toThrow(/not found/);
      await expect(t.lib.files.list(who, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(t.lib.checkpoints.create(who, id, { name: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(() => t.lib.checkpoints.list(who, id)).toThrow(/not found/);
      expect(() => t.lib.renders.list(who, id)).toThrow(/not found/);
    }
    expect(t.lib.projects.get(alice, mine.id).name).toBe('mine');
    // The same user in another session still sees their personal project.
    expect(t.lib.projects.get(otherSession, mine.id).name).toBe('mine');
  });

  it('defect: SANDBOX items must be shared by all users of the library', async () => {
    const s = await t.lib.projects.create(alice, { name: 'team', scope: 'sandbox' });
    expect(t.lib.projects.get(bob, s.id).name).toBe('team');
    await t.lib.files.write(bob, s.id, 'bob.txt', 'hi from bob');
    expect((await readAll(await t.lib.files.read(alice, s.id, 'bob.txt'))).toString()).toBe('hi from bob');
  });

  it('defect: the chosen provider was not really used — filesystem persists, memory leaves nothing behind', async () => {
    const p = await t.lib.projects.create(alice, { name: 'persisted' });
    expect(existsSync(path.join(t.dir, 'library.db'))).toBe(true);
    expect(t.reopen().projects.get(alice, p.id).name).toBe('persisted');

    const mem = openStorage({ provider: 'memory' });
    const root = mem.ctx.dirs.root;
    const m = await mem.projects.create(alice, { name: 'throwaway' });
    await mem.files.write(alice, m.id, 'a.txt', 'x');
    expect(mem.projects.list(alice).map((x) => x.name)).toEqual(['throwaway']);
    expect(existsSync(path.join(root, 'library.db'))).toBe(false);
    mem.close();
    expect(existsSync(root)).toBe(false);
    const mem2 = openStorage({ provider: 'memory' });
    expect(mem2.projects.list(alice)).toEqual([]);
    mem2.close();
  });

  it('defect: timestamps were local time — all are UTC ISO-8601', async () => {
    const p = await t.lib.projects.create(alice, { name: 'P', scope: 'session' });
    const c = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    for (const v of [p.createdAt, p.updatedAt, p.namespace.expiresAt, c.createdAt]) expect(v).toMatch(iso);
  });
});
