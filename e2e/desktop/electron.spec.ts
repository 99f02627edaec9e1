/**
 * The desktop app through Playwright's Electron support. It needs the Electron binary, which the
 * npm package downloads from outside the npm registry; where that download was impossible (CI and
 * this project's build machines) the spec reports itself skipped and says why.
 */
import { _electron as electron } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { expect, ROOT, SCREENSHOTS, test } from '../fixtures.js';

function electronBinary(): { path: string | null; reason: string } {
  try {
    // The electron package's main export is the binary's path; it throws when the binary is missing.
    const bin = createRequire(import.meta.url)('electron') as unknown as string;
    if (typeof bin === 'string' && existsSync(bin)) return { path: bin, reason: '' };
    return { path: null, reason: `no Electron binary at ${String(bin)}` };
  } catch (err) {
    return { path: null, reason: `no Electron binary (${(err as Error).message.split('\n')[0]}); it is fetched by "npm start" (scripts/ensure-electron.mjs), not at install, and was not fetched here` };
  }
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
        env: { ...process.env, REELVAULT_LIBRARY: libraryDir },
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
