/** The desktop.* channels: what only the desktop app can do (native dialogs, the file manager, the OS). */
import { z } from 'zod';
import { assetId, noInput, projectId, relPath, renderId, returns } from './pieces.js';

/** A render or an asset, by id: things whose stored file the desktop can show or hand to another app. */
const storedItem = z.union([z.strictObject({ renderId }), z.strictObject({ assetId })]);

export const desktopChannels = {
  /** Desktop only: a native folder picker; null when cancelled. */
  'desktop.chooseFolder': { input: z.strictObject({ title: z.string().max(200).optional() }), output: returns<string | null>() },
  /** Desktop only: a native save dialog; null when cancelled. */
  'desktop.chooseSavePath': {
    input: z.strictObject({ title: z.string().max(200).optional(), defaultName: z.string().max(255).optional() }),
    output: returns<string | null>(),
  },
  /** Desktop only: opens a project's workspace folder in the system file manager. */
  'desktop.openWorkspace': { input: z.strictObject({ projectId }), output: returns<null>() },
  /** Desktop only: opens a workspace file with the system's app for it (the user's editor for .tsx, .json, .md). */
  'desktop.openInEditor': { input: z.strictObject({ projectId, path: relPath.min(1) }), output: returns<null>() },
  /** Desktop only: shows a render's or an asset's stored file in the system file manager. */
  'desktop.reveal': { input: storedItem, output: returns<null>() },
  /** Desktop only: drags a render's or an asset's file out of the window into another app (call it from dragstart). */
  'desktop.startDrag': { input: storedItem, output: returns<null>() },
  /** Desktop only: puts a project first in the OS's recent list (File › Open Recent, jump list, dock menu). */
  'desktop.noteRecent': { input: z.strictObject({ projectId }), output: returns<null>() },
  /** Desktop only: empties the app's disposable caches (Chromium's, drag-out links); answers the bytes freed. */
  'desktop.clearCache': { input: noInput, output: returns<{ freedBytes: number }>() },
  /** Desktop only: restarts the app, e.g. to open the library folder the settings now name. */
  'desktop.relaunch': { input: noInput, output: returns<null>() },
} as const;
