import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, readdirSync, rmSync, truncateSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { alice, bob, tempDir } from '../test-support/fixtures.js';
import { openStorage, rebuildCatalog, type Storage } from '../index.js';
import { journaledTables, tableShape } from './catalog-journal.js';
import { listSnapshots, maintainSnapshots, SNAPSHOT_EVERY_CHANGES, takeSnapshotInBackground } from './catalog-snapshot.js';
import { journalPosition } from './catalog-journal.js';
import { MARKER_FILE } from '../core/library-folder.js';

/** Every journaled row of the catalog, table by table, in key order: what a rebuild must bring back. */
function dump(lib: Storage): Record<string, unknown[]> {
  const db = lib.ctx.db;
  const out: Record<string, unknown[]> = {};
  for (const t of journaledTables(db)) {
    const { key } = tableShape(db, t);
    out[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY ${key.map((k) => `"${k}"`).join(', ')}`).all();
  }
  return out;
}

/** The catalog emptied, then rebuilt: from a snapshot, and to exactly the rows acknowledged. */
function expectRebuiltFromSnapshot(dir: string, acknowledged: Record<string, unknown[]>): void {
  LOSSES.emptied(path.join(dir, 'library.db'));
  expect(rebuildCatalog(dir).base).toBe('snapshot');
  const back = openStorage({ provider: 'filesystem', dir });
  try {
    expect(dump(back)).toEqual(acknowledged);
  } finally {
    back.close();
  }
}

type Step = (lib: Storage, dir: string) => Promise<unknown>;

/** A session a user might have: every kind of catalog write, each acknowledged before the next. */
function session(src: string): Step[] {
  let p = '';
  let q = '';
  let ckp = '';
  let asset = '';
  return [
    async (lib) => { p = (await lib.projects.create(alice, { name: 'Launch', fps: 29.97002997002997 })).id; },
    async (lib) => { await lib.files.write(alice, p, 'src/Main.tsx', 'export const Main = 1;\n'); },
    async (lib) => { ckp = (await lib.checkpoints.create(alice, p, { name: 'first', description: 'd' })).id; },
    async (lib) => {
      const r = await lib.assets.importPaths(alice, [path.join(src, 'a.txt'), path.join(src, 'b.txt')], { tags: ['x', 'Launch'], projectId: p });
      asset = r.items[0]?.asset?.id ?? '';
    },
    async (lib) => { lib.assets.tag(alice, [asset], ['hero']); },
    async (lib) => { await lib.renders.store(alice, p, { path: path.join(src, 'a.txt') }, { name: 'cut 1', format: 'mp4', fps: 30000 / 1001 }); },
    async (lib) => {
      const r = lib.renders.list(alice, p)[0]!;
      lib.notes.add(alice, { renderId: r.id }, { body: 'logo late', frameFrom: 12, frameTo: 30 });
      lib.notes.add(alice, { checkpointId: ckp }, { body: 'approved' });
    },
    async (lib) => { lib.projects.update(alice, p, { name: 'Launch v2', width: 1280 }); },
    async (lib) => { await lib.files.write(alice, p, 'src/Main.tsx', 'export const Main = 2;\n'); },
    async (lib) => { await lib.checkpoints.restore(alice, ckp); },
    async (lib) => { q = (await lib.projects.create(bob, { name: 'Scratch', scope: 'session', ttlHours: 2 })).id; },
    async (lib) => { lib.projects.delete(bob, q); },
    async (lib) => { lib.assets.untag(alice, [asset], ['x']); },
    async (lib) => { lib.assets.delete(alice, [asset]); },
    async (lib) => { lib.trash.restore(alice, [asset]); },
  ];
}

/** The ways a catalog is lost: deleted, emptied, cut short, or overwritten with something else. */
const LOSSES = {
  deleted: (db: string) => { for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true }); },
  emptied: (db: string) => { truncateSync(db, 0); },
  truncated: (db: string) => { truncateSync(db, 4096); for (const s of ['-wal', '-shm']) rmSync(db + s, { force: true }); },
  garbage: (db: string) => { writeFileSync(db, Buffer.alloc(8192, 0x5a)); },
} as const;

describe('a lost catalog loses nothing acknowledged (issue 11, defect 4)', () => {
  let root: ReturnType<typeof tempDir>;
  let src: string;
  let dir: string;
  beforeEach(() => {
    root = tempDir('rebuild');
    src = path.join(root.dir, 'src');
    dir = path.join(root.dir, 'lib');
    mkdirSync(src);
    writeFileSync(path.join(src, 'a.txt'), 'alpha content');
    writeFileSync(path.join(src, 'b.txt'), 'beta content');
  });
  afterEach(() => root.cleanup());

  it('defect 4: an emptied library.db beside content is refused, not a new empty library, and gc cannot run', async () => {
    const lib = openStorage({ provider: 'filesystem', dir });
    for (const step of session(src).slice(0, 6)) await step(lib, dir);
    const blobs = readdirSync(path.join(dir, 'blobs', 'sha256')).length;
    lib.close();
    truncateSync(path.join(dir, 'library.db'), 0);
    expect(() => openStorage({ provider: 'filesystem', dir })).toThrow(/catalog of the library .* is empty.*repair --rebuild/s);
    // Nothing was touched: the content is all still there.
    expect(readdirSync(path.join(dir, 'blobs', 'sha256')).length).toBe(blobs);
    expect(readdirSync(path.join(dir, 'workspaces')).length).toBe(1);
  });

  it('a missing library.db beside content, in a folder without a marker (a library made before markers), is refused too', async () => {
    const lib = openStorage({ provider: 'filesystem', dir });
    for (const step of session(src).slice(0, 4)) await step(lib, dir);
    lib.close();
    unlinkSync(path.join(dir, MARKER_FILE));
    LOSSES.deleted(path.join(dir, 'library.db'));
    expect(() => openStorage({ provider: 'filesystem', dir })).toThrow(/holds library content but its library.db is missing/);
  });

  it('rebuilds a healthy catalog to exactly the rows it had (the journal replays to the same state)', async () => {
    const lib = openStorage({ provider: 'filesystem', dir });
    for (const step of session(src)) await step(lib, dir);
    const before = dump(lib);
    // Review notes (issue 14) are journaled like every table: the rebuild must bring both back.
    expect(before.review_notes).toHaveLength(2);
    lib.close();
    const r = rebuildCatalog(dir);
    expect(r).toMatchObject({ base: 'empty', missingContent: [], warnings: [] });
    expect(r.changesReplayed).toBeGreaterThan(20);
    const back = openStorage({ provider: 'filesystem', dir });
    try {
      expect(dump(back)).toEqual(before);
      expect(await back.verify({ full: true })).toMatchObject({ ok: true });
      // The full-text index is made again: search finds the asset by its tag and its name.
      expect(back.assets.search(alice, { query: 'hero' }).items.map((a) => a.name)).toEqual(['a.txt']);
      // The old files were moved aside, not deleted.
      expect(readdirSync(r.movedAside as string)).toContain('library.db');
    } finally {
      back.close();
    }
  });

  it('at random points of a session, with the catalog lost in any of four ways, the rebuild equals what was acknowledged', async () => {
    const steps = session(src).length;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: steps }),
        fc.constantFrom(...(Object.keys(LOSSES) as (keyof typeof LOSSES)[])),
        fc.option(fc.integer({ min: 1, max: steps }), { nil: null }),
        async (cut, loss, snapshotAt) => {
          rmSync(dir, { recursive: true, force: true });
          const script = session(src);
          let lib = openStorage({ provider: 'filesystem', dir });
          for (let i = 0; i < cut; i++) {
            await (script[i] as Step)(lib, dir);
            // Sometimes the journal has been compacted into snapshots along the way (twice: trimmed).
            if (snapshotAt !== null && i + 1 === snapshotAt) {
              maintainSnapshots(lib.ctx.db, dir, { force: true });
              maintainSnapshots(lib.ctx.db, dir, { force: true });
            }
          }
          const acknowledged = dump(lib);
          lib.close();
          LOSSES[loss](path.join(dir, 'library.db'));
          expect(() => openStorage({ provider: 'filesystem', dir })).toThrow(/repair --rebuild/);
          const r = rebuildCatalog(dir);
          expect(r.missingContent).toEqual([]);
          lib = openStorage({ provider: 'filesystem', dir });
          try {
            expect(dump(lib)).toEqual(acknowledged);
            // And the library goes on working: the rest of the session runs on the rebuilt catalog.
            for (let i = cut; i < script.length; i++) await (script[i] as Step)(lib, dir);
            expect((await lib.verify()).ok).toBe(true);
          } finally {
            lib.close();
          }
        },
      ),
      { numRuns: Number(process.env.REELVAULT_REBUILD_RUNS ?? 12) },
    );
  });

  it('a catalog deleted while a process still has it open: what that process saves afterwards is kept too', async () => {
    const lib = openStorage({ provider: 'filesystem', dir });
    const script = session(src);
    for (const step of script.slice(0, 5)) await step(lib, dir);
    LOSSES.deleted(path.join(dir, 'library.db'));
    for (const step of script.slice(5)) await step(lib, dir);
    const acknowledged = dump(lib);
    lib.close();
    rebuildCatalog(dir);
    const back = openStorage({ provider: 'filesystem', dir });
    try {
      expect(dump(back)).toEqual(acknowledged);
    } finally {
      back.close();
    }
  });

  it('snapshots made on a worker thread while the host keeps writing: the rebuild from them equals what was acknowledged', async () => {
    // The compiled worker (npm run build:cli, which npm test runs before the unit tests); vitest runs sources.
    const worker = path.resolve('dist/electron/storage/maintenance/snapshot-worker.js');
    expect(existsSync(worker), `${worker} is missing: run npm run build:cli first`).toBe(true);
    const lib = openStorage({ provider: 'filesystem', dir });
    const steps = session(src);
    for (const step of steps.slice(0, 5)) await step(lib, dir);
    // Writes go on while the first copy is made, and between the two.
    const first = takeSnapshotInBackground(lib.ctx.db, dir, () => true, worker);
    for (const step of steps.slice(5, 8)) await step(lib, dir);
    const a = await first;
    for (const step of steps.slice(8, 11)) await step(lib, dir);
    const b = await takeSnapshotInBackground(lib.ctx.db, dir, () => true, worker);
    for (const step of steps.slice(11)) await step(lib, dir);
    expect(a && b && b.position > a.position).toBe(true);
    expect(listSnapshots(dir).map((x) => x.position)).toEqual([b?.position, a?.position]);
    // A library closed before its copy lands keeps the snapshots it had, and no copy is left behind.
    expect(await takeSnapshotInBackground(lib.ctx.db, dir, () => false, worker)).toBeNull();
    expect(listSnapshots(dir)).toHaveLength(2);
    expect(readdirSync(path.join(dir, 'catalog')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const acknowledged = dump(lib);
    lib.close();
    // The second snapshot trimmed the journal: the rebuild starts from a snapshot.
    expectRebuiltFromSnapshot(dir, acknowledged);
  });

  it('a snapshot copy left by a process that exited mid-copy is removed at the next open, unless it may be in the making', () => {
    openStorage({ provider: 'filesystem', dir }).close();
    const stale = path.join(dir, 'catalog', '.snapshot-0123456789ab.tmp');
    const fresh = path.join(dir, 'catalog', '.snapshot-ba9876543210.tmp');
    writeFileSync(stale, 'half a catalog');
    writeFileSync(fresh, 'a copy another process is making');
    const hoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
    utimesSync(stale, hoursAgo, hoursAgo);
    openStorage({ provider: 'filesystem', dir }).close();
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });

  it('a journal grown long is snapshotted soon after the open, not during it', async () => {
    const lib = openStorage({ provider: 'filesystem', dir });
    for (const step of session(src).slice(0, 3)) await step(lib, dir);
    // A journal past the threshold, as a bulk tag of 1,000,000 assets leaves it (a change numbered
    // that far on: the check reads positions, not rows).
    const far = journalPosition(lib.ctx.db) + SNAPSHOT_EVERY_CHANGES + 1;
    lib.ctx.db.prepare("INSERT INTO journal.changes (seq, shape, op, row) VALUES (?, 0, 'U', '{}')").run(far);
    expect(listSnapshots(dir)).toEqual([]);
    lib.close();
    const again = openStorage({ provider: 'filesystem', dir, snapshotCheckMs: 50 });
    try {
      // The open took none (it took 13 s at 1,000,000 assets); the check after it does.
      expect(listSnapshots(dir)).toEqual([]);
      await vi.waitFor(() => expect(listSnapshots(dir).map((x) => x.position)).toEqual([far]), { timeout: 15_000, interval: 50 });
    } finally {
      again.close();
    }
  });

  it('a library made before journals gets a snapshot at its first open, and rebuilds from it', async () => {
    const lib = openStorage({ provider: 'filesystem', dir });
    for (const step of session(src).slice(0, 7)) await step(lib, dir);
    lib.close();
    // What an older Reelvault left: no marker, no journal, no snapshots.
    rmSync(path.join(dir, 'catalog'), { recursive: true });
    unlinkSync(path.join(dir, MARKER_FILE));
    const adopted = openStorage({ provider: 'filesystem', dir });
    const acknowledged = dump(adopted);
    expect(existsSync(path.join(dir, MARKER_FILE))).toBe(true);
    expect(readdirSync(path.join(dir, 'catalog')).filter((n) => n.startsWith('snapshot-'))).toHaveLength(1);
    adopted.close();
    expectRebuiltFromSnapshot(dir, acknowledged);
  });

  it('is refused while another process has the library open', async () => {
    const lib = openStorage({ provider: 'filesystem', dir });
    try {
      expect(() => rebuildCatalog(dir)).toThrow(/another Reelvault process has .* open/);
    } finally {
      lib.close();
    }
  });
});
