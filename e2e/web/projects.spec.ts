import path from 'node:path';
import { expect, SCREENSHOTS, test } from '../fixtures.js';

test.describe('projects in the browser (reelvault serve)', () => {
  test('create a project, see it listed, reload, still there', async ({ page, server }) => {
    await page.goto(server.url);
    // The token was traded for a cookie and is gone from the address bar.
    expect(page.url()).toBe(`${server.origin}/`);
    await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
    await expect(page.getByText('No projects yet')).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-projects-empty.png') });

    await page.getByLabel('Project name').fill('Launch video');
    await page.getByLabel('Preset').selectOption('4k24');
    await page.getByRole('button', { name: 'Create project' }).click();
    const row = page.getByTestId('project-row').filter({ hasText: 'Launch video' });
    await expect(row).toBeVisible();
    await expect(row).toContainText('3840×2160 · 24 fps');
    await expect(row).toContainText('personal');
    await expect(page.getByLabel('Project name')).toHaveValue('');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-projects-created.png') });

    await page.reload();
    await expect(page.getByTestId('project-row').filter({ hasText: 'Launch video' })).toBeVisible();
    expect(await server.call<{ name: string }[]>('projects.list', {})).toMatchObject([{ name: 'Launch video', width: 3840, fps: 24 }]);
  });

  test('the list updates live when a project is made elsewhere', async ({ page, server }) => {
    await page.goto(server.url);
    await expect(page.getByText('No projects yet')).toBeVisible();
    await server.call('projects.create', { name: 'Made by another client', preset: 'square' });
    await expect(page.getByTestId('project-row').filter({ hasText: 'Made by another client' })).toContainText('1080×1080');
  });

  test('errors from the contract are shown, not swallowed', async ({ page, server }) => {
    await page.goto(server.url);
    // Past the form's own limit, so the host's validation answers.
    await page.getByLabel('Project name').evaluate((el) => el.removeAttribute('maxlength'));
    await page.getByLabel('Project name').fill('y'.repeat(201));
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect(page.getByRole('alert')).toContainText('name');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-projects-error.png') });
  });

  test('dark theme follows the system', async ({ page, server }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await server.call('projects.create', { name: 'Night shoot', preset: 'vertical' });
    await server.call('projects.create', { name: 'Day shoot', preset: '1080p30', scope: 'sandbox' });
    await page.goto(server.url);
    await expect(page.getByTestId('project-row')).toHaveCount(2);
    const bg = await page.evaluate('getComputedStyle(document.documentElement).backgroundColor');
    expect(bg).toBe('rgb(17, 20, 24)');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-projects-dark.png') });
  });
});
