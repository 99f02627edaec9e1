/**
 * The desktop binding of the handler table. The Electron binary cannot run here, so ipcMain is a
 * stand-in that records the handler and calls it as Electron would (the only mock in the suite);
 * the handler table and the library behind it are the real ones.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { Readable } from 'node:stream';
import { IPC_INVOKE, type Result } from '../../shared/contract.js';
import type { Project, Render } from '../../shared/models.js';
import type { SettingsView } from '../../shared/settings.js';
import { createApi, memorySettingsStore, type Api } from '../api/index.js';
import { fakeDesktop } from '../api/test-support/fake-desktop.js';
import { tempLibrary } from '../storage/test-support/fixtures.js';
import { bindIpc, type IpcMainLike } from './ipc-binding.js';
import { trustedSender } from './trusted-sender.js';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** Stand-in for ipcMain: keeps handlers by channel; invoke() plays Electron delivering a message. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(event: IpcMainInvokeEvent, ...args: unknown[]): Promise<Result<unknown>> {
    const h = this.handlers.get(IPC_INVOKE);
    if (!h) throw new Error(`No handler registered for '${IPC_INVOKE}'`);
    return (await h(event, ...args)) as Result<unknown>;
  }
}

const APP_URL = 'file:///opt/Reelvault/resources/app.asar/out/renderer/index.html';

/** Shapes of WebContents and frames as far as the sender check reads them. */
function frame(opts: { url?: string; processId?: number; frameToken?: string; parent?: object | null } = {}) {
  return { url: opts.url ?? APP_URL, processId: opts.processId ?? 7, frameToken: opts.frameToken ?? 'main-token', parent: opts.parent ?? null };
}
function contents(mainFrame = frame()) {
  return { mainFrame, isDestroyed: () => false } as unknown as WebContents;
}
function event(sender: WebContents, senderFrame: ReturnType<typeof frame> | null) {
  return { sender, senderFrame } as unknown as IpcMainInvokeEvent;
}

