import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, truncateSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alice, tempDir, tempLibrary } from '../test-support/fixtures.js';

describe('verify and gc', () => {
  let t: ReturnType<typeof tempLibrary>;
  let src: ReturnType<typeof tempDir>;
  beforeEach(() => { t = tempLibrary(); src = tempDir('src'); });
  afterEach(() => { t.cleanup(); src.cleanup(); });

  async function importOne(name: string, body: string) {
    writeFileSync(path.join(src.dir, name), body);
    const s = await t.lib.assets.importPaths(alice, [path.join(src.dir, name)]);
    return s.items[0]!.asset!;
  }

  it('finds nothing wrong in a clean library', async () => {
    await importOne('a.txt', 'aaa');
    expect(await t.lib.verify({ full: true })).toMatchObject({ ok: true, checkedBlobs: 1, problems: [] });
  });

  it('reports missing, truncated and corrupted content, and stray files', async () => {
    const a = await importOne('a.txt', 'aaaa');
    const b = await importOne('b.txt', 'bbbb');
    const c = await importOne('c.txt', 'cccc');
    const blobs = t.lib.ctx.blobs;
    unlinkSync(blobs.pathOf(a.sha256));
    chmodSync(blobs.pathOf(b.sha256), 0o644);
    truncateSync(blobs.pathOf(b.sha256), 1);
    chmodSync(blobs.pathOf(c.sha256), 0o644);
    writeFileSync(blobs.pathOf(c.sha256), 'CCCC');
    const stray = path.join(t.dir, 'blobs', 'sha256', 'ff', 'f'.repeat(64));
    mkdirSync(path.dirname(stray), { recursive: true });
    writeFileSync(stray, 'nobody knows me');
    const quick = await t.lib.verify();
    expect(quick.ok).toBe(false);
    expect(quick.problems.map((p) => p.kind).sort()).toEqual(['missing-blob', 'size-mismatch', 'stray-file']);
    expect(quick.problems.find((p) => p.kind === 'missing-blob')!.item).toBe(`asset ${a.id}`);
    const full = await t.lib.verify({ full: true });
    expect(full.problems.map((p) => p.kind).sort()).toEqual(['hash-mismatch', 'missing-blob', 'size-mismatch', 'stray-file']);
  });

  it('gc removes only unreferenced content past the grace period', async () => {
    let clock = new Date('2026-03-01T00:00:00Z');
    const c = tempLibrary({ now: () => clock });
    try {
      writeFileSync(path.join(src.dir, 'keep.txt'), 'keep');
      writeFileSync(path.join(src.dir, 'drop.txt'), 'drop');
      const s = await c.lib.assets.importPaths(alice, [path.join(src.dir, 'keep.txt'), path.join(src.dir, 'drop.txt')]);
      const [keep, drop] = s.items.map((i) => i.asset!);
      c.lib.assets.delete(alice, [drop!.id]);
      expect((await c.lib.gc()).removedBlobs).toBe(0); // still in the trash: referenced
      await c.lib.trash.empty(alice);
      expect(await c.lib.gc()).toMatchObject({ removedBlobs: 0, keptYoung: 1 });
      clock = new Date('2026-03-01T02:00:00Z');
      expect(await c.lib.gc()).toMatchObject({ removedBlobs: 1, removedBytes: 4 });
      expect(existsSync(c.lib.ctx.blobs.pathOf(drop!.sha256))).toBe(false);
      expect(existsSync(c.lib.ctx.blobs.pathOf(keep!.sha256))).toBe(true);
      expect((await c.lib.verify({ full: true })).ok).toBe(true);
    } finally {
      c.cleanup();
    }
  });

  it('defect 5: gc keeps a folder under workspaces/ that no project knows, however old, and verify reports it as stray-folder', async () => {
    let clock = new Date('2026-03-01T00:00:00Z');
    const c = tempLibrary({ now: () => clock });
    try {
      await c.lib.projects.create(alice, { name: 'Known' });
      // What a crash between the folder and the row leaves, or a project folder whose catalog row was lost.
      const orphan = path.join(c.dir, 'workspaces', 'prj_orphan');
      mkdirSync(path.join(orphan, 'src'), { recursive: true });
      writeFileSync(path.join(orphan, 'src', 'only-copy.tsx'), 'work nobody checkpointed');
      const old = new Date('2025-01-01T00:00:00Z');
      utimesSync(orphan, old, old);
      clock = new Date('2026-06-01T00:00:00Z');
      const report = await c.lib.gc({ graceMs: 0 });
      expect(report.removedBlobs).toBe(0);
      expect(readFileSync(path.join(orphan, 'src', 'only-copy.tsx'), 'utf8')).toBe('work nobody checkpointed');
      const v = await c.lib.verify();
      expect(v.ok).toBe(false);
      expect(v.problems).toEqual([expect.objectContaining({ kind: 'stray-folder', item: 'workspaces/prj_orphan', detail: expect.stringMatching(/it is kept/) })]);
      rmSync(orphan, { recursive: true });
      expect((await c.lib.verify()).ok).toBe(true);
    } finally {
      c.cleanup();
    }
  });

  it("removes a dead process's temp files at open, and keeps what is not ours", async () => {
    // An older version's temp file of a process that is gone, and a file nobody made.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(path.join(t.dir, 'tmp', `.blob-${dead}-abc.tmp`), 'half a file');
    writeFileSync(path.join(t.dir, 'tmp', 'notes.txt'), 'not ours');
    const lib = t.reopen();
    expect(readdirSync(path.join(t.dir, 'tmp')).sort()).toEqual(['notes.txt', path.basename(lib.ctx.dirs.tmp)].sort());
  });
});
