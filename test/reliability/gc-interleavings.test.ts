/**
 * gc against concurrent writers, model-based: fast-check picks a set of operations (imports that
 * dedupe against collectable content, checkpoints that reuse it through the stat cache, restores,
 * deletes, gc with no grace period) and an interleaving of their every file-system step. Whatever it
 * picks, no row may end up pointing at missing content. Checkpoints of an unchanged tree share one
 * manifest (its rows kept under the owner): deleting an owner hands the rows to a sharer, and every
 * checkpoint must still list its whole tree. The seed is printed on failure.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs, { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openStorage, type Storage } from '../../electron/storage/index.js';
import { tempDir } from '../../electron/storage/test-support/fixtures.js';
import { actor } from './crash-scenarios.js';
import { recordFigures } from './figures.js';

const LONG = process.env.RELIABILITY_LONG === '1';
type Cmd = { op: 'import'; file: number } | { op: 'checkpoint' } | { op: 'restore' } | { op: 'trash-and-empty' } | { op: 'gc' } | { op: 'delete-checkpoint' } | { op: 'delete-owner' };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ op: fc.constant('import' as const), file: fc.integer({ min: 0, max: 2 }) }),
  fc.constant({ op: 'checkpoint' as const }),
  fc.constant({ op: 'restore' as const }),
  fc.constant({ op: 'trash-and-empty' as const }),
  fc.constant({ op: 'gc' as const }),
  fc.constant({ op: 'gc' as const }),
  fc.constant({ op: 'delete-checkpoint' as const }),
  fc.constant({ op: 'delete-owner' as const }),
);

interface World {
  lib: Storage;
  files: string[];
  projectId: string;
  /** The tree restores go back to: 'keep' and its twin share one manifest. */
  keepTree: string;
  cleanup(): void;
}

/** Content that is collectable (its asset and checkpoint are gone) yet about to be used again. */
async function world(): Promise<World> {
  const t = tempDir('gc-model');
  const lib = openStorage({ provider: 'filesystem', dir: path.join(t.dir, 'lib'), now: () => new Date(Date.now() + 86_400_000) });
  const data = path.join(t.dir, 'data');
  mkdirSync(data);
  const files = [0, 1, 2].map((i) => {
    const f = path.join(data, `f${i}.bin`);
    writeFileSync(f, `content ${i} `.repeat(100 * (i + 1)));
    return f;
  });
  const imp = await lib.assets.importPaths(actor, files);
  lib.assets.delete(actor, imp.items.map((i) => i.asset!.id));
  await lib.trash.empty(actor);
  const p = await lib.projects.create(actor, { name: 'model' });
  const root = p.namespace.workspacePath;
  writeFileSync(path.join(root, 'a.txt'), 'content 0 '.repeat(100));
  writeFileSync(path.join(root, 'b.txt'), 'workspace only');
  const past = new Date(Date.now() - 120_000);
  for (const n of ['a.txt', 'b.txt']) utimesSync(path.join(root, n), past, past);
  const keep = await lib.checkpoints.create(actor, p.id, { name: 'keep' });
  await lib.checkpoints.create(actor, p.id, { name: 'keep twin' });
  // d.txt's content is stat-cached but only a deleted checkpoint referenced it: collectable, yet the
  // next checkpoint reuses it without reading the file. e*.txt give that scan awaits after d.txt.
  writeFileSync(path.join(root, 'd.txt'), 'only in a deleted checkpoint');
  for (const n of ['e1.txt', 'e2.txt', 'e3.txt']) writeFileSync(path.join(root, n), `later ${n}`);
  for (const n of ['d.txt', 'e1.txt', 'e2.txt', 'e3.txt']) utimesSync(path.join(root, n), past, past);
  const dropped = await lib.checkpoints.create(actor, p.id, { name: 'dropped' });
  lib.checkpoints.delete(actor, dropped.id);
  writeFileSync(path.join(root, 'c.txt'), 'added later');
  return { lib, files, projectId: p.id, keepTree: keep.treeHash, cleanup: () => { lib.close(); t.cleanup(); } };
}

