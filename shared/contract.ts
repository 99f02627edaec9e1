/**
 * The one contract between the UI and a host (Electron main, the web host, the CLI, the MCP
 * server). Every channel is declared in one domain file under contract/ — a zod schema for its
 * single input object, the type of its output and a one-line JSDoc — and composed here into the one
 * table. The handler table in electron/api is typed from this object, so a channel without a
 * handler, or a handler with other types, does not compile; every host validates input with these
 * schemas at the boundary and answers a `Result`. Import from this file, never from contract/*.
 */
import type { z } from 'zod';
import { assetChannels } from './contract/assets.js';
import { checkpointChannels } from './contract/checkpoints.js';
import { desktopChannels } from './contract/desktop.js';
import { fileChannels } from './contract/files.js';
import { jobChannels } from './contract/jobs.js';
import { libraryChannels } from './contract/library.js';
import { noteChannels } from './contract/notes.js';
import { projectChannels } from './contract/projects.js';
import { remoteChannels } from './contract/remote.js';
import { renderChannels } from './contract/renders.js';
import { searchChannels } from './contract/searches.js';
import { settingsChannels } from './contract/settings.js';
import { trashChannels } from './contract/trash.js';

export type { Result } from './contract/pieces.js';
export { TEXT_READ_DEFAULT, TEXT_READ_MAX } from './contract/pieces.js';
export type { MediaRef, TextContent, WatchState } from './contract/files.js';
export type { AssetPage } from './contract/assets.js';
export type { HostKind, LibraryInfo, MediaToolInfo, RefusedTool } from './contract/library.js';
export type { JobsState, UploadJob } from './contract/jobs.js';
export type { RemoteInfo } from './contract/remote.js';
export type { RestoreResult } from './models.js';
// The id jobs.retry takes for the upload job; in models.ts, so the UI imports it without zod.
export { UPLOAD_JOB_ID } from './models.js';

// ---- the channels: one table, each domain's part in its own file ---------------------------------

export const contract = {
  ...projectChannels,
  ...fileChannels,
  ...assetChannels,
  ...renderChannels,
  ...noteChannels,
  ...checkpointChannels,
  ...searchChannels,
  ...trashChannels,
  ...libraryChannels,
  ...jobChannels,
  ...desktopChannels,
  ...remoteChannels,
  ...settingsChannels,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
/** What a caller passes (defaults not yet applied). */
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives, after validation. */
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = Contract[C]['output'];
export const CHANNELS = Object.keys(contract) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

// ---- push events (host → UI) and transports --------------------------------------------------------

export { CHANGE_KINDS, EVENT_NAMES, events, isEventName } from './contract/events.js';
export type { ChangeKind, EventName, EventPayload, ImportProgressEvent, JobProgressEvent, LibraryChanged, LibraryProgressEvent, NavigateEvent } from './contract/events.js';

/** Electron IPC channel names (declared beside the preload's zod-free channel list). */
export { IPC_EVENT, IPC_INVOKE } from './channel-names.js';
export { renderUploadQuery, SHA256, uploadQuery } from './contract/transports.js';
export type { ReelvaultBridge, RenderUploadQuery, UploadQuery } from './contract/transports.js';
