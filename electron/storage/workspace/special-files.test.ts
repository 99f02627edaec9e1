import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { alice, tempDir, tempLibrary } from '../test-support/fixtures.js';
import { startTestHost, type TestHost } from '../../web/test-support/web-fixture.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** A file of `size` bytes with `data` at `at` and holes elsewhere. */
function sparseFile(file: string, size: number, at: number, data: Buffer): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, data, 0, data.length, at);
    writeSync(fd, Buffer.from([1]), 0, 1, size - 1);
  } finally {
    closeSync(fd);
  }
}

describe('special files (issue 11, defect 14)', () => {
  let t: ReturnType<typeof tempLibrary>;
  let side: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempLibrary();
    side = tempDir('special');
  });
  afterEach(() => {
    t.cleanup();
    side.cleanup();
  });

  it('a FIFO is never opened for reading: importing one fails at once, the rest goes on', async () => {
    const fifo = path.join(side.dir, 'pipe.mov');
    execFileSync('mkfifo', [fifo]);
    const r = await t.lib.assets.importPaths(alice, [fifo, path.join(side.dir)]);
    expect(r.imported).toBe(0);
    expect(r.failed).toBeGreaterThanOrEqual(1);
    expect(r.items[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/not a (regular )?file/) });
  });

  it('a FIFO inside a workspace is left out of a checkpoint without blocking it', async () => {
    const p = await t.lib.projects.create(alice, { name: 'Pipes' });
    execFileSync('mkfifo', [path.join(p.namespace.workspacePath, 'live.fifo')]);
    const c = await t.lib.checkpoints.create(alice, p.id, { name: 'A' });
    expect(c.fileCount).toBe(0);
  });

  it('a /proc-style file (size says 0, reading gives bytes) is stored with its real content', async () => {
    const file = '/proc/version';
    if (!existsSync(file)) return;
    expect(statSync(file).size).toBe(0);
    const content = readFileSync(file);
    const r = await t.lib.assets.importPaths(alice, [file]);
    expect(r.imported).toBe(1);
    const asset = r.items[0]?.asset;
    expect(asset?.size).toBe(content.length);
    expect(readFileSync(t.lib.ctx.blobs.pathOf(asset?.sha256 as string))).toEqual(content);
  });

  it('a sparse file is stored sparse, and restored sparse', async () => {
    const p = await t.lib.projects.create(alice, { name: 'Sparse' });
    const ws = p.namespace.workspacePath;
    const size = 64 << 20;
    const data = Buffer.alloc(8192, 7);
    sparseFile(path.join(ws, 'disk.img'), size, 1 << 20, data);
    const allocated = statSync(path.join(ws, 'disk.img')).blocks * 512;
    if (allocated > 1 << 20) return; // this filesystem does not keep holes: nothing to compare with
    const c = await t.lib.checkpoints.create(alice, p.id, { name: 'A' });
    const entry = t.lib.checkpoints.get(alice, c.id).entries.find((e) => e.path === 'disk.img');
    const blob = statSync(t.lib.ctx.blobs.pathOf(entry?.sha256 as string));
    expect(blob.size).toBe(size);
    expect(blob.blocks * 512).toBeLessThan(1 << 20);
    rmSync(path.join(ws, 'disk.img'));
    await t.lib.checkpoints.restore(alice, c.id);
    const back = statSync(path.join(ws, 'disk.img'));
    expect(back.size).toBe(size);
    expect(back.blocks * 512).toBeLessThan(1 << 20);
    const whole = readFileSync(path.join(ws, 'disk.img'));
    expect(sha(whole)).toBe(entry?.sha256);
    expect(whole.subarray(1 << 20, (1 << 20) + data.length)).toEqual(data);
  });
});

describe('a FIFO where a blob should be (issue 11, defect 14)', () => {
  let h: TestHost;
  afterEach(async () => h.cleanup());

  it('/media answers at once instead of hanging, and other requests are still answered', async () => {
    h = await startTestHost();
    const src = path.join(h.dir, '..', `clip-${process.pid}.bin`);
    execFileSync('sh', ['-c', `head -c 5000 /dev/urandom > ${src}`]);
    const imp = await h.storage.assets.importPaths({ userId: 'tester', sessionId: 's' }, [src]);
    rmSync(src);
    const digest = imp.items[0]?.asset?.sha256 as string;
    const blob = h.storage.ctx.blobs.pathOf(digest);
    chmodSync(blob, 0o644);
    rmSync(blob);
    expect(spawnSync('mkfifo', [blob]).status).toBe(0);
    const res = await h.raw('GET', `/media/${digest}`, { headers: { Range: 'bytes=0-99' } });
    expect(res.status).toBe(404);
    // The event loop is free: another request is answered too.
    expect((await h.raw('GET', '/api/health')).status).toBeLessThan(500);
  });
});
