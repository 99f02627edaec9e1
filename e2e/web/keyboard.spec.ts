import { shootBoth } from '../support/screenshots.js';
import { expect, test } from '../fixtures.js';

interface ProjectOut {
  id: string;
  name: string;
}

test.describe('keyboard', () => {
  test('arrows move over the project grid, Enter opens, F2 renames, Delete trashes', async ({ page, server }) => {
    // Oldest first, so the grid (newest first) reads D C B A.
    for (const name of ['Alpha', 'Bravo', 'Charlie', 'Delta']) await server.call('projects.create', { name, preset: '1080p30' });
    await page.goto(server.url);
    await expect(page.getByTestId('project-card')).toHaveCount(4);
    const focusedName = () => page.evaluate(() => document.activeElement?.closest('[data-testid="project-card"]')?.querySelector('.project-name')?.textContent ?? null);

    // Tab reaches the grid once (roving tabindex): the first card.
    await page.getByTestId('project-card').first().getByRole('link').focus();
    expect(await focusedName()).toBe('Delta');
    await page.keyboard.press('ArrowRight');
    expect(await focusedName()).toBe('Charlie');
    await page.keyboard.press('End');
    expect(await focusedName()).toBe('Alpha');
    await page.keyboard.press('ArrowLeft');
    expect(await focusedName()).toBe('Bravo');
    await page.keyboard.press('Home');
    expect(await focusedName()).toBe('Delta');

    // Rows: the viewport fits four columns, so Down from the first card goes past the last one; make it two rows first.
    await page.setViewportSize({ width: 760, height: 760 });
    await page.keyboard.press('ArrowDown');
    const afterDown = await focusedName();
    expect(afterDown).not.toBe('Delta');
    await page.keyboard.press('ArrowUp');
    expect(await focusedName()).toBe('Delta');
    await page.setViewportSize({ width: 1200, height: 760 });

    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('F2');
    await page.getByTestId('rename-dialog').getByLabel('New name').fill('Charlie 2');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('project-card').filter({ hasText: 'Charlie 2' })).toBeVisible();

    await page.getByTestId('project-card').filter({ hasText: 'Bravo' }).getByRole('link').focus();
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('project-card')).toHaveCount(3);
    await expect(page.getByTestId('toast').filter({ hasText: 'Bravo' })).toBeVisible();
    // Focus stays in the grid, on the card that took its place.
    expect(await focusedName()).toBe('Alpha');

    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Alpha' })).toBeVisible();
    await expect(page).toHaveURL(/#\/projects\/prj_[0-9a-z]+\/files$/);
    // Back leaves the project: the hash is the route.
    await page.goBack();
    await expect(page.getByTestId('project-card')).toHaveCount(3);
  });

  test('Ctrl+K finds a project from anywhere and opens it', async ({ page, server }) => {
    for (const name of ['Brand film', 'Product tour', 'Recap 2026']) await server.call('projects.create', { name, preset: '1080p30' });
    await page.goto(server.url);
    await page.goto(`${server.origin}/#/assets`);
    await page.keyboard.press('Control+k');
    const search = page.getByTestId('quick-search');
    await expect(search).toBeVisible();
    await expect(search.getByRole('option')).toHaveCount(3);
    await page.keyboard.type('tour');
    await expect(search.getByRole('option')).toHaveCount(1);
    await shootBoth(page, 'quick-search');
    await page.keyboard.press('Enter');
    await expect(search).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Product tour' })).toBeVisible();

    // Arrows choose among several; Escape closes and gives focus back.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('r');
    await page.keyboard.press('ArrowDown');
    const chosen = await search.getByRole('option', { selected: true }).locator('.quick-name').textContent();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: chosen ?? '' })).toBeVisible();
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Escape');
    await expect(search).toBeHidden();
  });

  test('Ctrl+S saves a checkpoint from anywhere in a project', async ({ page, server }) => {
    const p = await server.call<ProjectOut>('projects.create', { name: 'Checkpointed', preset: '1080p30', template: 'remotion' });
    await page.goto(server.url);
    await page.goto(`${server.origin}/#/projects/${p.id}/files`);
    await expect(page.getByTestId('file-tree')).toBeVisible();
    await page.getByTestId('file-tree').focus();
    await page.keyboard.press('Control+s');
    const dialog = page.getByTestId('checkpoint-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Checkpoint name').fill('First cut');
    await dialog.getByLabel(/Description/).fill('Titles in, music not yet');
    await shootBoth(page, 'checkpoint-dialog');
    await dialog.getByRole('button', { name: 'Save checkpoint' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('toast').filter({ hasText: 'Checkpoint “First cut” saved' })).toBeVisible();
    await expect(page.getByText('1 checkpoint')).toBeVisible();
    const list = await server.call<{ name: string; description: string | null; fileCount: number }[]>('checkpoints.list', { projectId: p.id });
    expect(list).toMatchObject([{ name: 'First cut', description: 'Titles in, music not yet' }]);
    expect(list[0]?.fileCount).toBeGreaterThan(3);

    // From another tab too, straight from the keyboard.
    await page.getByRole('tab', { name: 'Renders' }).click();
    await expect(page).toHaveURL(/\/renders$/);
    await page.keyboard.press('Control+s');
    await page.getByTestId('checkpoint-dialog').getByLabel('Checkpoint name').fill('Second');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await server.call<unknown[]>('checkpoints.list', { projectId: p.id })).length).toBe(2);
    // The host has it before the page has closed its dialog: keys go to the dialog until it is gone.
    await expect(page.getByTestId('checkpoint-dialog')).toBeHidden();

    // The tabs themselves: arrows move between them.
    await page.getByRole('tab', { name: 'Renders' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Assets' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tab', { name: 'Assets' })).toBeFocused();

    // Every tab mounts its feature inside the project frame; a picture of each, in both themes.
    for (const tab of ['Files', 'Renders', 'Assets', 'Timeline']) {
      await page.getByRole('tab', { name: tab }).click();
      await expect(page).toHaveURL(new RegExp(`/${tab.toLowerCase()}$`));
      await expect(page.getByRole('tabpanel')).toBeVisible();
      await shootBoth(page, `project-tab-${tab.toLowerCase()}`);
    }
  });
});
