/**
 * The preload bridge: the renderer's only door to the main process. It exposes one object,
 * window.reelvault, with three functions, and lets through only channels and events the contract
 * declares; the main process checks the sender and validates input again.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
// The zod-free name list, not contract.ts: the preload stays a couple of kB (the budget test holds it).
import { IPC_EVENT, IPC_INVOKE, isBridgeChannel, isBridgeEvent } from '../../shared/channel-names.js';
import type { ReelvaultBridge, Result } from '../../shared/contract.js';

const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_EVENT, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const l of [...(listeners.get(name) ?? [])]) l(payload);
});

const bridge: ReelvaultBridge = {
  invoke(channel, input) {
    if (!isBridgeChannel(channel)) {
      const refused: Result<never> = { ok: false, error: { code: 'NOT_FOUND', message: `unknown channel: ${String(channel).slice(0, 100)}` } };
      return Promise.resolve(refused);
    }
    return ipcRenderer.invoke(IPC_INVOKE, channel, input) as Promise<Result<unknown>>;
  },
  on(event, listener) {
    if (!isBridgeEvent(event)) throw new Error(`unknown event: ${String(event).slice(0, 100)}`);
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const s = set;
    // The renderer's function arrives as a proxy; keep our own wrapper so unsubscribe finds it.
    const wrapped = (payload: unknown) => listener(payload);
    s.add(wrapped);
    return () => {
      s.delete(wrapped);
    };
  },
  pathForFile(file) {
    return webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]);
  },
};

contextBridge.exposeInMainWorld('reelvault', bridge);
