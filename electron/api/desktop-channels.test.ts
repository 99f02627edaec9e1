/**
 * The channels only the desktop host answers (they take paths on this machine), run through the
 * same dispatch the Electron binding uses, against a real library and real files.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ImportProgressEvent } from '../../shared/contract.js';
import type { SettingsView } from '../../shared/settings.js';
import type { MediaJobs } from './handler-types.js';
import { jsonSettingsStore } from './settings-file.js';
import { fakeDesktop } from './test-support/fake-desktop.js';
import type { ImportSummary, Project, Render } from '../../shared/models.js';
import { tempDir, tempLibrary } from '../storage/test-support/fixtures.js';
import { createApi, type Api } from './index.js';
import { vp9WebM } from '../media/test-support/media-fixtures.js';

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
    writeFileSync(video, readFileSync(await vp9WebM(files.dir)));
    const fake = path.join(files.dir, 'fake.webm');
    writeFileSync(fake, 'webm bytes');
    // Bytes that are not a decodable video are no render.
    expect(await api.dispatch('renders.add', { projectId: p.id, path: fake })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/not a decodable video/) } });
    const r = await ok<Render>('renders.add', { projectId: p.id, path: video, name: 'Final cut', checkpointId: ck.id });
    expect(r).toMatchObject({ projectId: p.id, name: 'Final cut', format: 'webm', size: readFileSync(video).length, checkpointId: ck.id });
    expect(readFileSync(lib.lib.ctx.blobs.pathOf(r.sha256)).equals(readFileSync(video))).toBe(true);
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

describe('desktop shell channels with the native services (a recording stand-in)', () => {
  let lib: ReturnType<typeof tempLibrary>;
  let files: ReturnType<typeof tempDir>;
  let api: Api;
  let desk: ReturnType<typeof fakeDesktop>;
  let settingsFile: string;
  const concurrency: number[] = [];
  beforeEach(() => {
    lib = tempLibrary();
    files = tempDir('desk-shell');
    desk = fakeDesktop({ logDir: path.join(files.dir, 'logs') });
    settingsFile = path.join(files.dir, 'conf', 'settings.json');
    concurrency.length = 0;
    const jobs: MediaJobs = {
      queue: { list: () => [], counts: () => ({ running: 0, queued: 0, failed: 0 }), paused: false, pause() {}, resume() {}, cancel: () => false, retry: () => false, setConcurrency: (n) => void concurrency.push(n) },
      redo() {},
      onEvent: () => () => {},
    };
    api = createApi({ storage: lib.lib, host: 'desktop', libraryDir: lib.dir, actor, desktop: desk.services, jobs, settings: jsonSettingsStore(settingsFile), defaultLibraryDir: lib.dir });
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

  async function aRenderAndAnAsset() {
    const p = await ok<Project>('projects.create', { name: 'Shell' });
    const r: Render = await lib.lib.renders.store(actor, p.id, { stream: Readable.from([Buffer.from('render bytes')]), fileName: 'final cut.mp4' });
    writeFileSync(path.join(files.dir, 'logo.png'), 'png bytes');
    const summary = await ok<ImportSummary>('assets.importPaths', { paths: [path.join(files.dir, 'logo.png')] });
    const assetId = summary.items[0]?.asset?.id as string;
    return { p, r, assetId };
  }

  it('desktop.reveal shows the stored file of a render or an asset the caller may see', async () => {
    const { r, assetId } = await aRenderAndAnAsset();
    expect(await ok('desktop.reveal', { renderId: r.id })).toBeNull();
    expect(await ok('desktop.reveal', { assetId })).toBeNull();
    expect(desk.calls.revealed).toEqual([lib.lib.ctx.blobs.pathOf(r.sha256), lib.lib.ctx.blobs.pathOf(lib.lib.assets.get(actor, assetId).sha256)]);
    // Someone else's render is not found, and nothing is shown.
    const other = createApi({ storage: lib.lib, host: 'desktop', libraryDir: lib.dir, actor: { userId: 'other', sessionId: 'o' }, desktop: desk.services });
    expect(await other.dispatch('desktop.reveal', { renderId: r.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    other.close();
    expect(await api.dispatch('desktop.reveal', { renderId: 'rnd_missing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await api.dispatch('desktop.reveal', { renderId: r.id, assetId })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(desk.calls.revealed).toHaveLength(2);
  });

  it('desktop.startDrag hands over the stored file with the name the user knows', async () => {
    const { r } = await aRenderAndAnAsset();
    await ok('desktop.startDrag', { renderId: r.id });
    expect(desk.calls.dragged).toEqual([{ path: lib.lib.ctx.blobs.pathOf(r.sha256), name: 'final cut.mp4' }]);
  });

  it('desktop.noteRecent passes the project to the OS recent lists; unknown projects are NOT_FOUND', async () => {
    const { p } = await aRenderAndAnAsset();
    await ok('desktop.noteRecent', { projectId: p.id });
    expect(desk.calls.recent).toEqual([{ id: p.id, name: 'Shell', workspacePath: p.namespace.workspacePath }]);
    expect(await api.dispatch('desktop.noteRecent', { projectId: 'prj_gone' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('desktop.clearCache and desktop.relaunch reach the native services; settings.get shows the cache', async () => {
    expect((await ok<SettingsView>('settings.get', {})).cache).toEqual({ bytes: 4096 });
    expect(await ok('desktop.clearCache', {})).toEqual({ freedBytes: 4096 });
    expect((await ok<SettingsView>('settings.get', {})).cache).toEqual({ bytes: 0 });
    await ok('desktop.relaunch', {});
    expect(desk.calls.relaunched).toBe(1);
  });

  it('settings: theme applied to native UI, media jobs at once applied now, saved to the file', async () => {
    const first = await ok<SettingsView>('settings.get', {});
    expect(first).toMatchObject({ settings: { theme: 'system', libraryDir: null }, file: settingsFile, libraryDir: lib.dir, restartNeeded: false, logDir: path.join(files.dir, 'logs') });
    const v = await ok<SettingsView>('settings.update', { patch: { theme: 'dark', media: { concurrency: 2 } } });
    expect(v.settings).toMatchObject({ theme: 'dark', media: { concurrency: 2, timeoutSeconds: 300, startPaused: false } });
    expect(v.mediaNow).toMatchObject({ concurrency: 2 });
    expect(desk.calls.themes).toEqual(['dark']);
    expect(concurrency).toEqual([2]);
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toMatchObject({ theme: 'dark', media: { concurrency: 2 } });
    // The time limit applies at the next start.
    expect((await ok<SettingsView>('settings.update', { patch: { media: { timeoutSeconds: 60 } } })).restartNeeded).toBe(true);
    expect(await api.dispatch('settings.update', { patch: { theme: 'sepia' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await api.dispatch('settings.update', { patch: { media: { concurrency: 0 } } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('settings: the library folder must be a library, empty or new; it applies at the next start', async () => {
    const busy = path.join(files.dir, 'busy');
    mkdirSync(busy);
    writeFileSync(path.join(busy, 'taxes.pdf'), 'x');
    expect(await api.dispatch('settings.update', { patch: { libraryDir: busy } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await api.dispatch('settings.update', { patch: { libraryDir: 'relative/dir' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const fresh = path.join(files.dir, 'new-library');
    const v = await ok<SettingsView>('settings.update', { patch: { libraryDir: fresh } });
    expect(v).toMatchObject({ settings: { libraryDir: fresh }, libraryDir: lib.dir, restartNeeded: true });
    expect(existsSync(fresh)).toBe(false); // nothing is made until the app opens it
    // An existing library is fine too; null goes back to the default (the one open here).
    expect((await ok<SettingsView>('settings.update', { patch: { libraryDir: lib.dir } })).restartNeeded).toBe(false);
    expect((await ok<SettingsView>('settings.update', { patch: { libraryDir: null } })).settings.libraryDir).toBeNull();
  });

  it('without native services every desktop channel is FORBIDDEN', async () => {
    const bare = createApi({ storage: lib.lib, host: 'desktop', libraryDir: lib.dir, actor });
    for (const [channel, input] of [
      ['desktop.reveal', { renderId: 'rnd_x' }],
      ['desktop.startDrag', { assetId: 'ast_x' }],
      ['desktop.noteRecent', { projectId: 'prj_x' }],
      ['desktop.clearCache', {}],
      ['desktop.relaunch', {}],
    ] as const) {
      expect(await bare.dispatch(channel, input), channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    bare.close();
  });
});
