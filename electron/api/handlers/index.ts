import type { ApiContext, Handlers } from '../handler-types.js';
import { assetHandlers, searchHandlers } from './assets.js';
import { checkpointHandlers } from './checkpoints.js';
import { desktopHandlers } from './desktop.js';
import { fileHandlers } from './files.js';
import { libraryHandlers, trashHandlers } from './library.js';
import { projectHandlers } from './projects.js';
import { renderHandlers } from './renders.js';
import { noteHandlers } from './notes.js';
import { jobHandlers, mediaHandlers } from './jobs.js';
import { settingsHandlers } from './settings.js';
import { remoteHandlers } from './remote.js';

/** The handler table: every contract channel, typed from the contract (a missing one does not compile). */
export function createHandlers(c: ApiContext): Handlers {
  return {
    ...projectHandlers(c),
    ...fileHandlers(c),
    ...assetHandlers(c),
    ...searchHandlers(c),
    ...renderHandlers(c),
    ...noteHandlers(c),
    ...checkpointHandlers(c),
    ...trashHandlers(c),
    ...libraryHandlers(c),
    ...desktopHandlers(c),
    ...jobHandlers(c),
    ...mediaHandlers(c),
    ...remoteHandlers(c),
    ...settingsHandlers(c),
  };
}
