import path from 'node:path';
import { expect, test } from '../fixtures.js';
import { SHOTS } from '../support/axe.js';
import { seedAssets } from '../support/seed-assets.js';
import { shootBoth } from '../support/screenshots.js';

/** The shortcuts help sheet: `?` from anywhere but a field, every action with its keys, Escape closes. */
test.describe('keyboard shortcuts sheet', () => {
  test('? opens it, it lists the actions with Ctrl (not ⌘) here, focus stays inside, Escape closes and gives focus back', async ({ page, server }) => {
    await server.call('projects.create', { name: 'Launch film', preset: '1080p30' });
    await page.goto(server.url);
    await expect(page.getByTestId('project-card')).toHaveCount(1);

    // Typing "?" in a field is typing.
    await page.getByRole('button', { name: /New project/ }).first().click();
    const nameField = page.getByRole('dialog').getByLabel(/name/i).first();
    await nameField.fill('What?');
    await expect(nameField).toHaveValue('What?');
    await expect(page.getByTestId('shortcuts-help')).toHaveCount(0);
    await page.keyboard.press('Escape');

    const card = page.getByTestId('project-card').first().getByRole('link');
    await card.focus();
    await page.keyboard.press('?');
    const sheet = page.getByTestId('shortcuts-help');
    await expect(sheet).toBeVisible();
    await expect(sheet.getByRole('heading', { name: 'Keyboard shortcuts' })).toBeVisible();
    for (const group of ['General', 'Projects', 'Project', 'Files', 'Assets', 'Player', 'Timeline']) await expect(sheet.getByRole('heading', { name: group, exact: true })).toBeVisible();
    const save = sheet.locator('[data-action="project.checkpoint"]');
    await expect(save).toContainText('Save a checkpoint');
    await expect(save.locator('kbd')).toHaveText(['Ctrl', 'S']);
    await expect(sheet.locator('[data-action="assets.move-rows"] kbd')).toHaveText(['↑', '↓']);
    expect(await sheet.getByTestId('shortcut').count()).toBeGreaterThan(30);
    await shootBoth(page, 'shortcuts-help');
    await page.screenshot({ path: path.join(SHOTS, 'shortcuts-help.png') });

    // Focus is trapped like the other dialogs' (a native modal <dialog>): Tab never leaves it.
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="shortcuts-help"]') || document.activeElement === document.body)).toBe(true);
    }
    // "?" again does not stack a second sheet.
    await page.keyboard.press('?');
    await expect(sheet).toHaveCount(1);

    await page.keyboard.press('Escape');
    await expect(sheet).toHaveCount(0);
    await expect(card).toBeFocused();

    // The top bar's keyboard button opens it too.
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect(sheet).toBeVisible();
    await sheet.getByRole('button', { name: 'Done' }).click();
    await expect(sheet).toHaveCount(0);
  });

  test('the assets hint follows the view: ←/→ only in the grid, ↑/↓ in the list', async ({ page, server }) => {
    seedAssets(server.libraryDir, 6);
    await page.goto(server.url);
    await page.goto(`${server.origin}/#/assets`);
    await expect(page.getByTestId('asset-tile').first()).toBeVisible();
    const hint = page.getByTestId('assets-hint');
    await expect(hint).toContainText('←');
    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'List' }).click();
    await expect(page.getByTestId('asset-list-row').first()).toBeVisible();
    await expect(hint).not.toContainText('←');
    await expect(hint).not.toContainText('→');
    await expect(hint).toContainText('↑');
    await expect(hint).toContainText('↓');
    await page.screenshot({ path: path.join(SHOTS, 'assets-list-hint.png') });
  });
});
