import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { SenderCheck } from './ipc-binding.js';

/**
 * A message is ours when it comes from our window's webContents, from its main frame (not an
 * iframe), while that frame shows our app (not a page it was somehow navigated to).
 */
export function trustedSender(getContents: () => WebContents | null, isAppUrl: (url: string) => boolean): SenderCheck {
  return (event: IpcMainInvokeEvent) => {
    const contents = getContents();
    const frame = event.senderFrame;
    if (!contents || contents.isDestroyed() || event.sender !== contents || !frame) return false;
    const main = contents.mainFrame;
    return frame.parent === null && frame.processId === main.processId && frame.frameToken === main.frameToken && isAppUrl(frame.url);
  };
}
