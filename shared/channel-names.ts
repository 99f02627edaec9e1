/**
 * The contract's channel and event names, without its schemas: what the preload bridge allow-lists.
 * The preload is loaded into every window before the page, so it stays small — importing
 * contract.ts would bundle all of zod into it. channel-names.test.ts holds these lists equal to
 * contract.ts's (a name added there and not here fails the tests and the type check).
 */

export const BRIDGE_CHANNELS = [
  'projects.create', 'projects.adopt', 'projects.get', 'projects.update', 'projects.list', 'projects.delete',
  'files.list', 'files.stat', 'files.readText', 'files.writeText', 'files.mkdir', 'files.move', 'files.delete', 'files.mediaRef',
  'files.watch',
  'assets.search', 'assets.get', 'assets.update', 'assets.tag', 'assets.untag', 'assets.link', 'assets.unlink', 'assets.delete', 'assets.importPaths', 'assets.cancelImport',
  'assets.bulk', 'assets.mark',
  'searches.list', 'searches.save', 'searches.delete',
  'renders.list', 'renders.get', 'renders.update', 'renders.add', 'renders.export', 'renders.delete',
  'renders.compositions', 'renders.make', 'renders.jobs', 'renders.cancel', 'renders.log', 'renders.compare', 'renders.previous',
  'notes.list', 'notes.add', 'notes.update', 'notes.delete', 'notes.export',
  'checkpoints.create', 'checkpoints.list', 'checkpoints.get', 'checkpoints.readText', 'checkpoints.diff', 'checkpoints.restore', 'checkpoints.delete',
  'trash.list', 'trash.restore', 'trash.empty',
  'library.verify', 'library.gc', 'library.info', 'library.repair', 'library.backup',
  'jobs.list', 'jobs.pause', 'jobs.resume', 'jobs.cancel', 'jobs.retry',
  'jobs.dismiss',
  'media.redo',
  'desktop.chooseFolder', 'desktop.chooseSavePath', 'desktop.openWorkspace', 'desktop.reveal', 'desktop.startDrag', 'desktop.noteRecent', 'desktop.clearCache', 'desktop.relaunch',
  'desktop.openInEditor',
  'remote.connect', 'remote.setCacheBudget', 'remote.keepOffline',
  'settings.get', 'settings.update',
] as const;

export const BRIDGE_EVENTS = ['library.changed', 'import.progress', 'jobs.progress', 'app.navigate', 'library.progress', 'jobs.upload'] as const;

export type BridgeChannel = (typeof BRIDGE_CHANNELS)[number];
export type BridgeEvent = (typeof BRIDGE_EVENTS)[number];

/** Electron IPC channel names: one for calls, one for pushed events. */
export const IPC_INVOKE = 'reelvault:invoke';
export const IPC_EVENT = 'reelvault:event';

const channels: ReadonlySet<string> = new Set(BRIDGE_CHANNELS);
const eventNames: ReadonlySet<string> = new Set(BRIDGE_EVENTS);

/** A Set lookup: names like '__proto__' or 'toString' are never channels. */
export function isBridgeChannel(name: unknown): name is BridgeChannel {
  return typeof name === 'string' && channels.has(name);
}

export function isBridgeEvent(name: unknown): name is BridgeEvent {
  return typeof name === 'string' && eventNames.has(name);
}
