/** What a render starts from: a checkpoint written into a folder of its own, and comparisons kept with their pair. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { alice, bob, tempDir, tempLibrary } from '../test-support/fixtures.js';
import type { Project } from '../../../shared/models.js';

describe('render sources', () => {
  let t: ReturnType<typeof tempLibrary>;
  let out: ReturnType<typeof tempDir>;
  let p: Project;
  beforeEach(async () => {
    t = tempLibrary();
    out = tempDir('materialised');
    p = await t.lib.projects.create(alice, { name: 'R', template: 'remotion' });
  });
  afterEach(() => { t.cleanup(); out.cleanup(); });

  it('writes a checkpoint’s files, folders and modes from the blob store; the workspace stays as it is', async () => {
    const ws = p.namespace.workspacePath;
    writeFileSync(path.join(ws, 'render.sh'), '#!/bin/sh\n');
    chmodSync(path.join(ws, 'render.sh'), 0o755);
    mkdirSync(path.join(ws, 'empty'));
    const v1 = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    writeFileSync(path.join(ws, 'src/props.json'), '{ "title": "changed" }\n');
    const dest = path.join(out.dir, 'project');
    const made = await t.lib.renders.materialise(alice, v1.id, dest);
    expect(made.files).toBe(v1.fileCount);
    expect(JSON.parse(readFileSync(path.join(dest, 'src/props.json'), 'utf8'))).toEqual({ title: 'R' });
    expect(statSync(path.join(dest, 'render.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(dest, 'empty')).isDirectory()).toBe(true);
    expect(readFileSync(path.join(ws, 'src/props.json'), 'utf8')).toBe('{ "title": "changed" }\n');
    // Only into a folder of the caller's that is empty, and only for whoever may see the checkpoint.
    await expect(t.lib.renders.materialise(alice, v1.id, dest)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(t.lib.renders.materialise(bob, v1.id, path.join(out.dir, 'b'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(readdirSync(out.dir)).toEqual(['project']);
  });

  it('checkpoints the workspace for a render only when its state is new', async () => {
    const a = await t.lib.renders.checkpointWorkspace(alice, p.id);
    expect(a.kind).toBe('auto');
    expect((await t.lib.renders.checkpointWorkspace(alice, p.id)).id).toBe(a.id);
    await t.lib.files.write(alice, p.id, 'src/props.json', '{"title":"2"}');
    expect((await t.lib.renders.checkpointWorkspace(alice, p.id)).id).not.toBe(a.id);
  });

  it('keeps a comparison with its pair, finds the previous render of a composition, and forgets both with the render', async () => {
    const store = (name: string, composition?: string) => t.lib.renders.store(alice, p.id, { stream: Readable.from([Buffer.from(name)]), fileName: `${name}.mp4` }, { composition });
    const first = await store('first', 'Main');
    await t.lib.files.write(alice, p.id, 'src/props.json', '{"title":"2"}');
    const other = await store('other', 'Intro');
    const second = await store('second', 'Main');
    const added = await store('added');
    expect(t.lib.renders.previous(alice, second.id)?.id).toBe(first.id);
    expect(t.lib.renders.previous(alice, first.id)).toBeNull();
    expect(t.lib.renders.previous(alice, other.id)).toBeNull();
    expect(t.lib.renders.previous(alice, added.id)).toBeNull();
    expect(second.composition).toBe('Main');

    const scores = [{ ssim: 1, psnr: null }, { ssim: 0.98123456789, psnr: 41.23456 }];
    t.lib.renders.saveComparison(first.id, second.id, { result: { frames: 2, framesA: 2, framesB: 2, fps: 30, identical: false, changedFrames: 1, worst: { frame: 1, ssim: 0.981235 }, scores } });
    expect(t.lib.renders.comparison(alice, first.id, second.id)).toMatchObject({ state: 'done', changedFrames: 1, scores: [{ ssim: 1, psnr: null }, { ssim: 0.981235, psnr: 41.235 }] });
    expect(t.lib.renders.comparison(alice, second.id, first.id)).toBeNull();
    expect(() => t.lib.renders.comparison(bob, first.id, second.id)).toThrow(/not found/);
    // Reopened, it is still there; emptied from the trash, the render takes its comparisons along.
    const lib = t.reopen();
    expect(lib.renders.comparison(alice, first.id, second.id)?.state).toBe('done');
    lib.renders.delete(alice, second.id);
    lib.trash.empty(alice, [second.id]);
    expect(lib.ctx.db.prepare('SELECT count(*) FROM render_comparisons').pluck().get()).toBe(0);
  });
});
