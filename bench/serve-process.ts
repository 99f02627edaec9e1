/**
 * `reelvault serve` as the benchmarks run it: the built CLI on a free port, a settings file of the
 * case's own, the URL it prints. Shared by the cold-start and UI cases.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Bench } from './harness.js';
import { stopChild } from './proc.js';

/** Starts serve on a library; resolves with the token URL it printed (rejects if it exits first or prints none in time). */
export function startServe(b: Bench, libraryDir: string, user: string, settingsName: string, waitMs = 120_000): Promise<{ child: ChildProcess; url: string }> {
  const cli = path.join(b.repo, 'dist', 'electron', 'cli', 'main.js');
  const child = spawn(process.execPath, [cli, '--library', libraryDir, 'serve', '--port', '0'], {
    env: { ...process.env, REELVAULT_LIBRARY: '', REELVAULT_USER: user, REELVAULT_SETTINGS: path.join(b.work, settingsName) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`reelvault serve printed no URL in ${waitMs / 1000} s: ${out.slice(0, 300)}`)), waitMs);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0] });
      }
    });
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`reelvault serve exited (${code}): ${out.slice(0, 300)}`));
    });
  });
}

/** Stops serve and waits for it to exit. */
export const stopServe = stopChild;
