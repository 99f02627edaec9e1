import type { Channel, HostKind, MediaToolInfo, Output, ParsedInput } from '../../shared/contract.js';
import type { Actor, JobCounts, JobEvent, JobRecord } from '../../shared/models.js';
import type { RenderJobCalls } from '../render/render-jobs.js';
import type { Storage, BackgroundSync } from '../storage/index.js';
import type { CallOptions } from './dispatch.js';
import type { EventHub } from './events.js';
import type { ImportRegistry } from './imports.js';
import type { ViewableBlobs } from './media-access.js';
import type { AppSettings, Theme } from '../../shared/settings.js';
import type { SettingsStore } from './settings-file.js';
import type { WorkspaceWatches } from './workspace-watches.js';

/** A channel's function: its validated input, and the call's options (progress, a signal) for the long ones. */
export type Handler<C extends Channel> = (input: ParsedInput<C>, call: CallOptions) => Promise<Output<C>> | Output<C>;

/** One function per channel: a channel missing here, or typed otherwise, does not compile. */
export type Handlers = { [C in Channel]: Handler<C> };

/** The handlers of one domain ('projects', 'files', …), so each domain lives in its own file. */
export type DomainHandlers<D extends string> = { [C in Channel as C extends `${D}.${string}` ? C : never]: Handler<C> };

/** What only the desktop host can do (native dialogs, the file manager); the main process supplies it. */
export interface DesktopServices {
  chooseFolder(opts: { title?: string | undefined }): Promise<string | null>;
  chooseSavePath(opts: { title?: string | undefined; defaultName?: string | undefined }): Promise<string | null>;
  openFolder(absPath: string): Promise<void>;
  /** Shows a file selected in the system file manager. */
  revealFile(absPath: string): void;
  /** Starts dragging a file out of the window (webContents.startDrag), named as the user knows it. */
  startDrag(file: { path: string; name: string }): Promise<void>;
  /** A project was opened: first in the OS's recent list, the jump list, the dock and File menus. */
  noteRecent(project: { id: string; name: string; workspacePath: string }): void;
  /** Bytes held by the app's disposable caches; clearCache empties them and answers the bytes freed. */
  cacheBytes(): Promise<number>;
  clearCache(): Promise<number>;
  /** Native UI (menus, dialogs, scrollbars) follows the theme the settings name. */
  applyTheme(theme: Theme): void;
  relaunch(): void;
  /** The folder with the app's log files. */
  readonly logDir: string;
}

/** The media worker as the API sees it (electron/media's MediaWorker fits). */
export interface MediaJobs {
  queue: {
    /** Every job; with `limit`, the running ones, the next `limit` queued and the latest `limit` failed. */
    list(limit?: number): JobRecord[];
    counts(): JobCounts;
    readonly paused: boolean;
    pause(): void;
    resume(): void;
    cancel(id: string): boolean;
    retry(id: string): boolean;
    /** Forgets a failed job (it leaves the panel and the failed count). */
    dismiss?(id: string): boolean;
    /** Jobs at once now, and changed while running (the settings screen). */
    readonly limit?: number;
    setConcurrency?(n: number): void;
  };
  redo(sha256: string): void;
  onEvent(listener: (event: JobEvent) => void): () => void;
  /** Which ffmpeg and ffprobe the jobs run (library.info shows it). */
  tools?(): Promise<MediaToolInfo[]>;
}

/** The render worker as the API sees it: its calls (typed once, in electron/render), with the jobs panel's queue controls. */
export type RenderJobs = RenderJobCalls<MediaJobs['queue']>;

export interface ApiContext {
  storage: Storage;
  actor: Actor;
  host: HostKind;
  libraryDir: string;
  events: EventHub;
  imports: ImportRegistry;
  viewable: ViewableBlobs;
  desktop: DesktopServices | undefined;
  jobs: MediaJobs | undefined;
  /** Whether channels that take a path on this machine may run (the desktop app; an MCP server with --allow-paths). */
  pathsAllowed: boolean;
  /** The render worker (Remotion); undefined where this host runs none. */
  render?: RenderJobs | undefined;
  settings: SettingsContext;
  /** Uploads a library's new content to its bucket in the background (idle without one). */
  remoteSync?: BackgroundSync;
  /** The workspaces this host follows on disk (files.watch); undefined where it watches none (MCP). */
  watches?: WorkspaceWatches | undefined;
}

/** The settings store and what the host started with, for settings.get and settings.update. */
export interface SettingsContext {
  store: SettingsStore;
  /** The settings as they were when the host started (what the media queue runs with). */
  atStart: AppSettings;
  /** The platform's app-data folder: the library when the settings name none. */
  defaultLibraryDir: string;
  /** What chose the open library over the settings ('--library', 'REELVAULT_LIBRARY'), or null. */
  libraryOverride: string | null;
  /** Media jobs at once right now (changes with settings.update). */
  concurrencyNow: number;
}
