import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alice, tempLibrary } from './test-support/fixtures.js';
import { assertContentPresent, ContentCollected, gcEpoch, retryIfCollected } from './gc-guard.js';

describe('gc never pulls content from under a writer', () => {
  let clock: Date;
  let t: ReturnType<typeof tempLibrary>;
  beforeEach(() => {
    clock = new Date('2026-05-01T00:00:00Z');
    t = tempLibrary({ now: () => clock });
  });
  afterEach(() => t.cleanup());

  it('gc moves the epoch only when it deletes something', async () => {
    const e0 = gcEpoch(t.lib.ctx);
    await t.lib.gc();
    expect(gcEpoch(t.lib.ctx)).toBe(e0);
    const p = await t.lib.projects.create(alice, { name: 'P' });
    await t.lib.files.write(alice, p.id, 'a.txt', 'content');
    const c = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    t.lib.checkpoints.delete(alice, c.id);
    clock = new Date('2026-05-01T03:00:00Z');
    expect((await t.lib.gc()).removedBlobs).toBe(1);
    expect(gcEpoch(t.lib.ctx)).toBe(e0 + 1);
  });

  it('a checkpoint racing a gc that collects the content it would reuse stores it again', async () => {
    const p = await t.lib.projects.create(alice, { name: 'P' });
    const file = path.join(p.namespace.workspacePath, 'scene.txt');
    writeFileSync(file, 'scene');
    const old = await t.lib.checkpoints.create(alice, p.id, { name: 'old' });
    const sha = t.lib.checkpoints.get(alice, old.id).entries[0]!.sha256!;
    t.lib.checkpoints.delete(alice, old.id);
    clock = new Date('2026-05-01T03:00:00Z');
    const making = t.lib.checkpoints.create(alice, p.id, { name: 'new' }); // pauses at its first await
    const collected = await t.lib.gc(); // runs its transaction meanwhile
    expect(collected.removedBlobs).toBe(1);
    const made = await making;
    expect(t.lib.checkpoints.get(alice, made.id).entries[0]!.sha256).toBe(sha);
    expect(existsSync(t.lib.ctx.blobs.pathOf(sha))).toBe(true);
    expect((await t.lib.verify({ full: true })).ok).toBe(true);
  });

  it('the referencing transaction refuses content that vanished after the epoch moved, and the writer retries', async () => {
    const ctx = t.lib.ctx;
    const put = await ctx.blobs.putBuffer(Buffer.from('x'));
    const epoch = gcEpoch(ctx);
    // Unchanged epoch: no checks at all, even for a missing file (the common, free path).
    rmSync(ctx.blobs.pathOf(put.sha256), { force: true });
    expect(() => assertContentPresent(ctx, epoch, [put.sha256])).not.toThrow();
    ctx.db.prepare("UPDATE meta SET value = '99' WHERE key = 'gc_epoch'").run();
    expect(() => assertContentPresent(ctx, epoch, [put.sha256])).toThrow(ContentCollected);
    let attempts = 0;
    const value = await retryIfCollected(async () => {
      attempts++;
      if (attempts === 1) throw new ContentCollected();
      return 'stored again';
    });
    expect([value, attempts]).toEqual(['stored again', 2]);
  });
});
