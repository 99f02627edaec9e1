/**
 * The channels only the desktop host answers (they take paths on this machine), run through the
 * same dispatch the Electron binding uses, against a real library and real files.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ImportProgressEvent } from '../../shared/contract.js';
import type { ImportSummary, Project, Render } from '../../shared/models.js';
import { tempDir, tempLibrary } from '../storage/test-support/fixtures.js';
import { createApi, type Api } from './index.js';

const actor = { userId: 'desk', sessionId: 'desk-1' };

describe('desktop-only channels through dispatch', () => {
  let lib: ReturnType<typeof tempLibrary>;
  let files: ReturnType<typeof tempDir>;
  let api: Api;
  beforeEach(() => {
    lib = tempLibrary();
    files = tempDir('desk-files');
    api = createApi({ storage: lib.lib, host: 'desktop', libraryDir: lib.dir, actor });
  });
  afterEach(() => {
    api.close();
    lib.cleanup();
    files.cleanup();
  });

  async function ok<T>(channel: string, input: unknown): Promise<T> {
    const r = await api.dispatch(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  }

  it('projects.adopt takes a folder in place', async () => {
    const folder = path.join(files.dir, 'My Film');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'edit.txt'), 'cut');
    const p = await ok<Project>('projects.adopt', { path: folder, fps: 24 });
    expect(p).toMatchObject({ name: 'My Film', fps: 24, namespace: { adopted: true, workspacePath: folder } });
  });

  it('assets.importPaths imports a folder, reports progress, and finishes with done', async () => {
    mkdirSync(path.join(files.dir, 'in'));
    for (let i = 0; i < 3; i++) writeFileSync(path.join(files.dir, 'in', `f${i}.txt`), `file ${i}`);
    writeFileSync(path.join(files.dir, 'in', 'copy.txt'), 'file 0');
    const seen: ImportProgressEvent[] = [];
    api.events.on((event, payload) => {
      if (event === 'import.progress') seen.push(payload as ImportProgressEvent);
    });
    const summary = await ok<ImportSummary>('assets.importPaths', { paths: [path.join(files.dir, 'in')], tags: ['x'], importId: 'imp-1' });
    expect(summary).toMatchObject({ imported: 3, duplicates: 1, failed: 0 });
    expect(seen.every((e) => e.importId === 'imp-1')).toBe(true);
    expect(seen.at(-1)).toMatchObject({ done: true, filesDone: 4, filesTotal: 4 });
  });

  it('assets.cancelImport stops an import between files', async () => {
    for (let i = 0; i < 20; i++) writeFileSync(path.join(files.dir, `g${i}.bin`), Buffer.alloc(1024, i));
    let asked = false;
    const off = api.events.on((event) => {
      // The first progress event comes once the files are counted, before any is copied.
      if (event === 'import.progress' && !asked) {
        asked = true;
        void api.dispatch('assets.cancelImport', { importId: 'imp-2' }).then((r) => expect(r).toEqual({ ok: true, value: { cancelled: true } }));
      }
    });
    const summary = await ok<ImportSummary>('assets.importPaths', { paths: [files.dir], importId: 'imp-2' });
    off();
    expect(summary.imported).toBe(0);
    expect(summary.items.every((i) => i.status === 'failed' && i.error === 'cancelled')).toBe(true);
  });

  it('renders.add stores a video by path as a render of the project, from the checkpoint given', async () => {
    const p = await ok<Project>('projects.create', { name: 'R' });
    const ck = await lib.lib.checkpoints.create(actor, p.id, { name: 'v1' });
    const video = path.join(files.dir, 'final.webm');
    writeFileSync(video, 'webm bytes');
    const r = await ok<Render>('renders.add', { projectId: p.id, path: video, name: 'Final cut', checkpointId: ck.id });
    expect(r).toMatchObject({ projectId: p.id, name: 'Final cut', format: 'webm', size: 10, checkpointId: ck.id });
    expect(readFileSync(lib.lib.ctx.blobs.pathOf(r.sha256), 'utf8')).toBe('webm bytes');
    expect((await ok<Render[]>('renders.list', { projectId: p.id })).map((x) => x.id)).toEqual([r.id]);
    // Without a checkpoint, the workspace as it is now is checkpointed (or an equal one reused).
    const r2 = await ok<Render>('renders.add', { projectId: p.id, path: video });
    expect(r2).toMatchObject({ name: 'final.webm', checkpointId: ck.id });
    expect(await api.dispatch('renders.add', { projectId: p.id, path: path.join(files.dir, 'missing.mp4') })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('renders.export saves a copy to a chosen path', async () => {
    const p = await ok<Project>('projects.create', { name: 'R' });
    const r: Render = await lib.lib.renders.store(actor, p.id, { stream: Readable.from([Buffer.from('video bytes')]), fileName: 'out.mp4' });
    const dest = path.join(files.dir, 'copy.mp4');
    expect(await ok<{ path: string }>('renders.export', { id: r.id, dest })).toEqual({ path: dest });
    expect(readFileSync(dest, 'utf8')).toBe('video bytes');
    const again = await api.dispatch('renders.export', { id: r.id, dest });
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('desktop.* without native services (not running in Electron) is FORBIDDEN, never a crash', async () => {
    expect(await api.dispatch('desktop.chooseFolder', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(existsSync(lib.dir)).toBe(true);
  });
});
