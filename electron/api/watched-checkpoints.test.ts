/** files.watch and checkpoints.create together: a watched workspace's checkpoints take the watcher fast path, and stop when the watch stops. */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Project } from '../../shared/models.js';
import { tempLibrary } from '../storage/test-support/fixtures.js';
import { attachedWatcher, scanWorkspace } from '../storage/index.js';
import { createApi, type Api } from './index.js';

describe('checkpoints of a workspace the host watches', () => {
  let lib: ReturnType<typeof tempLibrary>;
  let api: Api;
  beforeEach(() => {
    lib = tempLibrary();
    api = createApi({ storage: lib.lib, host: 'web', libraryDir: lib.dir, actor: { userId: 'u', sessionId: 's' } });
  });
  afterEach(async () => {
    await api.watches?.close();
    api.close();
    lib.cleanup();
  });

  it('files.watch attaches the watcher; checkpoints then equal a full walk; closing the watches detaches it', async () => {
    const r = await api.dispatch('projects.create', { name: 'W' });
    if (!r.ok) throw new Error(r.error.message);
    const p = r.value as Project;
    const root = p.namespace.workspacePath;
    mkdirSync(path.join(root, 'src'), { recursive: true });
    writeFileSync(path.join(root, 'src', 'a.ts'), 'a');
    const w = await api.dispatch('files.watch', { projectId: p.id });
    expect(w.ok).toBe(true);
    expect(attachedWatcher(lib.lib.ctx, p.id)).toBeTruthy();
    const one = await api.dispatch('checkpoints.create', { projectId: p.id, name: 'one' });
    expect(one.ok).toBe(true);
    writeFileSync(path.join(root, 'src', 'b.ts'), 'b');
    const fast = await scanWorkspace(lib.lib.ctx, p.id, root, 'store', { watched: true });
    expect(fast.viaWatcher).toBe(true);
    const full = await scanWorkspace(lib.lib.ctx, p.id, root, 'hash');
    expect(fast.entries).toEqual(full.entries);
    await api.watches?.close();
    expect(attachedWatcher(lib.lib.ctx, p.id)).toBeUndefined();
    const after = await scanWorkspace(lib.lib.ctx, p.id, root, 'store', { watched: true });
    expect(after.viaWatcher).toBeUndefined();
  });
});
