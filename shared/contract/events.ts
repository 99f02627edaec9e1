/** The push events (host → UI): names, payloads, and the checks the bridge and hosts use. */
import type { ImportProgress, JobEvent } from '../models.js';
import type { UploadJob } from './jobs.js';
import { returns } from './pieces.js';

/**
 * What changed. `media` is what media work found for content (probe facts, posters, proxies, a failure
 * or a reset): no asset or render is added, removed or re-tagged by it, so a screen re-reads what it
 * shows without recounting everything it matches (at 1,000,000 assets, a recount per media result
 * kept the host busy for good).
 */
export const CHANGE_KINDS = ['projects', 'files', 'assets', 'renders', 'checkpoints', 'trash', 'media'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Something in the library changed; `id` names the project (files, renders, checkpoints) or item when known. */
export interface LibraryChanged {
  kind: ChangeKind;
  id?: string;
  /** Files changes seen on disk by the workspace watcher: the paths (relative), when few enough to name. */
  paths?: string[];
}

/** Progress of one import (paths or an upload), keyed by the importId the caller chose. */
export interface ImportProgressEvent extends ImportProgress {
  importId: string;
  done: boolean;
}

/** A media job (poster, filmstrip, probe) changed state: the media queue's own event record. */
export type JobProgressEvent = JobEvent;

/** The host asks the UI to show a screen: a hash route such as '#/settings' or '#/projects/<id>'. */
export interface NavigateEvent {
  route: string;
}

/** Verify, repair or backup at work (the Library screen's progress bars). */
export interface LibraryProgressEvent {
  task: 'verify' | 'repair' | 'backup';
  done: number;
  /** 0 while the total is not known yet (repair reports none). */
  total: number;
  finished: boolean;
}

export const events = {
  /** The library changed; screens showing that kind reload. */
  'library.changed': returns<LibraryChanged>(),
  /** Files and bytes done of an import. */
  'import.progress': returns<ImportProgressEvent>(),
  /** Media job state and progress. */
  'jobs.progress': returns<JobProgressEvent>(),
  /** Show a screen (a menu's Settings…, a recent project picked from the dock, jump list or File menu). */
  'app.navigate': returns<NavigateEvent>(),
  /** How far verify, repair or backup has come. */
  'library.progress': returns<LibraryProgressEvent>(),
  /** The upload to the bucket: its state, the outbox, and progress while uploading (about twice a second). */
  'jobs.upload': returns<UploadJob>(),
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = (typeof events)[E];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
