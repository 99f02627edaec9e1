import type { IpcMainInvokeEvent } from 'electron';
import { IPC_INVOKE, type Result } from '../../shared/contract.js';
import { createDispatch } from '../api/dispatch.js';
import type { Handlers } from '../api/handler-types.js';

/** The part of ipcMain this binding uses, so a test can hand it a stand-in (Electron cannot run in CI). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

const untrusted: Result<never> = { ok: false, error: { code: 'FORBIDDEN', message: 'IPC from a frame that is not the Reelvault window' } };

/**
 * Binds the handler table to one ipcMain channel: `invoke(channel, input)` from the preload bridge.
 * The sender is checked before anything else — a message from another webContents, a subframe or a
 * page that is not ours gets FORBIDDEN and no handler runs; the rest is the shared dispatch
 * (unknown channel NOT_FOUND, bad input INVALID_INPUT). Returns the unbinding function.
 */
export function bindIpc(ipcMain: IpcMainLike, handlers: Handlers, isTrustedSender: SenderCheck): () => void {
  const dispatch = createDispatch(handlers);
  ipcMain.handle(IPC_INVOKE, async (event, channel, input) => {
    if (!isTrustedSender(event)) return untrusted;
    return dispatch(typeof channel === 'string' ? channel : String(channel), input);
  });
  return () => ipcMain.removeHandler(IPC_INVOKE);
}
