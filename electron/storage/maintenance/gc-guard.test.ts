import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs, { existsSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alice, tempLibrary } from '../test-support/fixtures.js';
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

  it('a checkpoint whose stat-cached content is collected mid-scan notices, stores it again and succeeds', async () => {
    const p = await t.lib.projects.create(alice, { name: 'P' });
    const root = p.namespace.workspacePath;
    const past = new Date(Date.now() - 120_000);
    for (const n of ['d.txt', 'e.txt']) {
      writeFileSync(path.join(root, n), `content of ${n}`);
      utimesSync(path.join(root, n), past, past);
    }
    const dropped = await t.lib.checkpoints.create(alice, p.id, { name: 'dropped' });
    t.lib.checkpoints.delete(alice, dropped.id);
    clock = new Date('2026-05-01T03:00:00Z');
    // Run gc just after the scan has loaded the stat cache (d.txt's and e.txt's hashes), before it
    // commits: the scan stats files synchronously, so the hook is the workspace folder's readdir.
    const readdir = fs.promises.readdir;
    let collected = 0;
    let busy = false;
    const patched = fs.promises as unknown as { readdir: (...a: unknown[]) => Promise<unknown> };
    patched.readdir = async (...a: unknown[]) => {
      if (!collected && !busy && String(a[0]) === root) {
        busy = true;
        collected = (await t.lib.gc()).removedBlobs;
      }
      return (readdir as (...x: unknown[]) => Promise<unknown>).apply(fs.promises, a);
    };
    try {
      const made = await t.lib.checkpoints.create(alice, p.id, { name: 'made anyway' });
      expect(collected).toBe(2);
      expect(t.lib.checkpoints.get(alice, made.id).entries.map((e) => e.path)).toEqual(['d.txt', 'e.txt']);
    } finally {
      patched.readdir = readdir as unknown as (...a: unknown[]) => Promise<unknown>;
    }
    expect((await t.lib.verify({ full: true })).ok).toBe(true);
  });
});

