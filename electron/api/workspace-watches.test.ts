/** files.watch: a host follows opened workspaces and pushes their disk edits as library.changed. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LibraryChanged } from '../../shared/contract.js';
import type { Project } from '../../shared/models.js';
import { tempLibrary } from '../storage/test-support/fixtures.js';
import { createApi, type Api } from './index.js';
import { MAX_WATCHED } from './workspace-watches.js';

describe('files.watch', () => {
  let lib: ReturnType<typeof tempLibrary>;
  let api: Api;
  const changes: LibraryChanged[] = [];
  const create = async (name: string) => {
    const r = await api.dispatch('projects.create', { name });
    if (!r.ok) throw new Error(r.error.message);
    return r.value as Project;
  };
  const until = (pred: (e: LibraryChanged) => boolean) =>
    new Promise<LibraryChanged>((resolve, reject) => {
      const found = changes.find(pred);
      if (found) return resolve(found);
      const off = api.events.on((event, payload) => {
        if (event === 'library.changed' && pred(payload as LibraryChanged)) { off(); resolve(payload as LibraryChanged); }
      });
      setTimeout(() => { off(); reject(new Error(`no such change among ${JSON.stringify(changes)}`)); }, 10_000).unref();
    });

  beforeEach(() => {
    changes.length = 0;
    lib = tempLibrary();
    api = createApi({ storage: lib.lib, host: 'web', libraryDir: lib.dir, actor: { userId: 'u', sessionId: 's' } });
    api.events.on((event, payload) => { if (event === 'library.changed') changes.push(payload as LibraryChanged); });
  });
  afterEach(async () => {
    await api.watches?.close();
    api.close();
    lib.cleanup();
  });

  it('an edit on disk arrives as library.changed {kind: files, id, paths}', async () => {
    const p = await create('Watched');
    const r = await api.dispatch('files.watch', { projectId: p.id });
    expect(r).toEqual({ ok: true, value: { watching: true, path: p.namespace.workspacePath } });
    writeFileSync(path.join(p.namespace.workspacePath, 'new.txt'), 'hi\n');
    const e = await until((e) => e.kind === 'files' && !!e.paths?.includes('new.txt'));
    expect(e.id).toBe(p.id);
    expect((await api.watches!.peekDirty(p.id)).paths).toContain('new.txt');
  });

  it('keeps only the workspaces opened last', async () => {
    const ps: Project[] = [];
    for (let i = 0; i <= MAX_WATCHED; i++) ps.push(await create(`P${i}`));
    for (const p of ps) await api.dispatch('files.watch', { projectId: p.id });
    // Asking again for the first would re-watch it; the list shows the oldest was let go.
    expect(api.watches!.list()).toEqual(ps.slice(1).map((p) => p.id));
  });

  it('a project the caller may not see is NOT_FOUND, and nothing is watched', async () => {
    const other = createApi({ storage: lib.lib, host: 'web', libraryDir: lib.dir, actor: { userId: 'v', sessionId: 't' } });
    const r = await other.dispatch('projects.create', { name: 'Theirs', scope: 'user' });
    if (!r.ok) throw new Error(r.error.message);
    const id = (r.value as Project).id;
    other.close();
    const w = await api.dispatch('files.watch', { projectId: id });
    expect(w.ok ? 'ok' : w.error.code).toBe('NOT_FOUND');
    expect(api.watches!.list()).toEqual([]);
  });

  it('an MCP host watches nothing', async () => {
    const mcp = createApi({ storage: lib.lib, host: 'mcp', libraryDir: lib.dir, actor: { userId: 'u', sessionId: 's' } });
    const p = await create('Agent');
    expect(await mcp.dispatch('files.watch', { projectId: p.id })).toEqual({ ok: true, value: { watching: false, path: p.namespace.workspacePath } });
    expect(mcp.watches).toBeUndefined();
    mcp.close();
  });
});
