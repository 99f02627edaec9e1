/**
 * Issue 11, defect 11: a diff of 500 kB of `a` lines against `b` lines ran for more than 200 s and
 * the web host answered nothing meanwhile. Over real HTTP: the heavy comparison ends with its
 * files marked as stopped at the budget, and a request sent while it runs is answered first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryInfo } from '../../shared/contract.js';
import type { CheckpointDiff, CheckpointSummary, Project } from '../../shared/models.js';
import { CALL_DIFF_STEPS } from '../storage/index.js';
import { startTestHost, type TestHost } from './test-support/web-fixture.js';

/** 900 lines reversed cost ~810,000 search steps each: under a file's share, but ten exceed a comparison's. */
const REORDERED = 10;
const lines = Array.from({ length: 900 }, (_, i) => `const line${i} = ${i};\n`);

describe('a heavy diff over the web host (issue 11, defect 11)', () => {
  let t: TestHost;
  let project: Project;
  let a: CheckpointSummary;
  let b: CheckpointSummary;

  beforeAll(async () => {
    t = await startTestHost();
    project = await t.value<Project>('projects.create', { name: 'Heavy' });
    const write = (path: string, text: string) => t.value('files.writeText', { projectId: project.id, path, text });
    await write('big.txt', 'a\n'.repeat(250_000));
    for (let i = 0; i < REORDERED; i++) await write(`scenes/s${i}.ts`, lines.join(''));
    a = await t.value<CheckpointSummary>('checkpoints.create', { projectId: project.id, name: 'A' });
    await write('big.txt', 'b\n'.repeat(250_000));
    for (let i = 0; i < REORDERED; i++) await write(`scenes/s${i}.ts`, [...lines].reverse().join(''));
    b = await t.value<CheckpointSummary>('checkpoints.create', { projectId: project.id, name: 'B' });
  }, 60_000);
  afterAll(async () => {
    await t.cleanup();
  });

  it('stops at its budget, says so per file, and lets another request through meanwhile', async () => {
    expect(REORDERED * 810_000).toBeGreaterThan(CALL_DIFF_STEPS);
    const order: string[] = [];
    const diff = t.value<CheckpointDiff>('checkpoints.diff', { projectId: project.id, a: { checkpointId: a.id }, b: { checkpointId: b.id } }).then((d) => {
      order.push('diff');
      return d;
    });
    // Sent once the diff is under way (its request is in and its first file is being read).
    await new Promise((r) => setTimeout(r, 50));
    const info = t.value<LibraryInfo>('library.info', {}).then((v) => {
      order.push('info');
      return v;
    });
    const [d] = await Promise.all([diff, info]);
    expect(order).toEqual(['info', 'diff']);

    const byPath = new Map(d.files.map((f) => [f.path, f]));
    expect(byPath.get('big.txt')).toMatchObject({ status: 'modified', content: 'too-costly', budget: { reason: 'file', removedAtLeast: 250_000, addedAtLeast: 250_000 } });
    expect(byPath.get('big.txt')?.hunks).toBeUndefined();
    // The comparison's shared budget: the first reordered files are diffed in full, the rest are marked, none is lost.
    const scenes = d.files.filter((f) => f.path.startsWith('scenes/'));
    expect(scenes).toHaveLength(REORDERED);
    const full = scenes.filter((f) => f.content === 'text');
    const stopped = scenes.filter((f) => f.content === 'too-costly');
    expect(full.length).toBeGreaterThan(0);
    expect(stopped.length).toBeGreaterThan(0);
    // Files are diffed in path order, so the budget runs out once: a prefix in full, the rest marked.
    expect(scenes.map((f) => f.content)).toEqual([...full.map(() => 'text'), ...stopped.map(() => 'too-costly')]);
    for (const f of full) expect(f.hunks?.length).toBeGreaterThan(0);
    for (const f of stopped) expect(f.budget?.reason).toBe('comparison');
    expect(d.counts.modified).toBe(REORDERED + 1);
  }, 60_000);
});
