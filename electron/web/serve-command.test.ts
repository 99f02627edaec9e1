/**
 * `reelvault serve` as a user runs it: the built CLI as a process, the built UI, a URL with a token
 * on stdout, and a clean stop on SIGTERM (npm test builds both first).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../storage/test-support/fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/electron/cli/main.js');

function serve(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; url: Promise<string>; exit: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, REELVAULT_LIBRARY: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}/.exec(out);
      if (m) resolve(m[0]);
    });
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', () => reject(new Error(`serve exited: ${out}`)));
  });
  url.catch(() => undefined); // awaited only by tests that expect a URL
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, exit, output: () => out };
}

describe('reelvault serve', () => {
  let lib: ReturnType<typeof tempDir>;
  let running: ChildProcess | null = null;
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
    if (!existsSync(path.join(ROOT, 'out/renderer/index.html'))) throw new Error('out/renderer is missing: run "npm run build" first (npm test does)');
  });
  afterEach(() => {
    if (running && running.exitCode === null) running.kill('SIGKILL');
    running = null;
    lib.cleanup();
  });

  it('prints a token URL that opens the built UI, and stops on SIGTERM', async () => {
    lib = tempDir('serve');
    const s = serve(['--library', lib.dir, 'serve', '--port', '0']);
    running = s.child;
    const url = await s.url;
    expect(s.output()).toContain(lib.dir);
    const first = await fetch(url, { redirect: 'manual' });
    expect(first.status).toBe(302);
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const page = await fetch(new URL('/', url), { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1] as string;
    const js = await fetch(new URL(`/${script}`, url), { headers: { Cookie: cookie } });
    expect(js.headers.get('content-type')).toContain('text/javascript');
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
  });

  it('refuses a bad port with a clear error', async () => {
    lib = tempDir('serve');
    const s = serve(['--library', lib.dir, 'serve', '--port', 'eighty']);
    running = s.child;
    expect(await s.exit).toBe(1);
    expect(s.output()).toContain('--port must be');
  });
});