describe('bindIpc with a stand-in ipcMain', () => {
  let lib: ReturnType<typeof tempLibrary>;
  let api: Api;
  let ipc: FakeIpcMain;
  let ours: WebContents;
  beforeEach(() => {
    lib = tempLibrary();
    api = createApi({ storage: lib.lib, host: 'desktop', libraryDir: lib.dir, actor: { userId: 'me', sessionId: 'desk' } });
    ipc = new FakeIpcMain();
    ours = contents();
    bindIpc(ipc, api.handlers, trustedSender(() => ours, (url) => url === APP_URL));
  });
  afterEach(() => {
    api.close();
    lib.cleanup();
  });

  const fromOurWindow = () => event(ours, ours.mainFrame as unknown as ReturnType<typeof frame>);

  it('registers exactly one channel and runs the real handler table for our window', async () => {
    expect([...ipc.handlers.keys()]).toEqual([IPC_INVOKE]);
    const created = await ipc.invoke(fromOurWindow(), 'projects.create', { name: 'From the window' });
    expect(created).toMatchObject({ ok: true, value: { name: 'From the window' } });
    const list = (await ipc.invoke(fromOurWindow(), 'projects.list', {})) as Result<Project[]>;
    expect(list.ok && list.value.map((p) => p.name)).toEqual(['From the window']);
  });

  it('refuses unknown channels with NOT_FOUND and bad input with INVALID_INPUT', async () => {
    for (const name of ['projects.explode', '__proto__', 'constructor', 'toString', '', 42, null]) {
      expect(await ipc.invoke(fromOurWindow(), name, {}), String(name)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(await ipc.invoke(fromOurWindow(), 'projects.create', { name: 7 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses foreign senders with FORBIDDEN before any handler runs', async () => {
    const foreign: [string, IpcMainInvokeEvent][] = [
      ['another webContents', event(contents(), frame())],
      ['a subframe of our window', event(ours, frame({ parent: {}, frameToken: 'child' }))],
      ['a frame with another token', event(ours, frame({ frameToken: 'other' }))],
      ['a frame in another process', event(ours, frame({ processId: 99 }))],
      ['our main frame navigated elsewhere', event(contents(frame({ url: 'https://evil.example/' })), frame({ url: 'https://evil.example/' }))],
      ['no frame (already gone)', event(ours, null)],
    ];
    for (const [what, e] of foreign) {
      if (what === 'our main frame navigated elsewhere') ours = e.sender;
      expect(await ipc.invoke(e, 'projects.create', { name: `via ${what}` }), what).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    ours = contents();
    const list = (await ipc.invoke(fromOurWindow(), 'projects.list', {})) as Result<Project[]>;
    expect(list).toEqual({ ok: true, value: [] });
  });

  it('refuses everything once the window is gone', async () => {
    const e = fromOurWindow();
    ours = { ...ours, isDestroyed: () => true } as unknown as WebContents;
    expect(await ipc.invoke(e, 'projects.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('the desktop shell channels run through the binding, and never for a foreign sender', async () => {
    const desk = fakeDesktop();
    const shellApi = createApi({ storage: lib.lib, host: 'desktop', libraryDir: lib.dir, actor: { userId: 'me', sessionId: 'desk' }, desktop: desk.services, settings: memorySettingsStore() });
    const shellIpc = new FakeIpcMain();
    bindIpc(shellIpc, shellApi.handlers, trustedSender(() => ours, (url) => url === APP_URL));
    try {
      const created = (await shellIpc.invoke(fromOurWindow(), 'projects.create', { name: 'Recent one' })) as Result<Project>;
      const p = created.ok ? created.value : null;
      expect(p).not.toBeNull();
      const foreign = event(contents(), frame());
      for (const [channel, input] of [
        ['desktop.relaunch', {}],
        ['desktop.clearCache', {}],
        ['desktop.noteRecent', { projectId: p?.id }],
        ['settings.update', { patch: { theme: 'dark' } }],
        ['settings.get', {}],
        ['desktop.startDrag', { renderId: 'rnd_any' }],
      ] as const) {
        expect(await shellIpc.invoke(foreign, channel, input), channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
      expect(desk.calls).toMatchObject({ relaunched: 0, recent: [], themes: [] });
      expect(await shellIpc.invoke(fromOurWindow(), 'desktop.noteRecent', { projectId: p?.id })).toEqual({ ok: true, value: null });
      expect(await shellIpc.invoke(fromOurWindow(), 'settings.update', { patch: { theme: 'light' } })).toMatchObject({ ok: true, value: { settings: { theme: 'light' } } });
      expect(await shellIpc.invoke(fromOurWindow(), 'desktop.clearCache', {})).toEqual({ ok: true, value: { freedBytes: 4096 } });
      expect(await shellIpc.invoke(fromOurWindow(), 'desktop.relaunch', {})).toEqual({ ok: true, value: null });
      expect(await shellIpc.invoke(fromOurWindow(), 'desktop.reveal', { renderId: 'rnd_nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(desk.calls).toMatchObject({ relaunched: 1, recent: [{ id: p?.id, name: 'Recent one' }], themes: ['light'], revealed: [] });
    } finally {
      shellApi.close();
    }
  });

  it('desktop.startDrag and settings.get run through the binding for our window only', async () => {
    const desk = fakeDesktop({ logDir: '/tmp/reelvault-logs', cacheBytes: 1234 });
    const shellApi = createApi({ storage: lib.lib, host: 'desktop', libraryDir: lib.dir, actor: { userId: 'me', sessionId: 'desk' }, desktop: desk.services, settings: memorySettingsStore() });
    const shellIpc = new FakeIpcMain();
    bindIpc(shellIpc, shellApi.handlers, trustedSender(() => ours, (url) => url === APP_URL));
    try {
      const created = (await shellIpc.invoke(fromOurWindow(), 'projects.create', { name: 'Drag me' })) as Result<Project>;
      if (!created.ok) throw new Error(created.error.message);
      const r: Render = await lib.lib.renders.store({ userId: 'me', sessionId: 'desk' }, created.value.id, { stream: Readable.from([Buffer.from('render bytes')]), fileName: 'final cut.mp4' });

      // A foreign sender: refused before the handler, so nothing is dragged and no settings are read.
      const foreign = event(contents(), frame());
      expect(await shellIpc.invoke(foreign, 'desktop.startDrag', { renderId: r.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await shellIpc.invoke(foreign, 'settings.get', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(desk.calls.dragged).toEqual([]);

      // Our window: the stored file, under the name the user knows, goes to webContents.startDrag's stand-in.
      expect(await shellIpc.invoke(fromOurWindow(), 'desktop.startDrag', { renderId: r.id })).toEqual({ ok: true, value: null });
      expect(desk.calls.dragged).toEqual([{ path: lib.lib.ctx.blobs.pathOf(r.sha256), name: 'final cut.mp4' }]);
      // Unknown, malformed and both-at-once items are refused by the handler table, and nothing more is dragged.
      expect(await shellIpc.invoke(fromOurWindow(), 'desktop.startDrag', { renderId: 'rnd_nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await shellIpc.invoke(fromOurWindow(), 'desktop.startDrag', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await shellIpc.invoke(fromOurWindow(), 'desktop.startDrag', { renderId: r.id, assetId: 'ast_x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(desk.calls.dragged).toHaveLength(1);

      // settings.get: the settings and what they mean on the desktop host (cache size and log folder from the shell).
      const got = (await shellIpc.invoke(fromOurWindow(), 'settings.get', {})) as Result<SettingsView>;
      expect(got).toMatchObject({ ok: true, value: { settings: { theme: 'system', libraryDir: null }, libraryDir: lib.dir, cache: { bytes: 1234 }, logDir: '/tmp/reelvault-logs' } });
      // It reads back what settings.update saved through the same binding.
      await shellIpc.invoke(fromOurWindow(), 'settings.update', { patch: { theme: 'dark' } });
      expect(await shellIpc.invoke(fromOurWindow(), 'settings.get', {})).toMatchObject({ ok: true, value: { settings: { theme: 'dark' } } });
    } finally {
      shellApi.close();
    }
  });

  it('unbinding removes the handler', () => {
    const fresh = new FakeIpcMain();
    const unbind = bindIpc(fresh, api.handlers, () => true);
    unbind();
    expect(fresh.handlers.size).toBe(0);
  });
});
