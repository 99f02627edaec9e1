/** The workspace's folder and files in the desktop's own apps (shell.openPath, faked here); refused in the browser. */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Project } from '../../shared/models.js';
import { tempLibrary } from '../storage/test-support/fixtures.js';
import { fakeDesktop } from './test-support/fake-desktop.js';
import { createApi, type Api } from './index.js';

const actor = { userId: 'desk', sessionId: 'desk-1' };

describe('desktop.openWorkspace and desktop.openInEditor', () => {
  let lib: ReturnType<typeof tempLibrary>;
  let api: Api;
  let desk: ReturnType<typeof fakeDesktop>;
  let p: Project;
  const code = async (channel: string, input: unknown) => {
    const r = await api.dispatch(channel, input);
    return r.ok ? 'ok' : r.error.code;
  };
  beforeEach(async () => {
    lib = tempLibrary();
    desk = fakeDesktop();
    api = createApi({ storage: lib.lib, host: 'desktop', libraryDir: lib.dir, actor, desktop: desk.services });
    const r = await api.dispatch('projects.create', { name: 'Open me' });
    p = (r as { value: Project }).value;
    await api.dispatch('files.writeText', { projectId: p.id, path: 'src/Title.tsx', text: 'x' });
  });
  afterEach(() => {
    api.close();
    lib.cleanup();
  });

  it('opens the workspace folder, and a file in it with its app, by absolute path', async () => {
    expect(await code('desktop.openWorkspace', { projectId: p.id })).toBe('ok');
    expect(await code('desktop.openInEditor', { projectId: p.id, path: 'src/Title.tsx' })).toBe('ok');
    expect(desk.calls.opened).toEqual([p.namespace.workspacePath, path.join(p.namespace.workspacePath, 'src', 'Title.tsx')]);
  });

  it('refuses a folder, a missing file and a path out of the workspace, opening nothing', async () => {
    expect(await code('desktop.openInEditor', { projectId: p.id, path: 'src' })).toBe('INVALID_INPUT');
    expect(await code('desktop.openInEditor', { projectId: p.id, path: 'nope.txt' })).toBe('NOT_FOUND');
    expect(await code('desktop.openInEditor', { projectId: p.id, path: '../../library.db' })).not.toBe('ok');
    expect(desk.calls.opened).toEqual([]);
  });

  it('the web host answers FORBIDDEN (a browser copies the path instead)', async () => {
    const web = createApi({ storage: lib.lib, host: 'web', libraryDir: lib.dir, actor });
    const r = await web.dispatch('desktop.openInEditor', { projectId: p.id, path: 'src/Title.tsx' });
    expect(r.ok ? 'ok' : r.error.code).toBe('FORBIDDEN');
    web.close();
  });
});
