import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { insertAssets, type NewAsset } from './asset-bulk.js';
import { searchAssets, searchAssetsCounted } from './assets.js';
import { MatchCounter } from './match-counter.js';
import { alice, tempLibrary } from '../test-support/fixtures.js';

/** The compiled worker (npm run build:cli, which npm test runs before the unit tests): vitest runs sources. */
const WORKER = path.resolve('dist/electron/storage/assets/count-worker.js');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
/** A COUNT that takes a while: every integer up to n. */
const SLOW = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < @n) SELECT count(*) FROM c';

describe('counting a search\'s whole match off the host\'s thread', () => {
  let t: ReturnType<typeof tempLibrary>;
  let counter: MatchCounter;
  beforeEach(() => {
    expect(existsSync(WORKER), `${WORKER} is missing: run npm run build:cli first`).toBe(true);
    t = tempLibrary();
    counter = new MatchCounter(t.lib.ctx.db, { workerFile: WORKER });
  });
  afterEach(() => {
    counter.close();
    t.cleanup();
  });

  it('runs the count on the worker: this thread keeps turning while it counts', async () => {
    expect(counter.offThread).toBe(true);
    let ticks = 0;
    const tick = setInterval(() => ticks++, 5);
    const before = performance.now();
    const n = await counter.count(SLOW, { n: 3_000_000 });
    const took = performance.now() - before;
    clearInterval(tick);
    expect(n).toBe(3_000_000);
    // Synchronously there would be no tick at all until the count returned.
    expect(ticks).toBeGreaterThan(Math.min(5, took / 20));
  });

  it('gives the same totals as counting here, for the same searches, and sees what was just committed', async () => {
    const names = Array.from({ length: 1200 }, (_, i) => `clip ${i % 7 === 0 ? 'sunset' : 'street'} ${i}.mp4`);
    const list: NewAsset[] = names.map((name, i) => ({ name, sha256: sha(name), size: 100 + i, mime: 'video/mp4', tags: i % 3 ? ['broll'] : ['music'] }));
    const add = t.lib.ctx.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)');
    for (const it of list) add.run(it.sha256, it.size, '2026-01-01T00:00:00.000Z');
    insertAssets(t.lib.ctx, alice, list);
    for (const input of [{}, { query: 'sun' }, { query: 's' }, { tag: 'music' }, { query: 'street', tag: 'broll' }, { query: 'nothing' }]) {
      const here = searchAssets(t.lib.ctx, alice, { ...input, limit: 10, withTotal: true });
      const there = await searchAssetsCounted(t.lib.ctx, alice, { ...input, limit: 10, withTotal: true }, counter);
      expect({ input, total: there.total, ids: there.items.map((a) => a.id) }).toEqual({ input, total: here.total, ids: here.items.map((a) => a.id) });
    }
    expect((await searchAssetsCounted(t.lib.ctx, alice, { limit: 1, withTotal: true }, counter)).total).toBe(1200);
  });

  it('counts here when no worker can run, and after the worker is gone', async () => {
    const none = new MatchCounter(t.lib.ctx.db, { workerFile: '/nonexistent/count-worker.js' });
    expect(none.offThread).toBe(false);
    expect(await none.count(SLOW, { n: 10 })).toBe(10);
    counter.close();
    expect(await counter.count(SLOW, { n: 12 })).toBe(12);
  });

  it('reports a statement the database refuses, from the worker as from here', async () => {
    await expect(counter.count('SELECT count(*) FROM no_such_table', {})).rejects.toThrow(/no such table/);
  });
});
