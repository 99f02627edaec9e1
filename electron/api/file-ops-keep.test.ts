/**
 * Issue 11's invariant for file operations: a delete, a move over a file or a write over a file (from
 * the app, the CLI or the web host: all go through this table) destroys only bytes that are stored.
 * Bytes in no checkpoint — ignored by .reelvaultignore, or never checkpointed — go into a safety
 * checkpoint first, and come back from it byte for byte.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Checkpoint, CheckpointSummary, Project } from '../../shared/models.js';
import type { TextContent } from '../../shared/contract.js';
import { tempLibrary } from '../storage/test-support/fixtures.js';
import { createApi, type Api } from './index.js';

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

describe('defect 2, for file operations: they destroy only bytes that are stored (issue 11)', () => {
  let lib: ReturnType<typeof tempLibrary>;
  let api: Api;
  let p: Project;
  const call = async <T>(channel: Parameters<Api['dispatch']>[0], input: unknown): Promise<Answer<T>> => (await api.dispatch(channel, input)) as never;
  const ok = async <T>(channel: Parameters<Api['dispatch']>[0], input: unknown): Promise<T> => {
    const r = await call<T>(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  const ws = (...parts: string[]) => path.join(p.namespace.workspacePath, ...parts);
  const write = (rel: string, text: string | Buffer) => {
    mkdirSync(path.dirname(ws(rel)), { recursive: true });
    writeFileSync(ws(rel), text);
  };
  const checkpoints = () => ok<CheckpointSummary[]>('checkpoints.list', { projectId: p.id });
  const entriesOf = async (id: string) => new Map((await ok<Checkpoint>('checkpoints.get', { id })).entries.map((e) => [e.path, e]));
  const onlySafety = async (before: number) => {
    const list = await checkpoints();
    expect(list.length).toBe(before + 1);
    const safety = list[list.length - 1] as CheckpointSummary;
    expect(safety.kind).toBe('auto');
    return safety;
  };

  beforeEach(async () => {
    lib = tempLibrary();
    api = createApi({ storage: lib.lib, host: 'web', libraryDir: lib.dir, actor: { userId: 'u', sessionId: 's' } });
    p = await ok<Project>('projects.create', { name: 'Keep' });
    write('src/scene.tsx', 'export const scene = 1;\n');
    write('.reelvaultignore', 'raw/\n');
    await ok('checkpoints.create', { projectId: p.id, name: 'A' });
  });
  afterEach(() => {
    api.close();
    lib.cleanup();
  });

  it('an ignored file deleted with files.delete is kept in a safety checkpoint, and restoring it brings the bytes back', async () => {
    write('raw/take-3.txt', 'the only copy of take 3');
    await ok('files.delete', { projectId: p.id, path: 'raw/take-3.txt' });
    expect(existsSync(ws('raw/take-3.txt'))).toBe(false);
    const safety = await onlySafety(1);
    expect(safety.name).toBe('Before deleting raw/take-3.txt');
    expect((await entriesOf(safety.id)).get('raw/take-3.txt')?.sha256).toBe(sha('the only copy of take 3'));
    expect(existsSync(lib.lib.ctx.blobs.pathOf(sha('the only copy of take 3')))).toBe(true);
    await ok('checkpoints.restore', { id: safety.id });
    expect(readFileSync(ws('raw/take-3.txt'), 'utf8')).toBe('the only copy of take 3');
    expect((await lib.lib.verify({ full: true })).ok).toBe(true);
  });

  it('a folder deleted with files.delete keeps its ignored files in a safety checkpoint of the whole tree as it was; a later delete of bytes it holds adds none', async () => {
    write('raw/a.txt', 'ignored a');
    write('raw/deep/b.bin', Buffer.from([0, 1, 2, 255]));
    write('src/new.tsx', 'never checkpointed');
    await ok('files.delete', { projectId: p.id, path: 'raw' });
    await ok('files.delete', { projectId: p.id, path: 'src' });
    // The first safety checkpoint holds the whole tree as it was, src/new.tsx too: deleting src then needs none.
    const list = await checkpoints();
    expect(list.map((c) => c.name)).toEqual(['A', 'Before deleting raw']);
    const kept = await entriesOf((list[1] as CheckpointSummary).id);
    expect(kept.get('raw/deep/b.bin')?.sha256).toBe(sha(Buffer.from([0, 1, 2, 255])));
    expect(kept.get('src/new.tsx')?.sha256).toBe(sha('never checkpointed'));
    await ok('checkpoints.restore', { id: (list[1] as CheckpointSummary).id });
    expect(readFileSync(ws('raw/a.txt'), 'utf8')).toBe('ignored a');
    expect([...readFileSync(ws('raw/deep/b.bin'))]).toEqual([0, 1, 2, 255]);
    expect(readFileSync(ws('src/new.tsx'), 'utf8')).toBe('never checkpointed');
  });

  it('files.move with overwrite onto an ignored file keeps the file it replaced', async () => {
    write('raw/cut.txt', 'ignored cut, only here');
    write('draft.txt', 'the draft');
    await ok('files.move', { projectId: p.id, from: 'draft.txt', to: 'raw/cut.txt', overwrite: true });
    expect(readFileSync(ws('raw/cut.txt'), 'utf8')).toBe('the draft');
    const safety = await onlySafety(1);
    expect(safety.name).toBe('Before moving draft.txt over raw/cut.txt');
    const kept = await entriesOf(safety.id);
    expect(kept.get('raw/cut.txt')?.sha256).toBe(sha('ignored cut, only here'));
    expect(kept.get('draft.txt')?.sha256).toBe(sha('the draft'));
  });

  it('files.writeText without expectSha256 over a never-checkpointed file keeps its bytes first', async () => {
    write('notes.md', 'notes written outside the app, never checkpointed');
    await ok('files.writeText', { projectId: p.id, path: 'notes.md', text: '' });
    expect(readFileSync(ws('notes.md'), 'utf8')).toBe('');
    const safety = await onlySafety(1);
    expect(safety.name).toBe('Before overwriting notes.md');
    expect((await entriesOf(safety.id)).get('notes.md')?.sha256).toBe(sha('notes written outside the app, never checkpointed'));
  });

  it('bytes already in a checkpoint need no safety checkpoint: deleting, overwriting and moving over them adds none', async () => {
    write('raw/old.txt', 'was checkpointed before it was ignored');
    write('spare.txt', 'spare, in B');
    write('.reelvaultignore', '');
    await ok('checkpoints.create', { projectId: p.id, name: 'B' });
    write('.reelvaultignore', 'raw/\n');
    await ok('files.writeText', { projectId: p.id, path: 'src/scene.tsx', text: 'export const scene = 2;\n' });
    await ok('files.delete', { projectId: p.id, path: 'raw/old.txt' });
    await ok('files.move', { projectId: p.id, from: 'src/scene.tsx', to: 'spare.txt', overwrite: true });
    expect((await checkpoints()).map((c) => c.name)).toEqual(['A', 'B']);
    expect(readFileSync(ws('spare.txt'), 'utf8')).toBe('export const scene = 2;\n');
  });

  it('an editor save (expectSha256 of what it read) supersedes that version without a safety checkpoint', async () => {
    write('src/scene.tsx', 'edited outside, never checkpointed\n');
    const read = await ok<TextContent>('files.readText', { projectId: p.id, path: 'src/scene.tsx' });
    await ok('files.writeText', { projectId: p.id, path: 'src/scene.tsx', text: 'saved from the editor\n', expectSha256: read.sha256 });
    expect((await checkpoints()).map((c) => c.name)).toEqual(['A']);
  });

  it('deleting a folder holding a name that is not UTF-8 is refused with CONFLICT naming it, and nothing is changed', async () => {
    write('raw/keep.txt', 'ignored');
    writeFileSync(Buffer.concat([Buffer.from(ws('raw') + path.sep), Buffer.from([0x66, 0xff, 0x2e, 0x74])]), 'latin-1 name');
    const r = await call('files.delete', { projectId: p.id, path: 'raw' });
    expect(r.ok ? 'deleted' : r.error.code).toBe('CONFLICT');
    expect(!r.ok && r.error.message).toMatch(/raw\/f.*not valid UTF-8.*nothing was changed/);
    expect(readdirSync(ws('raw'))).toHaveLength(2);
    expect((await checkpoints()).map((c) => c.name)).toEqual(['A']);
  });
});
