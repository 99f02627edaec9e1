import os from 'node:os';
import type { Command } from 'commander';
import type { Channel, Input, Output } from '../../shared/contract.js';
import { ReelvaultError } from '../../shared/errors.js';
import type { Actor } from '../../shared/models.js';
import { isAppDataDir, openStorage, type Storage } from '../storage/index.js';
import { createApi, type Api, type RenderJobs } from '../api/index.js';
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
  /**
   * The library itself, for what no channel carries: streamed bytes (files cat/put, checkpoint cat),
   * maintenance with CLI-only options (gc's grace periods), the bucket (remote), media work run
   * in this process. Everything else goes through `call`.
   */
  lib: Storage;
  actor: Actor;
  json: boolean;
  libraryDir: string;
  /** The handler table the other hosts bind, here in-process: events (import.progress) come from it. */
  api: Api;
  /**
   * A channel through the one gate every host uses (the contract's zod schemas, then the handler):
   * a refusal is thrown as the ReelvaultError it was, so it prints and exits as before.
   */
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
  /** The same gate over a handler table that also has a render worker (render make, compare, compositions). */
  withRender(render: RenderJobs): Pick<CliContext, 'api' | 'call'>;
}

type CliCall = CliContext['call'];

/** The CLI as a host of the handler table: paths on this machine are allowed (it is the user's own shell). */
function cliApi(lib: Storage, libraryDir: string, actor: Actor, render?: RenderJobs): { api: Api; call: CliCall } {
  // A bug (INTERNAL) is rethrown as what was thrown, so main prints it and exits 70 as it always did.
  let internal: { err: unknown } | null = null;
  const api = createApi({
    storage: lib,
    host: 'cli',
    libraryDir,
    actor,
    allowPaths: true,
    render,
    // What a command stored is uploaded before it exits (uploadBeforeExit), not in the background.
    backgroundSync: false,
    onInternalError: (_channel, err) => { internal = { err }; },
  });
  const call = async <C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> => {
    internal = null;
    const r = await api.dispatch(channel, input);
    if (r.ok) return r.value as Output<C>;
    const thrown = internal as { err: unknown } | null;
    if (r.error.code === 'INTERNAL' && thrown) throw thrown.err;
    throw new ReelvaultError(r.error.code, r.error.message);
  };
  return { api, call };
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
  const apis: Api[] = [];
  try {
    const actor = actorFrom(g);
    const open = (render?: RenderJobs) => {
      const host = cliApi(lib, libraryDir, actor, render);
      apis.push(host.api);
      return host;
    };
    const c: CliContext = { lib, actor, json: !!g.json, libraryDir, ...open(), withRender: (render) => open(render) };
    const started = lib.ctx.now().toISOString();
    const result = await fn(c);
    // A library with a bucket: what this command stored is uploaded before it exits.
    await uploadBeforeExit(c, g.upload !== false, started);
    return result;
  } finally {
    for (const api of apis) api.close();
    lib.close();
  }
}
