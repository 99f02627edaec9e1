/**
 * Small things (issue 14, item 6): the browser's /favicon.ico is the app icon (no 404 on every
 * load), and a theme toggle beside following the OS.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, ROOT, test } from '../fixtures.js';
import { shootBoth } from '../support/screenshots.js';

/** The page colour the theme is in effect with (every surface is painted from --bg). */
const bodyBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
/** Dark themes paint the page darker than mid-grey; light ones lighter. */
function isDark(hex: string): boolean {
  const n = Number.parseInt(hex.replace('#', '').slice(0, 6), 16);
  return ((n >> 16) & 255) + ((n >> 8) & 255) + (n & 255) < 3 * 128;
}

test('a page load asks nothing that fails, and /favicon.ico is the app icon', async ({ page, server }) => {
  const failures: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') failures.push(`console: ${m.text()}`);
  });
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Projects' }).first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(failures).toEqual([]);
  // Served even without the session cookie (a browser's own favicon fetch may not carry it), and the icon's bytes.
  const res = await fetch(`${server.origin}/favicon.ico`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/x-icon');
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.equals(readFileSync(path.join(ROOT, 'renderer/public/favicon.ico')))).toBe(true);
  // An ICO header with three images (16, 32, 48).
  expect([...bytes.subarray(0, 6)]).toEqual([0, 0, 1, 0, 3, 0]);
  // Everything else still wants the token.
  expect((await fetch(`${server.origin}/favicon.svg`)).status).toBe(401);
});

test('the theme toggle: system follows the OS, light and dark override it, and it is saved', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(server.url);
  const toggle = page.getByTestId('theme-toggle');
  await expect(toggle).toHaveAttribute('data-theme-choice', 'system');
  expect(isDark(await bodyBackground(page))).toBe(true);
  await toggle.click();
  await expect(toggle).toHaveAttribute('data-theme-choice', 'light');
  await expect.poll(async () => isDark(await bodyBackground(page))).toBe(false);
  // The toggle shows the choice at once; the host's save lands a moment later (it failed once under load when read at once).
  await expect.poll(async () => (await server.call<{ settings: { theme: string } }>('settings.get', {})).settings.theme).toBe('light');
  // Keyboard: Enter on the focused toggle.
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('data-theme-choice', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(async () => isDark(await bodyBackground(page))).toBe(true);
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('data-theme-choice', 'system');
  await expect.poll(async () => isDark(await bodyBackground(page))).toBe(false);
  // The Settings screen shows the same choice.
  await page.goto(`${server.origin}/#/settings`);
  await expect(page.getByTestId('settings-theme').getByRole('radio', { name: /System/ })).toBeChecked();
  await page.goto(`${server.origin}/#/projects`);
  await toggle.hover();
  await shootBoth(page, 'theme-toggle');
});
