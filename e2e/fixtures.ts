import { test as base, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist/electron/cli/main.js');
export const SCREENSHOTS = path.join(ROOT, 'e2e/screenshots');

export interface Server {
  /** The URL `reelvault serve` printed, token included. */
  url: string;
  origin: string;
  token: string;
  libraryDir: string;
  /** Calls a channel from outside the page, as another client of the same server would. */
  call<T>(channel: string, input: unknown): Promise<T>;
  /** Everything the server wrote to stdout and stderr so far (its log). */
  output(): string;
}

/**
 * Each test gets its own `reelvault serve` (the built CLI, as a user starts it) on a free port,
 * over a fresh library folder, and the URL it printed.
 */
export const test = base.extend<{ server: Server; serverEnv: NodeJS.ProcessEnv }>({
  /** Extra environment for `reelvault serve` (a spec sets it with test.use, e.g. another PATH). */
  serverEnv: [{}, { option: true }],
  server: async ({ serverEnv }, use) => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
    const libraryDir = mkdtempSync(path.join(os.tmpdir(), 'reelvault-e2e-'));
    const child = spawn(process.execPath, [CLI, '--library', libraryDir, 'serve', '--port', '0'], {
      // Its own settings file too (in the library folder, removed with it): never this machine's settings.json.
      env: { ...process.env, REELVAULT_LIBRARY: '', REELVAULT_USER: 'e2e', REELVAULT_SETTINGS: path.join(libraryDir, 'settings.json'), ...serverEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reelvault serve printed no URL: ${out}`)), 15_000);
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('exit', (code) => reject(new Error(`reelvault serve exited (${code}): ${out}`)));
    });
    const u = new URL(url);
    const token = u.searchParams.get('token') as string;
    const server: Server = {
      url,
      origin: u.origin,
      token,
      libraryDir,
      output: () => out,
      async call<T>(channel: string, input: unknown): Promise<T> {
        const res = await fetch(`${u.origin}/api/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input),
        });
        const r = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
        if (!r.ok) throw new Error(`${channel}: ${r.error?.message}`);
        return r.value as T;
      },
    };
    mkdirSync(SCREENSHOTS, { recursive: true });
    await use(server);
    // The server may have died already (its output is in the error above): then there is no exit to wait for.
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(libraryDir, { recursive: true, force: true });
  },
});

export { expect };
