/**
 * Pruning the install cache on real folders: the least recently used entries beyond the count or
 * the byte budget go, an entry leased by a live process never does (a lease of a dead one does not
 * count), and staging folders of killed installs are swept while one under way is left alone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, createWriteStream, existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../storage/test-support/fixtures.js';
import { ensureDependencies } from './deps-cache.js';
import { COMPLETE, leaseEntry, pruneDepsCache, pruneLimits } from './deps-cache-prune.js';

/** A pid that was a process a moment ago and is none now. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid as number;
}

describe('pruneDepsCache', () => {
  let t: ReturnType<typeof tempDir>;
  let cache: string;
  beforeEach(() => {
    t = tempDir('deps-prune');
    cache = path.join(t.dir, 'cache');
    mkdirSync(cache);
  });
  afterEach(() => t.cleanup());

  /** A finished entry of `bytes` bytes, last used `ageMin` minutes ago. */
  function entry(name: string, ageMin: number, bytes = 1000, recorded = true): string {
    const dir = path.join(cache, name);
    mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules', 'pkg', 'index.js'), Buffer.alloc(bytes, 1));
    writeFileSync(path.join(dir, COMPLETE), JSON.stringify(recorded ? { key: name, bytes } : { key: name }));
    const at = new Date(Date.now() - ageMin * 60_000);
    utimesSync(path.join(dir, COMPLETE), at, at);
    return dir;
  }

  it('keeps the N most recently used and removes the rest, leaving no half-deleted folder', async () => {
    entry('aaaa', 30);
    entry('bbbb', 10);
    entry('cccc', 20);
    entry('dddd', 40);
    const r = await pruneDepsCache(cache, { keep: 2, maxBytes: Infinity });
    expect(r.kept).toEqual(['bbbb', 'cccc']);
    expect(r.removed.sort()).toEqual(['aaaa', 'dddd']);
    expect(readdirSync(cache).sort()).toEqual(['bbbb', 'cccc']);
  });

  it('keeps under a byte budget, measuring an entry whose marker has no size', async () => {
    entry('new1', 1, 4000);
    entry('mid2', 2, 4000, false);
    entry('old3', 3, 4000);
    const r = await pruneDepsCache(cache, { keep: 10, maxBytes: 9000 });
    expect(r.kept).toEqual(['new1', 'mid2']);
    expect(r.removed).toEqual(['old3']);
    // The measured one counts its node_modules and its marker.
    expect(r.bytesKept).toBeGreaterThan(8000);
    expect(r.bytesKept).toBeLessThanOrEqual(9000);
  });

  it('never removes an entry leased by a live process; a dead process’s lease does not count', async () => {
    const inUse = entry('used', 90);
    const orphan = entry('orph', 80);
    entry('fresh', 1);
    const lease = await leaseEntry(inUse);
    expect(lease).not.toBeNull();
    // Leasing counts as using: it moves the entry to the front. Age it again to test the lease alone.
    const old = new Date(Date.now() - 90 * 60_000);
    utimesSync(path.join(inUse, COMPLETE), old, old);
    mkdirSync(path.join(orphan, '.in-use'));
    writeFileSync(path.join(orphan, '.in-use', `${deadPid()}-abcd`), '');
    const r = await pruneDepsCache(cache, { keep: 1, maxBytes: Infinity });
    expect(r.removed).toEqual(['orph']);
    expect(r.kept.sort()).toEqual(['fresh', 'used']);
    expect(existsSync(path.join(inUse, 'node_modules', 'pkg', 'index.js'))).toBe(true);
    await lease!.release();
    expect((await pruneDepsCache(cache, { keep: 1, maxBytes: Infinity })).removed).toEqual(['used']);
  });

  it('sweeps staging folders of killed installs and leftovers of an interrupted prune; one under way stays', async () => {
    const killed = path.join(cache, `.staging-abc123-${deadPid()}-0badf00d`);
    const running = path.join(cache, `.staging-abc123-${process.pid}-0c0ffee0`);
    const oldFormat = path.join(cache, '.staging-abc123-deadbeef');
    const newOldFormat = path.join(cache, '.staging-abc124-feedbeef');
    const halfPruned = path.join(cache, '.pruning-abc125-12345678');
    for (const d of [killed, running, oldFormat, newOldFormat, halfPruned]) mkdirSync(path.join(d, 'node_modules'), { recursive: true });
    const hoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(oldFormat, hoursAgo, hoursAgo);
    const r = await pruneDepsCache(cache);
    expect(r.swept.sort()).toEqual([path.basename(halfPruned), path.basename(oldFormat), path.basename(killed)].sort());
    expect(readdirSync(cache).sort()).toEqual([path.basename(newOldFormat), path.basename(running)].sort());
  });

  it('a lease on an entry that is gone (pruned by another process) is refused and leaves nothing behind', async () => {
    expect(await leaseEntry(path.join(cache, 'gone'))).toBeNull();
    expect(readdirSync(cache)).toEqual([]);
  });

  it('reads its limits from the environment', () => {
    expect(pruneLimits({})).toEqual({ keep: 3, maxBytes: 4 * 1024 ** 3 });
    expect(pruneLimits({ REELVAULT_RENDER_CACHE_KEEP: '1', REELVAULT_RENDER_CACHE_MAX_MB: '500' })).toEqual({ keep: 1, maxBytes: 500 * 1024 * 1024 });
    expect(pruneLimits({ REELVAULT_RENDER_CACHE_KEEP: 'lots' }).keep).toBe(3);
  });
});

describe.skipIf(process.platform === 'win32')('ensureDependencies with pruning', () => {
  let t: ReturnType<typeof tempDir>;
  let log: WriteStream;
  beforeEach(() => {
    t = tempDir('deps-prune-install');
    log = createWriteStream(path.join(t.dir, 'log.txt'));
  });
  afterEach(() => {
    log.end();
    t.cleanup();
  });

  function project(name: string, version: string): string {
    const dir = path.join(t.dir, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, dependencies: { remotion: version } }));
    return dir;
  }

  it('a new install prunes the cache to its limits, but not an entry a render still holds', async () => {
    const npm = path.join(t.dir, 'npm');
    writeFileSync(npm, '#!/bin/sh\nmkdir -p node_modules/remotion\necho x > node_modules/remotion/index.js\n');
    chmodSync(npm, 0o755);
    const cacheDir = path.join(t.dir, 'cache');
    const opts = { cacheDir, log, env: { ...process.env, REELVAULT_NPM: npm }, prune: { keep: 1, maxBytes: Infinity } };
    const a = await ensureDependencies(project('a', '4.0.1'), opts);
    const b = await ensureDependencies(project('b', '4.0.2'), opts);
    // a is still leased (its render runs): both stay although keep is 1.
    expect(readdirSync(cacheDir).sort()).toEqual([a.key, b.key].sort());
    await a.release();
    await b.release();
    const c = await ensureDependencies(project('c', '4.0.3'), opts);
    expect(readdirSync(cacheDir)).toEqual([c.key]);
    // The size was recorded at install, so pruning need not walk node_modules.
    expect(JSON.parse(await import('node:fs/promises').then((f) => f.readFile(path.join(cacheDir, c.key, COMPLETE), 'utf8'))).bytes).toBeGreaterThan(0);
  });
});
