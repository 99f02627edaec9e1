import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { alice, bob, readAll, tempDir, tempLibrary } from '../test-support/fixtures.js';
import type { Project } from '../../../shared/models.js';

describe('renders', () => {
  let t: ReturnType<typeof tempLibrary>;
  let out: ReturnType<typeof tempDir>;
  let p: Project;
  beforeEach(async () => {
    t = tempLibrary();
    out = tempDir('out');
    p = await t.lib.projects.create(alice, { name: 'R' });
  });
  afterEach(() => { t.cleanup(); out.cleanup(); });

  it('stores from a path with metadata, pointing at a checkpoint of the workspace made on the spot', async () => {
    await t.lib.files.write(alice, p.id, 'src/scene.tsx', 'scene v1');
    const file = path.join(out.dir, 'final.mp4');
    writeFileSync(file, Buffer.alloc(4096, 9));
    const r = await t.lib.renders.store(alice, p.id, { path: file }, { resolution: '1920x1080', fps: 30, durationSeconds: 12.5, codec: 'h264', bitrateKbps: 8000 });
    expect(r).toMatchObject({ name: 'final.mp4', format: 'mp4', width: 1920, height: 1080, fps: 30, durationSeconds: 12.5, codec: 'h264', bitrateKbps: 8000, size: 4096 });
    const cps = t.lib.checkpoints.list(alice, p.id);
    expect(cps).toHaveLength(1);
    expect(cps[0]).toMatchObject({ id: r.checkpointId, kind: 'auto', renderIds: [r.id] });
    // A second render of the unchanged workspace reuses that checkpoint.
    const r2 = await t.lib.renders.store(alice, p.id, { path: file }, { name: 'again' });
    expect(r2.checkpointId).toBe(r.checkpointId);
    expect(t.lib.checkpoints.list(alice, p.id)).toHaveLength(1);
  });

  it('stores from a stream and reads back the same bytes, whole and by range', async () => {
    const data = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 251));
    const r = await t.lib.renders.store(alice, p.id, { stream: Readable.from([data.subarray(0, 3000), data.subarray(3000)]), fileName: 'clip.webm' });
    expect(r).toMatchObject({ format: 'webm', size: 10_000 });
    expect((await readAll(t.lib.renders.read(alice, r.id))).equals(data)).toBe(true);
    expect((await readAll(t.lib.renders.read(alice, r.id, { start: 100, end: 199 }))).equals(data.subarray(100, 200))).toBe(true);
  });

  it('lists newest first, exports a copy, deletes to the trash', async () => {
    let n = 0;
    const c = tempLibrary({ now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, n++)) });
    try {
      const q = await c.lib.projects.create(alice, { name: 'Q' });
      const file = path.join(out.dir, 'a.mp4');
      writeFileSync(file, 'aaaa');
      const r1 = await c.lib.renders.store(alice, q.id, { path: file }, { name: 'first' });
      writeFileSync(file, 'bbbb');
      const r2 = await c.lib.renders.store(alice, q.id, { path: file }, { name: 'second' });
      expect(c.lib.renders.list(alice, q.id).map((r) => r.name)).toEqual(['second', 'first']);
      const dest = await c.lib.renders.export(alice, r1.id, out.dir);
      expect(readFileSync(dest, 'utf8')).toBe('aaaa');
      await expect(c.lib.renders.export(alice, r1.id, out.dir)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      c.lib.renders.delete(alice, r2.id);
      expect(c.lib.renders.list(alice, q.id).map((r) => r.id)).toEqual([r1.id]);
      expect(c.lib.trash.list(alice).map((i) => i.id)).toEqual([r2.id]);
    } finally {
      c.cleanup();
    }
  });

  it('refuses bad metadata and empty renders; invisible to other users', async () => {
    const file = path.join(out.dir, 'x.mp4');
    writeFileSync(file, 'x');
    await expect(t.lib.renders.store(alice, p.id, { path: file }, { resolution: 'big' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    writeFileSync(path.join(out.dir, 'empty.mp4'), '');
    await expect(t.lib.renders.store(alice, p.id, { path: path.join(out.dir, 'empty.mp4') })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: /empty/ });
    const r = await t.lib.renders.store(alice, p.id, { path: file });
    expect(() => t.lib.renders.get(bob, r.id)).toThrow(/not found/);
    expect(() => t.lib.renders.read(bob, r.id)).toThrow(/not found/);
    await expect(t.lib.renders.store(bob, p.id, { path: file })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
