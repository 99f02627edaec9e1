import path from 'node:path';
import type { Page } from '@playwright/test';
import { SCREENSHOTS, expect, test } from '../fixtures.js';

interface View {
  settings: { theme: string; media: { concurrency: number | null; timeoutSeconds: number; startPaused: boolean } };
  libraryDir: string;
}

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

test.describe('settings (reelvault serve)', () => {
  test('theme, media work and what the library folder is; kept across a reload', async ({ page, server }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page).toHaveURL(/#\/settings$/);
    await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();
    await expect(page.getByTestId('settings-library-now')).toHaveText(server.libraryDir);
    // In a browser the library folder is not chosen from the page, and the browser has its own cache.
    await expect(page.getByTestId('settings-library')).toContainText('reelvault serve --library');
    await expect(page.getByRole('button', { name: 'Choose another folder…' })).toHaveCount(0);
    await expect(page.getByTestId('settings-cache')).toContainText("browser's settings");
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-settings-light.png'), fullPage: true });
    const light = await background(page);

    // Dark, though the system says light: every prefers-color-scheme rule follows the setting.
    await page.getByRole('radio', { name: /Dark/ }).check();
    await expect.poll(() => background(page)).not.toBe(light);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-settings-dark.png'), fullPage: true });

    await page.getByLabel('Jobs at once').selectOption('2');
    await expect(page.getByText('Saved: jobs at once')).toBeVisible();
    await expect(page.getByTestId('settings-media')).toContainText('Running 2 at once now');
    await page.getByLabel('Time limit per file').selectOption('600');
    await expect(page.getByTestId('settings-media')).toContainText('the new limit applies at the next start');
    await page.getByRole('checkbox', { name: /Start with media work paused/ }).check();

    const saved = await server.call<View>('settings.get', {});
    expect(saved.settings).toEqual({ theme: 'dark', libraryDir: null, media: { concurrency: 2, timeoutSeconds: 600, startPaused: true } });

    // A reload (and another screen) keeps the dark theme, from the settings.
    await page.goto(`${server.origin}/#/projects`);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Projects', exact: true })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-projects-forced-dark.png') });
    expect(await background(page)).not.toBe(light);

    // Back to the system's.
    await page.goto(`${server.origin}/#/settings`);
    await page.getByRole('radio', { name: /System/ }).check();
    await expect.poll(() => background(page)).toBe(light);
  });
});
