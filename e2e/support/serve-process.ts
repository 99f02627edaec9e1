/**
 * A `reelvault serve` of the spec's own, for specs that stop and start the host (the fixture's
 * server lives as long as the test). Same flags and environment as the fixture's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../fixtures.js';

const CLI = path.join(ROOT, 'dist/electron/cli/main.js');

export interface ServeProcess {
  url: string;
  origin: string;
  stop(): Promise<void>;
}

export async function startServe(libraryDir: string, env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child: ChildProcess = spawn(process.execPath, [CLI, '--library', libraryDir, 'serve', '--port', '0'], {
    env: { ...process.env, REELVAULT_LIBRARY: '', REELVAULT_USER: 'e2e', REELVAULT_SETTINGS: path.join(libraryDir, 'settings.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reelvault serve printed no URL: ${out}`)), 15_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => reject(new Error(`reelvault serve exited (${code}): ${out}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
