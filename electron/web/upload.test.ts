/**
 * Streamed uploads (a browser's drops): stored as assets while hashed, progress on the event
 * stream, duplicates recognised, and a size limit, a client that goes away, or a cancel leaving no
 * temp file and no asset behind.
 */
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { h264NoAudio } from '../media/test-support/media-fixtures.js';
import { tempDir } from '../storage/test-support/fixtures.js';
import http from 'node:http';
import type { ImportProgressEvent, Result } from '../../shared/contract.js';
import type { ImportResultItem, Project, Render } from '../../shared/models.js';
import { openEvents } from './test-support/event-client.js';
import { startTestHost, type TestHost } from './test-support/web-fixture.js';

async function eventually(check: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An upload whose body the test writes piece by piece, so it can stop half-way. */
function streamingUpload(t: TestHost, query: string, declared?: number, route = '/upload') {
  const headers: Record<string, string> = { Authorization: `Bearer ${t.host.token}`, Host: `127.0.0.1:${t.host.port}`, 'Content-Type': 'application/octet-stream' };
  if (declared !== undefined) headers['Content-Length'] = String(declared);
  const req = http.request({ host: '127.0.0.1', port: t.host.port, method: 'POST', path: `${route}?${query}`, headers });
  const response = new Promise<{ status: number; text: string } | 'reset'>((resolve) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', () => resolve('reset'));
    });
    req.on('error', () => resolve('reset'));
  });
  return { req, response };
}

