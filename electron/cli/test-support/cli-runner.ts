import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI (npm test builds it before the unit tests run). */
export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/electron/cli/main.js');

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
}

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `reelvault --library <dir> …` as a real process; REELVAULT_LIBRARY is cleared so only --library counts. */
export function runCli(library: string | null, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {}): CliResult {
  const lib = library === null ? [] : ['--library', library];
  const spawnOpts: SpawnSyncOptions = { encoding: 'utf8', input: opts.input, env: { ...process.env, REELVAULT_LIBRARY: '', ...opts.env } };
  if (opts.uid !== undefined) Object.assign(spawnOpts, { uid: opts.uid, gid: opts.gid ?? opts.uid });
  const r = spawnSync(process.execPath, [CLI, ...lib, '--user', 'tester', ...args], spawnOpts);
  return { code: r.status, out: String(r.stdout ?? ''), err: String(r.stderr ?? '') };
}

export function cliJson<T = unknown>(library: string, args: string[], input?: string): T {
  const r = runCli(library, ['--json', ...args], { input });
  if (r.code !== 0) throw new Error(`reelvault ${args.join(' ')} exited ${r.code}: ${r.err}`);
  return JSON.parse(r.out) as T;
}

/** Starts the CLI without waiting; resolves with its result when it exits. */
export function startCli(library: string, args: string[]): { done: Promise<CliResult>; pid: number } {
  const child = spawn(process.execPath, [CLI, '--library', library, '--user', 'tester', ...args], { env: { ...process.env, REELVAULT_LIBRARY: '' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, out, err })));
  return { done, pid: child.pid as number };
}
