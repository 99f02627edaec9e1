import os from 'node:os';
import type { Command } from 'commander';
import type { Actor } from '../../shared/models.js';
import { isAppDataDir, openStorage, type Storage } from '../storage/index.js';
import { chooseLibraryDir, jsonSettingsStore, settingsFilePath } from '../api/settings-file.js';
import { uploadBeforeExit } from './remote-upload.js';

export interface GlobalOptions {
  library?: string;
  json?: boolean;
  /** False with --no-upload: new content stays in the outbox of a library with a bucket. */
  upload?: boolean;
  user?: string;
  session?: string;
}

/** Everything a command needs: the open library, who is asking, and how to print. */
export interface CliContext {
  lib: Storage;
  actor: Actor;
  json: boolean;
  libraryDir: string;
}

/**
 * The CLI acts as the OS user (like the desktop app), in that user's session "cli-<user>" unless
 * told otherwise, so scratch projects made from the terminal stay visible to that user's later
 * terminal commands, and not to another user's (sessions are matched by id alone).
 */
export function actorFrom(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Actor {
  let user = opts.user ?? env.REELVAULT_USER;
  if (!user) {
    try { user = os.userInfo().username; } catch { user = 'user'; }
  }
  return { userId: user, sessionId: opts.session ?? env.REELVAULT_SESSION ?? `cli-${user}` };
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

export async function withLibrary<T>(cmd: Command, fn: (c: CliContext) => Promise<T> | T): Promise<T> {
  const g = globals(cmd);
  // --library, REELVAULT_LIBRARY, the settings' library folder (the desktop app's Settings), the app-data folder.
  const libraryDir = chooseLibraryDir({ flag: g.library, settings: jsonSettingsStore(settingsFilePath()) }).dir;
  const lib = openStorage({ provider: 'filesystem', dir: libraryDir, sweepIntervalMs: 3_600_000, appOwned: isAppDataDir(libraryDir) });
  if (lib.openReport.unclean && lib.openReport.problems.length > 0) {
    process.stderr.write(`reelvault: the library was not closed cleanly last time and a quick check found ${lib.openReport.problems.length} problem(s); run "reelvault verify" and "reelvault repair".\n`);
  }
  try {
    const c: CliContext = { lib, actor: actorFrom(g), json: !!g.json, libraryDir };
    const started = lib.ctx.now().toISOString();
    const result = await fn(c);
    // A library with a bucket: what this command stored is uploaded before it exits.
    await uploadBeforeExit(c, g.upload !== false, started);
    return result;
  } finally {
    lib.close();
  }
}
