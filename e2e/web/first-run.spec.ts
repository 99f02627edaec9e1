/**
 * The README's first command, as written, on a clean state: a copy of this checkout without dist/ or
 * out/ (only node_modules is shared: the install itself is what .ci/run exercises on a fresh clone),
 * a HOME with nothing in it and no REELVAULT_* variables. `npm run web` must build, print a URL, and
 * that URL must open the app in Chromium over a library made in the fresh HOME's app-data folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, SCREENSHOTS, expect, test } from '../fixtures.js';

/** Every file git would put in a clone (tracked, plus new files not yet committed and not ignored). */
function copyCheckout(dest: string): void {
  const ls = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (ls.status !== 0) throw new Error(`git ls-files failed: ${ls.stderr}`);
  for (const rel of ls.stdout.split('\0').filter(Boolean)) {
    const from = path.join(ROOT, rel);
    if (!existsSync(from)) continue; // deleted in the working tree, not yet committed
    mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    cpSync(from, path.join(dest, rel));
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dest, 'node_modules'), 'dir');
}

test.describe('first run', () => {
  // A build (tsc and electron-vite) runs inside this test.
  test.setTimeout(180_000);

  test('`npm run web` on a clean checkout and an empty HOME serves the UI', async ({ page }) => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'reelvault-first-run-'));
    const checkout = path.join(tmp, 'reelvault');
    const home = path.join(tmp, 'home');
    mkdirSync(home);
    copyCheckout(checkout);
    expect(existsSync(path.join(checkout, 'dist'))).toBe(false);
    expect(existsSync(path.join(checkout, 'out'))).toBe(false);

    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, npm_config_update_notifier: 'false' };
    // A user's shell has none of these; ours (npm test, CI) might.
    for (const k of Object.keys(env)) if (k.startsWith('REELVAULT_') || k === 'XDG_CONFIG_HOME' || k.startsWith('npm_lifecycle') || k.startsWith('npm_package')) delete env[k];

    let child: ChildProcess | null = null;
    try {
      // Its own process group, so stopping it stops npm, the shell and the server under it.
      child = spawn('npm', ['run', 'web'], { cwd: checkout, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      const proc = child;
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`npm run web printed no URL within 150 s:\n${out}`)), 150_000);
        const read = (c: Buffer) => {
          out += c.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[0]);
          }
        };
        proc.stdout?.on('data', read);
        proc.stderr?.on('data', read);
        proc.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`npm run web exited (${code}) before printing a URL:\n${out}`));
        });
      });
      // The library is the platform's app-data folder under the fresh HOME, as the README says.
      const libraryDir = path.join(home, '.config', 'Reelvault');
      expect(out).toContain(libraryDir);

      await page.goto(url);
      await expect(page.getByRole('heading', { name: 'Projects', exact: true })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'No projects yet' })).toBeVisible();
      await expect(page.getByRole('contentinfo')).toContainText(libraryDir);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, 'web-first-run.png') });
      expect(existsSync(path.join(libraryDir, 'library.db'))).toBe(true);
      // The app's mark as the tab's icon (rendered from build/icon.svg, like the desktop icons).
      const icon = await page.request.get(new URL('/favicon.svg', url).href);
      expect(icon.status()).toBe(200);
      expect(icon.headers()['content-type']).toBe('image/svg+xml');

      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      process.kill(-(proc.pid as number), 'SIGINT');
      const code = await exited;
      // npm passes the server's clean exit on (0), or reports the signal it forwarded.
      expect([0, 130, null]).toContain(code);
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-(child.pid as number), 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
