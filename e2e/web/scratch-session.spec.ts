import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServe } from '../support/serve-process.js';
import { shootBoth } from '../support/screenshots.js';
import { expect, test } from '../fixtures.js';

test('a scratch project made in the browser is still there after `reelvault serve` restarts, in the same session', async ({ page }) => {
  test.setTimeout(60_000);
  const libraryDir = mkdtempSync(path.join(os.tmpdir(), 'reelvault-e2e-session-'));
  try {
    let serve = await startServe(libraryDir);
    await page.goto(serve.url);
    const session = await page.getByTestId('status-session').textContent();
    expect(session).toMatch(/^Session [0-9a-f]{8}$/);
    await page.getByRole('button', { name: /New project/ }).first().click();
    const dialog = page.getByTestId('create-dialog');
    await dialog.getByLabel('Project name').fill('Quick test');
    await dialog.getByLabel('Scratch').check();
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await expect(page.getByRole('heading', { name: 'Quick test' })).toBeVisible();
    await expect(page.getByText(/scratch · \d+h left/)).toBeVisible();
    await serve.stop();

    // A new launch: a new token and URL, the same session — the scratch project is listed and opens.
    serve = await startServe(libraryDir);
    await page.goto(serve.url);
    await expect(page.getByTestId('status-session')).toHaveText(session as string);
    await expect(page.getByTestId('project-card').filter({ hasText: 'Quick test' })).toBeVisible();
    await expect(page.getByTestId('project-card').filter({ hasText: 'Quick test' })).toContainText('scratch');
    await shootBoth(page, 'scratch-after-restart');
    await serve.stop();

    // Another user of the same installation has a session of their own: not their scratch project.
    serve = await startServe(libraryDir, { REELVAULT_USER: 'someone-else' });
    await page.goto(serve.url);
    await expect(page.getByTestId('status-session')).not.toHaveText(session as string);
    await expect(page.getByTestId('project-card').filter({ hasText: 'Quick test' })).toHaveCount(0);
    await serve.stop();
  } finally {
    rmSync(libraryDir, { recursive: true, force: true });
  }
});
