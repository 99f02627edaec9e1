/** Saving from the editor: a file changed or deleted on disk since it was read is never overwritten unasked. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TextContent } from '../../shared/contract.js';
import type { Project } from '../../shared/models.js';
import { tempLibrary } from '../storage/test-support/fixtures.js';
import { createApi, type Api } from './index.js';

describe('files.writeText with expectSha256', () => {
  let lib: ReturnType<typeof tempLibrary>;
  let api: Api;
  let p: Project;
  const call = async <T>(channel: Parameters<Api['dispatch']>[0], input: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> =>
    (await api.dispatch(channel, input)) as never;
  const file = () => path.join(p.namespace.workspacePath, 'src', 'Title.tsx');

  beforeEach(async () => {
    lib = tempLibrary();
    api = createApi({ storage: lib.lib, host: 'web', libraryDir: lib.dir, actor: { userId: 'u', sessionId: 's' } });
    const r = await call<Project>('projects.create', { name: 'Edit' });
    if (!r.ok) throw new Error(r.error.message);
    p = r.value;
    await call('files.writeText', { projectId: p.id, path: 'src/Title.tsx', text: 'export const t = 1;\n' });
  });
  afterEach(() => {
    api.close();
    lib.cleanup();
  });

  const read = async () => {
    const r = await call<TextContent>('files.readText', { projectId: p.id, path: 'src/Title.tsx' });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('a whole read carries the bytes’ sha256; a truncated one carries none', async () => {
    const t = await read();
    expect(t.sha256).toMatch(/^[0-9a-f]{64}$/);
    const cut = await call<TextContent>('files.readText', { projectId: p.id, path: 'src/Title.tsx', maxBytes: 4 });
    expect(cut.ok && cut.value.truncated && cut.value.sha256 === undefined).toBe(true);
  });

  it('saves when the disk still holds what was read', async () => {
    const t = await read();
    const w = await call('files.writeText', { projectId: p.id, path: 'src/Title.tsx', text: 'export const t = 2;\n', expectSha256: t.sha256 });
    expect(w.ok).toBe(true);
    expect(readFileSync(file(), 'utf8')).toBe('export const t = 2;\n');
  });

  it('refuses with CONFLICT when another editor changed it, and leaves their bytes', async () => {
    const t = await read();
    writeFileSync(file(), 'export const t = 99; // theirs\n');
    const w = await call('files.writeText', { projectId: p.id, path: 'src/Title.tsx', text: 'mine\n', expectSha256: t.sha256 });
    expect(w.ok ? 'saved' : w.error.code).toBe('CONFLICT');
    expect(!w.ok && w.error.message).toMatch(/changed on disk after it was opened.*nothing was saved/);
    expect(readFileSync(file(), 'utf8')).toBe('export const t = 99; // theirs\n');
    // Saving anyway (no expectSha256) is the user's explicit choice.
    expect((await call('files.writeText', { projectId: p.id, path: 'src/Title.tsx', text: 'mine\n' })).ok).toBe(true);
    expect(readFileSync(file(), 'utf8')).toBe('mine\n');
  });

  it('refuses with CONFLICT when it was deleted meanwhile, and does not bring it back', async () => {
    const t = await read();
    rmSync(file());
    const w = await call('files.writeText', { projectId: p.id, path: 'src/Title.tsx', text: 'mine\n', expectSha256: t.sha256 });
    expect(!w.ok && w.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/deleted on disk/) });
    expect(() => readFileSync(file())).toThrow();
  });
});