describe('uploads', () => {
  let t: TestHost;
  afterEach(async () => {
    await t.cleanup();
  });
  // This process's own temp folder (process-session.ts): only its lock once uploads are done.
  const tmpFiles = () => readdirSync(t.storage.ctx.dirs.tmp).filter((n) => n !== 'lock');

  it('stores the file as an asset, linked and tagged, with progress on the event stream; a second copy is a duplicate', async () => {
    t = await startTestHost();
    const p = await t.value<Project>('projects.create', { name: 'P' });
    const ev = await openEvents(t);
    const body = Buffer.alloc(3 * 1024 * 1024, 9);
    const r = await t.raw('POST', `/upload?name=${encodeURIComponent('clip één.bin')}&projectId=${p.id}&tags=a,b&importId=up-1`, { headers: { 'Content-Type': 'application/octet-stream' }, body });
    const result = JSON.parse(r.text) as Result<ImportResultItem>;
    expect(result).toMatchObject({ ok: true, value: { status: 'imported', asset: { name: 'clip één.bin', size: body.length, tags: ['a', 'b'], projectIds: [p.id] } } });
    const done = await ev.waitFor((e) => e.event === 'import.progress' && (e.data as ImportProgressEvent).done);
    expect(done.data).toMatchObject({ importId: 'up-1', filesDone: 1, filesTotal: 1, bytesDone: body.length });
    await ev.waitFor((e) => e.event === 'library.changed' && (e.data as { kind: string }).kind === 'assets');
    ev.close();

    const again = await t.raw('POST', '/upload?name=copy.bin', { headers: { 'Content-Type': 'application/octet-stream' }, body });
    expect(JSON.parse(again.text)).toMatchObject({ ok: true, value: { status: 'duplicate' } });
    expect(tmpFiles()).toEqual([]);
  });

  it('refuses a bad query with INVALID_INPUT and stores nothing', async () => {
    t = await startTestHost();
    for (const q of ['', 'name=../x', 'name=a&projectId=nope', 'name=a&scope=world', 'name=a&extra=1']) {
      const r = await t.raw('POST', `/upload?${q}`, { headers: { 'Content-Type': 'application/octet-stream' }, body: 'x' });
      expect(r.status, q).toBe(400);
      expect(JSON.parse(r.text)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect((await t.value<{ items: unknown[] }>('assets.search', {})).items).toEqual([]);
  });

  it('refuses an upload over the size limit, declared or streamed, leaving no temp file', async () => {
    t = await startTestHost({ maxUploadBytes: 1000 });
    const declared = await t.raw('POST', '/upload?name=big.bin', { headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.alloc(2000) });
    expect(declared.status).toBe(413);

    const up = streamingUpload(t, 'name=chunked.bin');
    up.req.write(Buffer.alloc(800));
    up.req.write(Buffer.alloc(800));
    up.req.end();
    const res = await up.response;
    if (res !== 'reset') expect(res.status).toBe(413);
    await eventually(() => tmpFiles().length === 0);
    expect((await t.value<{ items: unknown[] }>('assets.search', {})).items).toEqual([]);
  });

  it('a client that goes away mid-upload leaves no temp file and no asset', async () => {
    t = await startTestHost();
    const ev = await openEvents(t);
    const up = streamingUpload(t, 'name=half.bin&importId=gone-1', 10 * 1024 * 1024);
    up.req.write(Buffer.alloc(256 * 1024, 1));
    await ev.waitFor((e) => e.event === 'import.progress' && (e.data as ImportProgressEvent).bytesDone > 0);
    expect(tmpFiles().length).toBe(1);
    up.req.destroy();
    await ev.waitFor((e) => e.event === 'import.progress' && (e.data as ImportProgressEvent).importId === 'gone-1' && (e.data as ImportProgressEvent).done);
    await eventually(() => tmpFiles().length === 0);
    expect((await t.value<{ items: unknown[] }>('assets.search', {})).items).toEqual([]);
    ev.close();
  });

  it('assets.cancelImport stops an upload in flight, leaving no temp file', async () => {
    t = await startTestHost();
    const ev = await openEvents(t);
    const up = streamingUpload(t, 'name=slow.bin&importId=cancel-me', 10 * 1024 * 1024);
    up.req.write(Buffer.alloc(128 * 1024, 2));
    await ev.waitFor((e) => e.event === 'import.progress' && (e.data as ImportProgressEvent).bytesDone > 0);
    expect(await t.value('assets.cancelImport', { importId: 'cancel-me' })).toEqual({ cancelled: true });
    expect(await up.response).toBe('reset');
    await eventually(() => tmpFiles().length === 0);
    expect((await t.value<{ items: unknown[] }>('assets.search', {})).items).toEqual([]);
    ev.close();
  });

  it('POST /upload/render stores the video as one of the project\'s renders, from a checkpoint of the workspace', async () => {
    t = await startTestHost();
    const src = tempDir('upload-render');
    onTestFinished(() => src.cleanup());
    const p = await t.value<Project>('projects.create', { name: 'P' });
    const body = readFileSync(await h264NoAudio(src.dir));
    // Bytes that only start like an MP4 are refused, and nothing of them is kept.
    const fake = await t.raw('POST', `/upload/render?projectId=${p.id}&name=fake.mp4`, { headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.from('\0\0\0\x18ftypisom render bytes', 'latin1') });
    expect(JSON.parse(fake.text)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/not a decodable video/) } });
    expect(await t.value<Render[]>('renders.list', { projectId: p.id })).toEqual([]);
    const up = await t.raw('POST', `/upload/render?projectId=${p.id}&name=${encodeURIComponent('Final cut.mp4')}`, { headers: { 'Content-Type': 'application/octet-stream' }, body });
    expect(up.status).toBe(200);
    const r = (JSON.parse(up.text) as Result<Render>).ok ? (JSON.parse(up.text) as { value: Render }).value : null;
    expect(r).toMatchObject({ projectId: p.id, name: 'Final cut.mp4', format: 'mp4', size: body.length });
    const listed = await t.value<Render[]>('renders.list', { projectId: p.id });
    expect(listed.map((x) => x.id)).toEqual([r!.id]);
    // The workspace was checkpointed for it; the bytes are served from /media.
    expect((await t.value<{ id: string }[]>('checkpoints.list', { projectId: p.id })).map((c) => c.id)).toContain(r!.checkpointId);
    expect((await t.raw('GET', `/media/${r!.sha256}`)).body.equals(body)).toBe(true);
    // Not an asset.
    expect((await t.value<{ items: unknown[] }>('assets.search', {})).items).toEqual([]);
  });

  it('a render upload with a bad query, or for a project nobody here has, stores nothing', async () => {
    t = await startTestHost();
    const bad = await t.raw('POST', '/upload/render?name=a.mp4', { headers: { 'Content-Type': 'application/octet-stream' }, body: 'x' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const gone = await t.raw('POST', '/upload/render?projectId=prj_nothere&name=a.mp4', { headers: { 'Content-Type': 'application/octet-stream' }, body: 'x' });
    expect(JSON.parse(gone.text)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const empty = await t.value<Project>('projects.create', { name: 'E' });
    const zero = await t.raw('POST', `/upload/render?projectId=${empty.id}&name=a.mp4`, { headers: { 'Content-Type': 'application/octet-stream' }, body: '' });
    expect(JSON.parse(zero.text)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.value<Render[]>('renders.list', { projectId: empty.id })).toEqual([]);
    expect(tmpFiles()).toEqual([]);
  });

  it('a render upload abandoned half-way leaves no temp file and no render', async () => {
    t = await startTestHost();
    const p = await t.value<Project>('projects.create', { name: 'P' });
    const { req, response } = streamingUpload(t, `projectId=${p.id}&name=big.mp4`, 10_000_000, '/upload/render');
    req.write(Buffer.alloc(300_000, 1));
    await eventually(() => tmpFiles().length > 0);
    req.destroy();
    await response;
    await eventually(() => tmpFiles().length === 0);
    expect(await t.value<Render[]>('renders.list', { projectId: p.id })).toEqual([]);
  });
});
