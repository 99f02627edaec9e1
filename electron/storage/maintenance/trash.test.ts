/** The trash as the Trash screen reads it: what each item is, what it holds, and that restore and delete-forever do what they say. */
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alice, bob, tempLibrary } from '../test-support/fixtures.js';

describe('trash', () => {
  let t: ReturnType<typeof tempLibrary>;
  beforeEach(() => { t = tempLibrary(); });
  afterEach(() => t.cleanup());

  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => i % 251));

  it('lists projects, assets and renders with size, age and what goes with them', async () => {
    const p = await t.lib.projects.create(alice, { name: 'Teaser' });
    await t.lib.files.write(alice, p.id, 'a.txt', 'x'.repeat(1000));
    await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    await t.lib.renders.store(alice, p.id, { stream: Readable.from([bytes(5000)]), fileName: 'cut.webm' });
    const keep = await t.lib.projects.create(alice, { name: 'Keeper' });
    const r = await t.lib.renders.store(alice, keep.id, { stream: Readable.from([bytes(7000)]), fileName: 'take.webm' }, { name: 'Take 2' });
    const a = await t.lib.assets.importStream(alice, 'clip.mp4', Readable.from([bytes(3000)]));
    const assetId = a.asset!.id;

    t.lib.projects.delete(alice, p.id);
    t.lib.renders.delete(alice, r.id);
    t.lib.assets.delete(alice, [assetId]);

    const items = t.lib.trash.list(alice);
    expect(items.map((i) => i.kind).sort()).toEqual(['asset', 'project', 'render']);
    const project = items.find((i) => i.kind === 'project')!;
    // Its render plus its newest checkpoint: 5000 + 1000 bytes.
    expect(project).toMatchObject({ id: p.id, name: 'Teaser', size: 6000, counts: { checkpoints: 1, renders: 1 } });
    expect(items.find((i) => i.kind === 'render')).toMatchObject({ id: r.id, name: 'Take 2', size: 7000, project: { id: keep.id, name: 'Keeper' } });
    expect(items.find((i) => i.kind === 'asset')).toMatchObject({ id: assetId, name: 'clip.mp4', size: 3000 });
    for (const i of items) expect(Date.parse(i.deletedAt)).toBeGreaterThan(Date.now() - 60_000);
    // Someone else's trash is their own.
    expect(t.lib.trash.list(bob)).toEqual([]);
  });

  it('restore brings an item back; delete forever removes its rows and its workspace folder', async () => {
    const p = await t.lib.projects.create(alice, { name: 'Gone' });
    await t.lib.files.write(alice, p.id, 'keep.txt', 'k');
    const q = await t.lib.projects.create(alice, { name: 'Back' });
    t.lib.projects.delete(alice, p.id);
    t.lib.projects.delete(alice, q.id);
    t.lib.trash.restore(alice, [q.id]);
    expect(t.lib.projects.list(alice).map((x) => x.id)).toEqual([q.id]);
    expect(await t.lib.trash.empty(alice, [p.id])).toEqual({ removed: 1 });
    expect(existsSync(p.namespace.workspacePath)).toBe(false);
    expect(t.lib.trash.list(alice)).toEqual([]);
    expect(() => t.lib.projects.get(alice, p.id)).toThrow(/not found/i);
  });
});
