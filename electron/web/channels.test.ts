/**
 * Every contract channel, called over real HTTP against a web host on a real library folder, in
 * the order a person would use them. The last test checks that none was left out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CHANNELS, type Channel } from '../../shared/contract.js';
import type { Asset, CheckpointDiff, CheckpointSummary, FileEntry, ImportResultItem, Project, ProjectDetail, Render, ReviewNote, TrashItem } from '../../shared/models.js';
import type { AssetPage, JobsState, LibraryInfo, MediaRef, RestoreResult, TextContent } from '../../shared/contract.js';
import type { SettingsView } from '../../shared/settings.js';
import { startTestHost, tester, type TestHost } from './test-support/web-fixture.js';
import { tempDir } from '../storage/test-support/fixtures.js';
import type { FrameComparison, RenderJob } from '../../shared/render-models.js';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 7)]);

describe('every channel over HTTP', () => {
  let t: TestHost;
  const called = new Set<string>();
  const value = async <T>(channel: Channel, input: unknown): Promise<T> => {
    called.add(channel);
    return t.value<T>(channel, input);
  };
  const call = async (channel: Channel, input: unknown) => {
    called.add(channel);
    return t.call(channel, input);
  };

  beforeAll(async () => {
    // A paused media worker: the jobs channels have a real queue to drive, without ffmpeg load.
    renderCache = tempDir('web-render-cache');
    t = await startTestHost({ mediaWorker: { paused: true, concurrency: 1 }, renderWorker: { cacheDir: renderCache.dir } });
  });
  afterAll(async () => {
    await t.cleanup();
    renderCache.cleanup();
  });
  let renderCache: ReturnType<typeof tempDir>;

  let project: Project;
  let asset: Asset;

  it('library.info says who and where', async () => {
    const info = await value<LibraryInfo>('library.info', {});
    expect(info).toMatchObject({ libraryDir: t.dir, host: 'web', actor: tester, version: expect.any(String) });
  });

  it('projects: create with a preset, get, update, list', async () => {
    project = await value<Project>('projects.create', { name: 'Launch', preset: 'vertical', fps: 25, template: 'remotion' });
    expect(project).toMatchObject({ name: 'Launch', width: 1080, height: 1920, fps: 25, template: 'remotion' });
    const detail = await value<ProjectDetail>('projects.get', { id: project.id });
    expect(detail).toMatchObject({ id: project.id, checkpoints: [], renderCount: 0 });
    const updated = await value<ProjectDetail>('projects.update', { id: project.id, patch: { name: 'Launch v2' } });
    expect(updated.name).toBe('Launch v2');
    const list = await value<Project[]>('projects.list', { sort: 'name' });
    expect(list.map((p) => p.id)).toEqual([project.id]);
  });

  it('files: mkdir, write, list, stat, read with a cap, move, mediaRef, delete', async () => {
    const pid = project.id;
    expect(await value<FileEntry>('files.mkdir', { projectId: pid, path: 'scenes' })).toMatchObject({ path: 'scenes', kind: 'dir' });
    await value<FileEntry>('files.writeText', { projectId: pid, path: 'scenes/intro.tsx', text: 'export const a = 1;\n' });
    const listed = await value<FileEntry[]>('files.list', { projectId: pid, dir: 'scenes' });
    expect(listed.map((f) => f.path)).toEqual(['scenes/intro.tsx']);
    expect(await value<FileEntry>('files.stat', { projectId: pid, path: 'scenes/intro.tsx' })).toMatchObject({ kind: 'file', size: 20 });
    const capped = await value<TextContent>('files.readText', { projectId: pid, path: 'scenes/intro.tsx', maxBytes: 6 });
    expect(capped).toMatchObject({ text: 'export', truncated: true, binary: false, size: 20 });
    await value<FileEntry>('files.move', { projectId: pid, from: 'scenes/intro.tsx', to: 'scenes/opening.tsx' });
    expect((await value<TextContent>('files.readText', { projectId: pid, path: 'scenes/opening.tsx' })).text).toBe('export const a = 1;\n');

    writeFileSync(path.join(project.namespace.workspacePath, 'public', 'logo.png'), PNG);
    const ref = await value<MediaRef>('files.mediaRef', { projectId: pid, path: 'public/logo.png' });
    expect(ref).toMatchObject({ size: PNG.length, mime: 'image/png' });
    const media = await t.raw('GET', `/media/${ref.sha256}`);
    expect(media.status).toBe(200);
    expect(media.headers['content-type']).toBe('image/png');
    expect(media.body.equals(PNG)).toBe(true);

    await value('files.writeText', { projectId: pid, path: 'notes.txt', text: 'scratch' });
    expect(await value('files.delete', { projectId: pid, path: 'notes.txt' })).toBeNull();
    expect((await call('files.stat', { projectId: pid, path: 'notes.txt' })).ok).toBe(false);
    // 'scratch' was in no checkpoint: the delete kept it in a safety checkpoint first (issue 11).
    expect((await value<CheckpointSummary[]>('checkpoints.list', { projectId: pid })).map((c) => [c.name, c.kind])).toEqual([['Before deleting notes.txt', 'auto']]);
  });

  it('assets: uploaded, then search, get, update, tag, untag, link, unlink', async () => {
    const up = await t.raw('POST', `/upload?name=logo.png&tags=brand`, { headers: { 'Content-Type': 'application/octet-stream' }, body: PNG });
    expect(up.status).toBe(200);
    const item = (JSON.parse(up.text) as { ok: true; value: ImportResultItem }).value;
    expect(item.status).toBe('imported');
    asset = item.asset as Asset;

    const page = await value<AssetPage>('assets.search', { query: 'log', type: 'image' });
    expect(page.items.map((a) => a.id)).toEqual([asset.id]);
    expect((await value<Asset>('assets.get', { id: asset.id })).tags).toEqual(['brand']);
    expect((await value<Asset>('assets.update', { id: asset.id, patch: { name: 'Logo.png', width: 10, height: 10 } })).name).toBe('Logo.png');
    expect((await value<Asset[]>('assets.tag', { ids: [asset.id], tags: ['Launch', 'hero'] }))[0]?.tags).toEqual(['brand', 'hero', 'launch']);
    expect((await value<Asset[]>('assets.untag', { ids: [asset.id], tags: ['hero'] }))[0]?.tags).toEqual(['brand', 'launch']);
    expect((await value<Asset[]>('assets.link', { ids: [asset.id], projectId: project.id }))[0]?.projectIds).toEqual([project.id]);
    expect((await value<Asset[]>('assets.unlink', { ids: [asset.id], projectId: project.id }))[0]?.projectIds).toEqual([]);
    expect(await value('assets.cancelImport', { importId: 'nothing-running' })).toEqual({ cancelled: false });
  });

  it('checkpoints: create, list, get, readText, diff, restore, delete', async () => {
    const pid = project.id;
    const v1 = await value<CheckpointSummary>('checkpoints.create', { projectId: pid, name: 'first cut' });
    await value('files.writeText', { projectId: pid, path: 'scenes/opening.tsx', text: 'export const a = 2;\n' });
    const v2 = await value<CheckpointSummary>('checkpoints.create', { projectId: pid, name: 'second cut', description: 'changed a' });
    expect((await value<CheckpointSummary[]>('checkpoints.list', { projectId: pid })).filter((c) => c.kind === 'user').map((c) => c.id)).toEqual([v1.id, v2.id]);
    const full = await value<{ entries: { path: string }[] }>('checkpoints.get', { id: v1.id });
    expect(full.entries.map((e) => e.path)).toContain('scenes/opening.tsx');
    expect((await value<TextContent>('checkpoints.readText', { id: v1.id, path: 'scenes/opening.tsx' })).text).toBe('export const a = 1;\n');

    const diff = await value<CheckpointDiff>('checkpoints.diff', { projectId: pid, a: { checkpointId: v1.id }, b: { checkpointId: v2.id } });
    expect(diff.counts).toEqual({ added: 0, removed: 0, modified: 1, renamed: 0 });
    expect(diff.files[0]?.hunks?.[0]?.lines).toEqual(['-export const a = 1;', '+export const a = 2;']);
    const live = await value<CheckpointDiff>('checkpoints.diff', { projectId: pid, a: { checkpointId: v2.id }, b: { workspace: true }, content: false });
    expect(live.files).toEqual([]);

    const restored = await value<RestoreResult>('checkpoints.restore', { id: v1.id });
    expect(restored).toMatchObject({ checkpoint: { id: v1.id }, safety: null, written: 1 });
    expect((await value<TextContent>('files.readText', { projectId: pid, path: 'scenes/opening.tsx' })).text).toBe('export const a = 1;\n');
    expect(await value('checkpoints.delete', { id: v2.id })).toBeNull();
  });

  it('renders: list, get, update, delete (stored by a render tool through the library)', async () => {
    const stored = await t.storage.renders.store(tester, project.id, { stream: Readable.from([Buffer.from('not really a video')]), fileName: 'final.mp4' }, { fps: 25 });
    expect((await value<Render[]>('renders.list', { projectId: project.id })).map((r) => r.id)).toEqual([stored.id]);
    expect(await value<Render>('renders.get', { id: stored.id })).toMatchObject({ name: 'final.mp4', fps: 25, format: 'mp4' });
    expect(await value<Render>('renders.update', { id: stored.id, meta: { name: 'Final', width: 1080, height: 1920, codec: 'h264' } })).toMatchObject({
      name: 'Final',
      width: 1080,
      codec: 'h264',
    });
    expect(await value('renders.delete', { id: stored.id })).toBeNull();
  });

  it('render jobs: a checkpoint that is no Remotion project fails with why, keeping its log; compare and previous', async () => {
    // No npm, no Remotion, no browser here: the job fails before any of them (the e2e test renders for real).
    const plain = await value<Project>('projects.create', { name: 'Not Remotion' });
    await value('files.writeText', { projectId: plain.id, path: 'package.json', text: '{ "name": "plain" }\n' });
    expect(await call('renders.compositions', { projectId: plain.id })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/not a Remotion project/) } });
    const job = await value<RenderJob>('renders.make', { projectId: plain.id, composition: 'Main', codec: 'vp9', wait: true });
    expect(job).toMatchObject({ kind: 'render', projectId: plain.id, state: 'failed', error: expect.stringMatching(/not a Remotion project/), codec: 'vp9', renderId: null });
    expect((await value<RenderJob[]>('renders.jobs', { projectId: plain.id })).map((j) => j.id)).toEqual([job.id]);
    const log = await value<{ text: string; path: string | null }>('renders.log', { jobId: job.id });
    expect(log.text).toMatch(/failed: .*not a Remotion project/);
    expect(log.path).toContain(path.join(t.dir, 'logs', 'renders'));
    // It is in the jobs panel too, where it can be retried.
    expect((await value<JobsState>('jobs.list', {})).jobs.map((j) => j.id)).toContain(job.id);
    expect(await call('renders.cancel', { jobId: job.id })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call('renders.cancel', { jobId: 'render_nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const a = await t.storage.renders.store(tester, plain.id, { stream: Readable.from([Buffer.from('no video a')]), fileName: 'a.mp4' }, { composition: 'Main' });
    await value('files.writeText', { projectId: plain.id, path: 'props.json', text: '{}\n' });
    const b = await t.storage.renders.store(tester, plain.id, { stream: Readable.from([Buffer.from('no video b')]), fileName: 'b.mp4' }, { composition: 'Main' });
    expect((await value<Render | null>('renders.previous', { id: b.id }))?.id).toBe(a.id);
    expect(await value('renders.previous', { id: a.id })).toBeNull();
    const cmp = await value<FrameComparison>('renders.compare', { a: a.id, b: b.id, wait: true });
    expect(cmp).toMatchObject({ state: 'failed', aRenderId: a.id, bRenderId: b.id, error: expect.stringMatching(/\w/) });
    t.storage.projects.delete(tester, plain.id);
  });

  it('notes: add on a frame, a range and a checkpoint; list, update, export, delete', async () => {
    const p = await value<Project>('projects.create', { name: 'Notes over HTTP' });
    const r = await t.storage.renders.store(tester, p.id, { stream: Readable.from([Buffer.from('a render')]), fileName: 'cut.mp4' }, { fps: 25 });
    const one = await value<ReviewNote>('notes.add', { renderId: r.id, frameFrom: 37, body: 'logo late' });
    await value<ReviewNote>('notes.add', { renderId: r.id, frameFrom: 50, frameTo: 75, body: 'too loud' });
    await value<ReviewNote>('notes.add', { checkpointId: r.checkpointId, body: 'approved' });
    expect(await call('notes.add', { renderId: r.id, frameFrom: 9, frameTo: 3, body: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call('notes.add', { checkpointId: r.checkpointId, frameFrom: 1, body: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await value<ReviewNote[]>('notes.list', { renderId: r.id })).map((n) => [n.frameFrom, n.frameTo])).toEqual([[37, 37], [50, 75]]);
    expect(await value<ReviewNote[]>('notes.list', { projectId: p.id })).toHaveLength(3);
    expect(await value<ReviewNote>('notes.update', { id: one.id, body: 'logo is late' })).toMatchObject({ body: 'logo is late' });
    const csv = await value<{ text: string; fileName: string; count: number }>('notes.export', { renderId: r.id, format: 'csv' });
    expect(csv).toMatchObject({ fileName: 'Notes-over-HTTP-notes.csv', count: 2 });
    expect(csv.text).toContain(',37,37,00:00:01:12,00:00:01:12,');
    await value('notes.delete', { id: one.id });
    expect(await value<ReviewNote[]>('notes.list', { checkpointId: r.checkpointId })).toHaveLength(1);
    expect(await value<ReviewNote[]>('notes.list', { renderId: r.id })).toHaveLength(1);
    t.storage.projects.delete(tester, p.id);
  });

  it('trash: list, restore, empty; library: verify, gc', async () => {
    await value('assets.delete', { ids: [asset.id] });
    expect((await value<TrashItem[]>('trash.list', {})).map((i) => i.id)).toContain(asset.id);
    await value('trash.restore', { ids: [asset.id] });
    expect((await value<Asset>('assets.get', { id: asset.id })).deletedAt).toBeNull();
    await value('projects.delete', { id: project.id });
    expect((await value<Project[]>('projects.list', {})).length).toBe(0);
    expect((await value<{ removed: number }>('trash.empty', { ids: [project.id] })).removed).toBe(1);
    const report = await value<{ ok: boolean }>('library.verify', { full: true });
    expect(report.ok).toBe(true);
    expect(await value('library.gc', {})).toMatchObject({ removedBlobs: expect.any(Number) });
  });

  it('media jobs: list, resume, pause, cancel, retry, redo; library: repair', async () => {
    const up = await t.raw('POST', '/upload?name=still.png', { headers: { 'Content-Type': 'application/octet-stream' }, body: PNG });
    const item = (JSON.parse(up.text) as { value: ImportResultItem }).value;
    const sha = item.asset!.sha256;
    t.worker!.scan();
    let jobs = await value<JobsState>('jobs.list', {});
    expect(jobs.paused).toBe(true);
    const queued = jobs.jobs.find((j) => j.id === `analyze:${sha}`);
    expect(queued).toMatchObject({ state: 'queued', kind: 'analyze' });
    jobs = await value<JobsState>('jobs.cancel', { id: queued!.id });
    expect(jobs.jobs.find((j) => j.id === queued!.id)).toBeUndefined();
    expect(await call('jobs.cancel', { id: 'analyze:nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    jobs = await value<JobsState>('media.redo', { sha256: sha });
    expect(jobs.jobs.map((j) => j.id)).toContain(`analyze:${sha}`);
    expect(await call('media.redo', { sha256: 'f'.repeat(64) })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await value<JobsState>('jobs.resume', {})).paused).toBe(false);
    await t.worker!.queue.whenIdle();
    // The 64-byte "PNG" is no image: its job failed, with the reason on the asset; retry runs it again.
    const failed = (await value<JobsState>('jobs.list', {})).jobs.find((j) => j.id === `analyze:${sha}`);
    expect(failed).toMatchObject({ state: 'failed', error: expect.stringMatching(/\w/) });
    expect((await value<Asset>('assets.get', { id: item.asset!.id })).media).toMatchObject({ state: 'failed' });
    await value('jobs.retry', { id: failed!.id });
    await t.worker!.queue.whenIdle();
    // Dismissed, the failed job leaves the list; the asset keeps its failure.
    jobs = await value<JobsState>('jobs.dismiss', { id: failed!.id });
    expect(jobs.jobs.find((j) => j.id === failed!.id)).toBeUndefined();
    expect(await call('jobs.dismiss', { id: failed!.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await value<JobsState>('jobs.pause', {})).paused).toBe(true);
    expect(await value('library.repair', {})).toMatchObject({ relinked: 0, assetsMissing: 0 });
  });

  it('settings: read and changed from the browser (theme, media work); no desktop-only facts', async () => {
    const v = await value<SettingsView>('settings.get', {});
    expect(v).toMatchObject({ settings: { theme: 'system', libraryDir: null }, libraryDir: t.dir, cache: null, logDir: null, mediaNow: { concurrency: 1 } });
    const changed = await value<SettingsView>('settings.update', { patch: { theme: 'dark', media: { concurrency: 2 } } });
    expect(changed.settings).toMatchObject({ theme: 'dark', media: { concurrency: 2 } });
    expect(changed.mediaNow).toMatchObject({ concurrency: 2 });
  });

  it('remote: without a bucket nothing changes; the web host takes no keys (its environment has them)', async () => {
    const secret = 'channels-test-secret-never-kept';
    const keys = await call('remote.connect', { url: 's3://some-bucket/lib', endpoint: 'http://127.0.0.1:9', pathStyle: true, accessKeyId: 'AKIATEST', secretAccessKey: secret });
    expect(keys).toMatchObject({ ok: false, status: 403, error: { code: 'FORBIDDEN', message: expect.stringContaining('AWS_ACCESS_KEY_ID') } });
    expect(JSON.stringify(keys)).not.toContain(secret);
    expect(await call('remote.setCacheBudget', { bytes: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('no bucket') } });
    // Marking a project is kept for when a bucket is connected; the answer is the bucket's state: none.
    const film = await value<Project>('projects.create', { name: 'Kept offline' });
    expect(await value('remote.keepOffline', { projectId: film.id, keep: true })).toBeNull();
    expect(await call('remote.keepOffline', { projectId: 'prj_nope', keep: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await value<LibraryInfo>('library.info', {})).remote ?? null).toBeNull();
  });

  it('path and desktop channels are refused by the web host with FORBIDDEN', async () => {
    const inputs: [Channel, unknown][] = [
      ['library.backup', { dir: t.dir }],
      ['projects.adopt', { path: t.dir }],
      ['assets.importPaths', { paths: [t.dir] }],
      ['renders.export', { id: 'rnd_x', dest: t.dir }],
      ['renders.add', { projectId: 'prj_x', path: t.dir }],
      ['desktop.chooseFolder', {}],
      ['desktop.chooseSavePath', { defaultName: 'a.mp4' }],
      ['desktop.openWorkspace', { projectId: 'prj_x' }],
      ['desktop.openInEditor', { projectId: 'prj_x', path: 'a.txt' }],
      ['desktop.reveal', { renderId: 'rnd_x' }],
      ['desktop.startDrag', { assetId: 'ast_x' }],
      ['desktop.noteRecent', { projectId: 'prj_x' }],
      ['desktop.clearCache', {}],
      ['desktop.relaunch', {}],
      // A browser tab may change the theme and media work, never which folder the library is.
      ['settings.update', { patch: { libraryDir: t.dir } }],
    ];
    for (const [channel, input] of inputs) {
      const r = await call(channel, input);
      expect(r, channel).toMatchObject({ ok: false, status: 403, error: { code: 'FORBIDDEN' } });
    }
  });

  it('watch, select-all by query, marks and saved searches over HTTP', async () => {
    const own = await value<Project>('projects.create', { name: 'Watched' });
    expect(await value('files.watch', { projectId: own.id })).toEqual({ watching: true, path: own.namespace.workspacePath });
    const up = await t.raw('POST', '/upload?name=mark-me.txt', { headers: { 'Content-Type': 'application/octet-stream' }, body: 'mark me' });
    const mine = (JSON.parse(up.text) as { value: ImportResultItem }).value.asset as Asset;
    const all = await value<{ total?: number }>('assets.search', { withTotal: true, limit: 1 });
    expect(all.total).toBeGreaterThan(0);
    expect(await value('assets.bulk', { filter: {}, action: { op: 'tag', tags: ['http-all'] } })).toEqual({ count: all.total });
    const marked = await value<Asset[]>('assets.mark', { ids: [mine.id], rating: 3, label: 'blue' });
    expect(marked[0]).toMatchObject({ rating: 3, label: 'blue' });
    const saved = await value<{ id: string }>('searches.save', { name: 'Blue', filter: { label: 'blue' } });
    expect((await value<{ id: string }[]>('searches.list', {})).map((x) => x.id)).toContain(saved.id);
    expect(await value('searches.delete', { id: saved.id })).toBeNull();
  });

  it('no channel of the contract was left out', () => {
    expect(CHANNELS.filter((c) => !called.has(c))).toEqual([]);
  });
});