async function run(w: World, c: Cmd): Promise<void> {
  switch (c.op) {
    case 'import': {
      const s = await w.lib.assets.importPaths(actor, [w.files[c.file]!]);
      if (s.failed) throw new Error(s.items[0]!.error);
      return;
    }
    case 'checkpoint':
      await w.lib.checkpoints.create(actor, w.projectId, { name: 'model' });
      return;
    case 'restore': {
      const target = w.lib.checkpoints.list(actor, w.projectId).find((k) => k.treeHash === w.keepTree);
      if (target) await w.lib.checkpoints.restore(actor, target.id);
      return;
    }
    case 'trash-and-empty': {
      const ids = w.lib.assets.search(actor).items.map((a) => a.id);
      if (ids.length) w.lib.assets.delete(actor, ids);
      await w.lib.trash.empty(actor);
      return;
    }
    case 'gc':
      await w.lib.gc({ graceMs: 0 });
      return;
    case 'delete-checkpoint': {
      const cps = w.lib.checkpoints.list(actor, w.projectId).filter((k) => k.treeHash !== w.keepTree);
      if (cps[0]) w.lib.checkpoints.delete(actor, cps[0].id);
      return;
    }
    case 'delete-owner': {
      // The oldest checkpoint whose manifest others share (at first 'keep' itself).
      const owner = w.lib.ctx.db
        .prepare('SELECT o.id FROM checkpoints o WHERE o.project_id = ? AND EXISTS (SELECT 1 FROM checkpoints s WHERE s.manifest_id = o.id) ORDER BY o.seq LIMIT 1')
        .pluck()
        .get(w.projectId) as string | undefined;
      if (owner) w.lib.checkpoints.delete(actor, owner);
      return;
    }
  }
}

/** Routes every promise fs call through the scheduler, so fast-check decides the interleaving. */
function throughScheduler(s: fc.Scheduler): () => void {
  const fsp = fs.promises as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const names = ['open', 'rename', 'copyFile', 'readFile', 'readdir', 'lstat', 'stat', 'rm', 'mkdir', 'chmod', 'realpath'];
  const originals = names.map((n) => [n, fsp[n]!] as const);
  for (const [n, orig] of originals) fsp[n] = async (...a: unknown[]) => { await s.schedule(Promise.resolve(), n); return orig.apply(fs.promises, a); };
  return () => { for (const [n, orig] of originals) fsp[n] = orig; };
}

describe('gc and concurrent writers (model-based, fast-check)', () => {
  it('no interleaving leaves a row pointing at collected content', async () => {
    let runs = 0;
    let conflicts = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(cmdArb, { minLength: 2, maxLength: 5 }), async (s, cmds) => {
        runs++;
        const w = await world();
        const restore = throughScheduler(s);
        try {
          // Each command starts at a point the scheduler picks, not all at once.
          const all = Promise.allSettled(cmds.map(async (c) => { await s.schedule(Promise.resolve(), `start ${c.op}`); await run(w, c); }));
          const results = await s.waitFor(all);
          results.forEach((r, i) => {
            if (r.status === 'rejected') {
              // Losing a race twice in a row is a clear, retryable conflict; a restore whose checkpoint
              // was deleted while it ran says so; anything else is a bug.
              const code = (r.reason as { code?: string }).code;
              if (code === 'NOT_FOUND' && cmds[i]!.op === 'restore') return;
              if (code !== 'CONFLICT') throw r.reason;
              conflicts++;
            }
          });
        } finally {
          restore();
        }
        try {
          const v = await w.lib.verify({ full: true });
          const bad = v.problems.filter((p) => p.kind !== 'stray-file');
          expect(bad, `after ${cmds.map((c) => c.op).join(', ')}`).toEqual([]);
          // Every checkpoint, owner or sharer, still reads back its whole manifest.
          for (const c of w.lib.checkpoints.list(actor, w.projectId)) {
            const entries = w.lib.checkpoints.get(actor, c.id).entries;
            expect(entries.filter((e) => e.kind === 'file').length, `${c.name} after ${cmds.map((x) => x.op).join(', ')}`).toBe(c.fileCount);
            expect(entries.length).toBeGreaterThan(0);
          }
        } finally {
          w.cleanup();
        }
      }),
      { numRuns: Number(process.env.GC_MODEL_RUNS ?? (LONG ? 2000 : 150)), verbose: 1 },
    );
    recordFigures('gc-interleavings', { runs, conflicts });
  }, LONG ? 1_800_000 : 180_000);
});
