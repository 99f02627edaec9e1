import { shootBoth } from '../support/screenshots.js';
import { expect, test } from '../fixtures.js';
import { addRender, makeVideo, mediaDir } from '../support/renders-media.js';

interface ProjectOut {
  id: string;
  name: string;
  width: number;
  height: number;
  fps: number;
}

test.describe('projects in the browser (reelvault serve)', () => {
  test('create with a preset, rename, delete and undo, reload: the card survives it all', async ({ page, server }) => {
    await page.goto(server.url);
    // The token was traded for a cookie and is gone from the address bar.
    expect(new URL(page.url()).search).toBe('');
    await expect(page.getByRole('heading', { name: 'Projects', exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'No projects yet' })).toBeVisible();
    await expect(page.getByRole('contentinfo')).toContainText(server.libraryDir);
    await shootBoth(page, 'projects-empty');

    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByTestId('create-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Project name').fill('Launch video');
    await dialog.getByRole('radio', { name: /4K/ }).check();
    await dialog.getByRole('radio', { name: 'Remotion' }).check();
    await shootBoth(page, 'projects-create-dialog');
    await dialog.getByRole('button', { name: 'Create project' }).click();

    // A new project opens straight away; its card waits on the grid.
    await expect(page.getByRole('heading', { name: 'Launch video' })).toBeVisible();
    await expect(page).toHaveURL(/#\/projects\/prj_[0-9a-z]+\/files$/);
    // Renamed from its own header too.
    await page.getByRole('button', { name: 'Rename project' }).click();
    await page.getByTestId('rename-dialog').getByLabel('New name').fill('Launch video v2');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Launch video v2' })).toBeVisible();
    await page.getByRole('link', { name: 'Projects', exact: true }).first().click();
    const card = page.getByTestId('project-card').filter({ hasText: 'Launch video' });
    await expect(card).toBeVisible();
    await expect(card).toContainText('Launch video v2');
    await expect(card).toContainText('3840×2160 · 24 fps');
    await expect(card).toContainText('personal');
    await expect(card).toContainText('16:9');

    await card.hover();
    await card.getByRole('button', { name: 'Rename Launch video' }).click();
    const rename = page.getByTestId('rename-dialog');
    await rename.getByLabel('New name').fill('Launch teaser');
    await rename.getByRole('button', { name: 'Rename' }).click();
    const renamed = page.getByTestId('project-card').filter({ hasText: 'Launch teaser' });
    await expect(renamed).toBeVisible();
    await expect(page.getByTestId('project-card')).toHaveCount(1);

    await renamed.hover();
    await renamed.getByRole('button', { name: 'Delete Launch teaser' }).click();
    await expect(page.getByTestId('project-card')).toHaveCount(0);
    const undoToast = page.getByTestId('toast').filter({ hasText: 'Moved “Launch teaser” to the trash' });
    await expect(undoToast).toBeVisible();
    await undoToast.getByRole('button', { name: 'Undo' }).click();
    await expect(page.getByTestId('project-card').filter({ hasText: 'Launch teaser' })).toBeVisible();

    await page.reload();
    await expect(page.getByTestId('project-card').filter({ hasText: 'Launch teaser' })).toBeVisible();
    expect(await server.call<ProjectOut[]>('projects.list', {})).toMatchObject([{ name: 'Launch teaser', width: 3840, height: 2160, fps: 24 }]);
  });

  test('the grid shows every scope, filters and sorts, and updates live', async ({ page, server }) => {
    await server.call('projects.create', { name: 'Night shoot', preset: 'vertical' });
    await server.call('projects.create', { name: 'Day shoot', preset: '1080p30', scope: 'sandbox' });
    await server.call('projects.create', { name: 'Quick test', preset: 'square', scope: 'session', ttlHours: 6 });
    await page.goto(server.url);
    await expect(page.getByTestId('project-card')).toHaveCount(3);
    await expect(page.getByTestId('project-card').filter({ hasText: 'Quick test' })).toContainText(/scratch · [56]h left/);
    await expect(page.getByTestId('project-card').filter({ hasText: 'Day shoot' })).toContainText('shared');
    await expect(page.getByTestId('project-card').filter({ hasText: 'Night shoot' })).toContainText('9:16');

    // Made by another client of the same server: appears without a reload.
    await server.call('projects.create', { name: 'Made elsewhere', preset: '4k24' });
    await expect(page.getByTestId('project-card')).toHaveCount(4);
    await expect(page.getByTestId('project-card').first()).toContainText('Made elsewhere');
    await shootBoth(page, 'projects-grid');

    await page.getByLabel('Sort by').selectOption('name');
    await expect(page.getByTestId('project-card').first()).toContainText('Day shoot');
    await page.getByLabel('Filter projects').fill('shoot');
    await expect(page.getByTestId('project-card')).toHaveCount(2);
    await page.getByLabel('Filter projects').fill('nothing like it');
    await expect(page.getByRole('heading', { name: /No projects match/ })).toBeVisible();
    await page.getByRole('button', { name: 'Clear the filter' }).click();
    await expect(page.getByTestId('project-card')).toHaveCount(4);
  });

  test('errors from the contract are shown as toasts, not swallowed', async ({ page, server }) => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Create your first project' }).click();
    const dialog = page.getByTestId('create-dialog');
    // Past the form's own limit, so the host's validation answers.
    await dialog.getByLabel('Project name').evaluate((el) => el.removeAttribute('maxlength'));
    await dialog.getByLabel('Project name').fill('y'.repeat(201));
    await dialog.getByRole('button', { name: 'Create project' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Check the input');
    await expect(alert).toContainText('name');
    // The dialog stays, so the user can fix the name.
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await shootBoth(page, 'projects-error');

    // A project that is not there is a screen of its own, not a blank page.
    await page.goto(`${server.origin}/#/projects/prj_doesnotexist/files`);
    await expect(page.getByRole('heading', { name: 'This project is not here any more' })).toBeVisible();
  });

  test("a card shows the poster of the project's latest render", async ({ page, server }) => {
    const withRender = await server.call<ProjectOut>('projects.create', { name: 'Rendered', preset: '1080p30' });
    await server.call('projects.create', { name: 'Not rendered yet', preset: 'vertical' });
    await page.goto(server.url);
    await expect(page.getByTestId('project-card')).toHaveCount(2);
    // Stored while the grid is open: the poster arrives when the media worker has made it, no reload.
    await addRender(server, withRender.id, makeVideo(mediaDir(), 'cut.mp4'), { name: 'Cut 1' });
    const poster = page.getByTestId('project-card').filter({ hasText: 'Rendered' }).locator('.project-thumb img');
    await expect(poster).toBeVisible({ timeout: 20_000 });
    await expect.poll(() => poster.evaluate((el: HTMLImageElement) => el.naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('project-card').filter({ hasText: 'Not rendered yet' }).locator('.poster-placeholder')).toContainText('9:16');
    await shootBoth(page, 'projects-poster');
  });

  test('dark theme follows the system', async ({ page, server }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await server.call('projects.create', { name: 'Night shoot', preset: 'vertical' });
    await page.goto(server.url);
    await expect(page.getByTestId('project-card')).toHaveCount(1);
    expect(await page.evaluate('getComputedStyle(document.documentElement).backgroundColor')).toBe('rgb(17, 20, 24)');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await page.evaluate('getComputedStyle(document.documentElement).backgroundColor')).toBe('rgb(246, 247, 249)');
  });
});
