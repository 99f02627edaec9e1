/**
 * Input that does not match a channel's schema is answered INVALID_INPUT at the boundary and never
 * reaches the library: for every channel, the database and the library's files are byte-for-byte
 * what they were before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { CHANNELS, contract, type Channel } from '../../shared/contract.js';
import type { Project } from '../../shared/models.js';
import { startTestHost, type TestHost } from './test-support/web-fixture.js';

/** Every row of every table, as sorted JSON lines (read through a second, read-only connection). */
function dumpDb(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    return tables.map((t) => `${t}:\n${(db.prepare(`SELECT * FROM "${t}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort().join('\n')}`).join('\n');
  } finally {
    db.close();
  }
}

/** Every file and folder of the library with size and mtime (the SQLite files are compared by dumpDb). */
function dumpTree(root: string): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      if (dir === root && name.startsWith('library.db')) continue;
      const st = statSync(abs);
      out.push(`${path.relative(root, abs)} ${st.isDirectory() ? 'd' : st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(abs);
    }
  };
  walk(root);
  return out.join('\n');
}

/** Not a string, number, boolean, object or list of scalars: wrong for every field of every channel. */
const WRONG = [[{}]];

function invalidInputsFor(channel: Channel, valid: Record<string, unknown>): unknown[] {
  // An object schema's fields; for a union of objects (a render or an asset), the first one's.
  const schema = contract[channel].input as unknown as { shape?: z.ZodRawShape; options?: { shape?: z.ZodRawShape }[] };
  const shape = (schema.shape ?? schema.options?.[0]?.shape ?? {}) as Record<string, unknown>;
  const keys = Object.keys(shape);
  const out: unknown[] = [null, [], 'text', 42, true, { unexpected: 1 }, { ...valid, unexpected: 1 }];
  for (const k of keys) out.push({ ...valid, [k]: WRONG });
  return out;
}

describe('invalid input on every channel', () => {
  let t: TestHost;
  let valid: Record<Channel, Record<string, unknown>>;

  beforeAll(async () => {
    t = await startTestHost();
    // Some state to protect: a project with files and a checkpoint, an asset.
    const p = await t.value<Project>('projects.create', { name: 'Keep me', template: 'remotion' });
    await t.value('files.writeText', { projectId: p.id, path: 'a.txt', text: 'a' });
    const ck = await t.value<{ id: string }>('checkpoints.create', { projectId: p.id, name: 'v1' });
    const up = await t.raw('POST', '/upload?name=a.bin', { headers: { 'Content-Type': 'application/octet-stream' }, body: 'bytes' });
    const assetId = (JSON.parse(up.text) as { value: { asset: { id: string } } }).value.asset.id;
    // A valid input per channel, so "valid but for one field" is tried too.
    const pid = p.id;
    valid = {
      'projects.create': { name: 'x' },
      'projects.adopt': { path: '/tmp' },
      'projects.get': { id: pid },
      'projects.update': { id: pid, patch: { name: 'y' } },
      'projects.list': {},
      'projects.delete': { id: pid },
      'files.list': { projectId: pid },
      'files.stat': { projectId: pid, path: 'a.txt' },
      'files.readText': { projectId: pid, path: 'a.txt' },
      'files.writeText': { projectId: pid, path: 'b.txt', text: 'b' },
      'files.mkdir': { projectId: pid, path: 'd' },
      'files.move': { projectId: pid, from: 'a.txt', to: 'c.txt' },
      'files.delete': { projectId: pid, path: 'a.txt' },
      'files.mediaRef': { projectId: pid, path: 'a.txt' },
      'files.watch': { projectId: pid },
      'assets.search': {},
      'assets.get': { id: assetId },
      'assets.update': { id: assetId, patch: { name: 'n' } },
      'assets.tag': { ids: [assetId], tags: ['t'] },
      'assets.bulk': { filter: {}, action: { op: 'tag', tags: ['t'] } },
      'assets.mark': { ids: [assetId], rating: 3 },
      'searches.list': {},
      'searches.save': { name: 'Best', filter: { minRating: 4 } },
      'searches.delete': { id: 'srch_0000000001' },
      'assets.untag': { ids: [assetId], tags: ['t'] },
      'assets.link': { ids: [assetId], projectId: pid },
      'assets.unlink': { ids: [assetId], projectId: pid },
      'assets.delete': { ids: [assetId] },
      'assets.importPaths': { paths: ['/tmp'] },
      'assets.cancelImport': { importId: 'x' },
      'renders.list': { projectId: pid },
      'renders.get': { id: 'rnd_x' },
      'renders.update': { id: 'rnd_x', meta: {} },
      'renders.export': { id: 'rnd_x', dest: '/tmp/x' },
      'renders.add': { projectId: pid, path: '/tmp/x.mp4' },
      'renders.delete': { id: 'rnd_x' },
      'renders.compositions': { projectId: pid },
      'renders.make': { projectId: pid },
      'renders.jobs': {},
      'renders.cancel': { jobId: 'render_x' },
      'renders.log': { jobId: 'render_x' },
      'renders.compare': { a: 'rnd_x', b: 'rnd_y' },
      'renders.previous': { id: 'rnd_x' },
      'notes.list': { projectId: pid },
      'notes.add': { checkpointId: ck.id, body: 'a note' },
      'notes.update': { id: 'note_x', body: 'b' },
      'notes.delete': { id: 'note_x' },
      'notes.export': { projectId: pid, format: 'csv' },
      'checkpoints.create': { projectId: pid, name: 'v2' },
      'checkpoints.list': { projectId: pid },
      'checkpoints.get': { id: ck.id },
      'checkpoints.readText': { id: ck.id, path: 'a.txt' },
      'checkpoints.diff': { projectId: pid, a: { checkpointId: ck.id }, b: { workspace: true } },
      'checkpoints.restore': { id: ck.id },
      'checkpoints.delete': { id: ck.id },
      'trash.list': {},
      'trash.restore': { ids: [pid] },
      'trash.empty': {},
      'library.verify': {},
      'library.gc': {},
      'library.info': {},
      'library.repair': {},
      'library.backup': { dir: '/tmp/reelvault-backup' },
      'jobs.list': {},
      'jobs.pause': {},
      'jobs.resume': {},
      'jobs.cancel': { id: 'analyze:x' },
      'jobs.retry': { id: 'analyze:x' },
      'jobs.dismiss': {},
      'media.redo': { sha256: 'a'.repeat(64) },
      'desktop.chooseFolder': {},
      'desktop.chooseSavePath': {},
      'desktop.openWorkspace': { projectId: pid },
      'desktop.openInEditor': { projectId: pid, path: 'a.txt' },
      'desktop.reveal': { renderId: 'rnd_x' },
      'desktop.startDrag': { assetId },
      'desktop.noteRecent': { projectId: pid },
      'desktop.clearCache': {},
      'desktop.relaunch': {},
      'remote.connect': { url: 's3://bucket/prefix', endpoint: 'http://127.0.0.1:1' },
      'remote.setCacheBudget': { bytes: 1000 },
      'remote.keepOffline': { projectId: pid, keep: true },
      'settings.get': {},
      'settings.update': { patch: { theme: 'dark' } },
    };
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('has a valid example for every channel (so none is skipped)', () => {
    expect(Object.keys(valid).sort()).toEqual([...CHANNELS].sort());
    for (const c of CHANNELS) expect(contract[c].input.safeParse(valid[c]).success, c).toBe(true);
  });

  it.each(CHANNELS.map((c) => [c]))('%s: INVALID_INPUT, library untouched', async (channel) => {
    const db = path.join(t.dir, 'library.db');
    const beforeDb = dumpDb(db);
    const beforeTree = dumpTree(t.dir);
    for (const input of invalidInputsFor(channel, valid[channel])) {
      const r = await t.call(channel, input);
      expect(r, `${channel} ${JSON.stringify(input)}`).toMatchObject({ ok: false, status: 400, error: { code: 'INVALID_INPUT' } });
    }
    expect(dumpDb(db)).toBe(beforeDb);
    expect(dumpTree(t.dir)).toBe(beforeTree);
  });

  it('specific limits are caught at the boundary too', async () => {
    const cases: [Channel, unknown][] = [
      ['projects.create', { name: '   ' }],
      ['projects.create', { name: 'x', fps: 0 }],
      ['projects.create', { name: 'x', width: 15 }],
      ['projects.create', { name: 'x', preset: '8k' }],
      ['projects.create', { name: 'x', scope: 'everyone' }],
      ['projects.get', { id: '../../etc/passwd' }],
      ['files.writeText', { projectId: 'prj_a', path: 'a\0b', text: '' }],
      ['assets.search', { limit: 5000 }],
      ['assets.search', { from: 'yesterday' }],
      ['assets.tag', { ids: [], tags: ['x'] }],
      ['checkpoints.diff', { projectId: 'prj_a', a: { workspace: false }, b: { workspace: true } }],
      ['trash.restore', { ids: ['not-an-id'] }],
    ];
    for (const [channel, input] of cases) {
      expect(await t.call(channel, input), `${channel} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });

  it('a body that is not JSON, or not sent as JSON, is refused before dispatch', async () => {
    const bad = await t.raw('POST', '/api/projects.list', { headers: { 'Content-Type': 'application/json' }, body: '{oops' });
    expect(bad.status).toBe(400);
    const form = await t.raw('POST', '/api/projects.list', { headers: { 'Content-Type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    const unknown = await t.call('projects.explode', {});
    expect(unknown).toMatchObject({ ok: false, status: 404, error: { code: 'NOT_FOUND' } });
  });
});
