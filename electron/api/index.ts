/**
 * The handler table every host binds: the Electron main process over ipcMain, the web host over
 * HTTP, the MCP server over stdio and the CLI in-process. None adds logic of its own; everything a
 * channel does is here, over the storage library, behind the one validation gate (dispatch).
 */
import type { HostKind } from '../../shared/contract.js';
import type { Actor } from '../../shared/models.js';
import type { Storage } from '../storage/index.js';
import { createDispatch, type Dispatch } from './dispatch.js';
import { EventHub } from './events.js';
import { createHandlers } from './handlers/index.js';
import type { ApiContext, DesktopServices, Handlers, MediaJobs, RenderJobs, SettingsContext } from './handler-types.js';
import { withRenderJobs } from './job-sources.js';
import { defaultConcurrency } from '../media/job-queue.js';
import { appDataDir, memorySettingsStore, type SettingsStore } from './settings-file.js';
import { hostActor } from './host-actor.js';
import { ImportRegistry } from './imports.js';
import { WorkspaceWatches } from './workspace-watches.js';
import { createMediaAccess, ViewableBlobs, type MediaAccess } from './media-access.js';
import { mediaResponse, type MediaRequest, type MediaResponse } from './media.js';
import { importUpload, renderUpload, type UploadRequest } from './upload.js';
import type { Result } from '../../shared/contract.js';
import type { ImportResultItem, Render } from '../../shared/models.js';

export interface ApiOptions {
  storage: Storage;
  host: HostKind;
  libraryDir: string;
  /** Defaults to the OS user in a fresh session (hostActor). */
  actor?: Actor;
  desktop?: DesktopServices;
  /** The media worker: its events are forwarded as jobs.progress and the jobs.* channels drive it. */
  jobs?: MediaJobs;
  /** Channels that take a path on this machine work here although the host is not the desktop (an MCP server started with --allow-paths). */
  allowPaths?: boolean;
  /** The render worker (Remotion): the renders.make family of channels, and its jobs in the jobs panel. */
  render?: RenderJobs;
  /** Where settings are kept (default: in memory, for tests) and what chose the library. */
  settings?: SettingsStore;
  libraryOverride?: string | null;
  defaultLibraryDir?: string;
  /** False: no background upload to the library's bucket (the CLI uploads before it exits instead). */
  backgroundSync?: boolean;
  /** Called with what a handler threw when it maps to INTERNAL (default: its stack on stderr). */
  onInternalError?: (channel: string, err: unknown) => void;
  /** Follow opened workspaces on disk (files.watch); default: the desktop and web hosts do, an MCP server does not. */
  watchWorkspaces?: boolean;
}

export interface Api {
  actor: Actor;
  handlers: Handlers;
  dispatch: Dispatch;
  events: EventHub;
  imports: ImportRegistry;
  mediaAccess: MediaAccess;
  /** The workspaces followed on disk, with their dirty sets; undefined where the host watches none. */
  watches: WorkspaceWatches | undefined;
  media(req: MediaRequest): Promise<MediaResponse>;
  /** A streamed upload (web host): stored as an asset, progress as import.progress. */
  importUpload(req: UploadRequest): Promise<Result<ImportResultItem>>;
  /** A streamed upload (web host) of a rendered video: stored as one of a project's renders. */
  renderUpload(req: UploadRequest): Promise<Result<Render>>;
  /** Stops forwarding events and cancels imports in flight; the storage is the caller's to close. */
  close(): void;
}

export function createApi(opts: ApiOptions): Api {
  const events = new EventHub();
  const imports = new ImportRegistry(events);
  const viewable = new ViewableBlobs();
  const actor = opts.actor ?? hostActor(opts.host);
  const store = opts.settings ?? memorySettingsStore();
  const atStart = store.read();
  const settings: SettingsContext = {
    store,
    atStart,
    defaultLibraryDir: opts.defaultLibraryDir ?? appDataDir(),
    libraryOverride: opts.libraryOverride ?? null,
    concurrencyNow: atStart.media.concurrency ?? defaultConcurrency(),
  };
  // A library with a bucket: its new content is uploaded in the background while a host runs.
  const remoteSync = opts.backgroundSync === false ? undefined : opts.storage.remote.background((s) => events.emit('jobs.upload', s)).start();
  // Render jobs share the jobs panel (list, cancel, retry, progress events) with the media ones.
  const jobs = withRenderJobs(opts.jobs, opts.render);
  const watches = (opts.watchWorkspaces ?? opts.host !== 'mcp') ? new WorkspaceWatches(opts.storage, actor, events) : undefined;
  const ctx: ApiContext = { storage: opts.storage, actor, host: opts.host, libraryDir: opts.libraryDir, events, imports, viewable, desktop: opts.desktop, jobs, settings, remoteSync, pathsAllowed: opts.host === 'desktop' || !!opts.allowPaths, render: opts.render, watches };
  const handlers = createHandlers(ctx);
  const mediaAccess = createMediaAccess(opts.storage, actor, viewable);
  const offChange = opts.storage.onChange((kind, id) => events.emit('library.changed', id === undefined ? { kind } : { kind, id }));
  const offJobs = jobs?.onEvent((e) => events.emit('jobs.progress', e));
  return {
    actor,
    handlers,
    dispatch: createDispatch(handlers, opts.onInternalError),
    events,
    imports,
    mediaAccess,
    watches,
    media: (req) => mediaResponse(mediaAccess, req),
    importUpload: (req) => importUpload(opts.storage, actor, imports, req),
    renderUpload: (req) => renderUpload(opts.storage, actor, req),
    close() {
      void remoteSync?.stop();
      offChange();
      offJobs?.();
      void watches?.close();
      imports.cancelAll();
    },
  };
}

export type { DesktopServices, Handlers, MediaJobs, RenderJobs } from './handler-types.js';
export { hostActor } from './host-actor.js';
export { sessionsFilePath } from './app-session.js';
export { appDataDir, chooseLibraryDir, jsonSettingsStore, memorySettingsStore, settingsFilePath, type SettingsStore } from './settings-file.js';
export type { Dispatch } from './dispatch.js';
export type { MediaRequest, MediaResponse } from './media.js';
export type { UploadRequest } from './upload.js';
export { EventHub } from './events.js';
export { parseRange } from './media.js';
