/**
 * The desktop app through Playwright's Electron support. It needs the Electron binary, which the
 * npm package downloads from outside the npm registry; where that download was impossible (CI and
 * this project's build machines) the spec reports itself skipped and says why.
 */
import { _electron as electron } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { expect, ROOT, SCREENSHOTS, test } from '../fixtures.js';

/**
 * Where the Electron binary is, found as the electron package finds it (path.txt, dist/, or
 * ELECTRON_OVERRIDE_DIST_PATH) but without requiring the package: since Electron 45 its main
 * module downloads a missing binary, and no test may download one.
 */
function electronBinary(): { path: string | null; reason: string } {
  const pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  let rel = '';
  try {
    rel = readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim();
  } catch {
    // not fetched: no path.txt
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const bin = override ? path.join(override, rel || 'electron') : rel ? path.join(pkgDir, 'dist', rel) : null;
  if (bin && existsSync(bin)) return { path: bin, reason: '' };
  return { path: null, reason: `no Electron binary${bin ? ` at ${bin}` : ''}; it is fetched by "npm start" (scripts/ensure-electron.mjs), not at install or in tests, and was not fetched here` };
}

const binary = electronBinary();
if (!binary.path) console.warn(`[e2e] desktop spec skipped: ${binary.reason}`);

test.describe('the desktop app', () => {
  test.skip(!binary.path, `skipped: ${binary.reason}`);

  test('opens its window, creates a project through the preload bridge, keeps it after a restart', async () => {
    const libraryDir = mkdtempSync(path.join(os.tmpdir(), 'reelvault-e2e-desktop-'));
    const launch = () =>
      electron.launch({
        executablePath: binary.path as string,
        args: [path.join(ROOT, 'out/main/index.js')],
        env: { ...process.env, REELVAULT_LIBRARY: libraryDir, REELVAULT_SETTINGS: path.join(libraryDir, 'settings.json') },
      });
    try {
      let app = await launch();
      let win = await app.firstWindow();
      // The page has the bridge and nothing else of Node or Electron.
      expect(await win.evaluate(() => Object.keys((globalThis as unknown as { reelvault: object }).reelvault).sort())).toEqual(['invoke', 'on', 'pathForFile']);
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      await win.getByLabel('Project name').fill('Desktop project');
      await win.getByRole('button', { name: 'Create project' }).click();
      await expect(win.getByTestId('project-row').filter({ hasText: 'Desktop project' })).toBeVisible();
      await win.screenshot({ path: path.join(SCREENSHOTS, 'desktop-projects.png') });
      // The desktop's settings: the library folder can be chosen here, the cache is the app's own.
      await win.evaluate(() => (window.location.hash = '#/settings'));
      await expect(win.getByTestId('settings-library-now')).toHaveText(libraryDir);
      await expect(win.getByRole('button', { name: 'Choose another folder…' })).toBeVisible();
      await expect(win.getByTestId('settings-cache-size')).toBeVisible();
      await win.screenshot({ path: path.join(SCREENSHOTS, 'desktop-settings.png') });
      await app.close();

      app = await launch();
      win = await app.firstWindow();
      await expect(win.getByTestId('project-row').filter({ hasText: 'Desktop project' })).toBeVisible();
      await app.close();
    } finally {
      rmSync(libraryDir, { recursive: true, force: true });
    }
  });
});
