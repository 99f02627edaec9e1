import path from 'node:path';
import { expect, SCREENSHOTS, test } from '../fixtures.js';
import { seedAssets, seedName, uploadBytes } from '../support/seed-assets.js';

const IS_MAC = process.platform === 'darwin';
const MOD = IS_MAC ? 'Meta' : 'Control';

test.describe('asset library (reelvault serve)', () => {
  test('100,000 assets: the DOM stays small, scrolling loads pages, End reaches the last one', async ({ page, server }) => {
    test.setTimeout(90_000);
    const { ms } = seedAssets(server.libraryDir, 100_000, { tagEvery: { n: 1000, tag: 'milestone' } });
    test.info().annotations.push({ type: 'seed', description: `100,000 assets seeded in ${ms} ms` });
    // Seconds, not minutes, even on a busy two-core machine.
    expect(ms).toBeLessThan(30_000);

    await page.goto(`${server.url}#/assets`);
    const tiles = page.getByTestId('asset-tile');
    // Newest first: the last seeded is the first tile.
    await expect(tiles.first()).toContainText(seedName(99_999));
    // The whole match is counted on the host with the first page, long before it is all loaded.
    await expect(page.getByTestId('asset-count')).toHaveText('100,000 assets');
    const countNodes = () => page.evaluate(() => ({ tiles: document.querySelectorAll('[data-testid="asset-tile"]').length, all: document.querySelectorAll('*').length }));
    const first = await countNodes();
    expect(first.tiles).toBeGreaterThan(10);
    expect(first.tiles).toBeLessThanOrEqual(200);
    expect(first.all).toBeLessThan(2500);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-assets-100k.png') });

    // Scrolling the container fetches the next keyset pages as the end comes near.
    const grid = page.getByTestId('asset-grid');
    for (let i = 0; i < 6; i++) {
      await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await page.waitForTimeout(150);
    }
    expect((await countNodes()).tiles).toBeLessThanOrEqual(200);

    // End walks the remaining pages and shows the very last asset (the oldest).
    await tiles.first().click();
    const jumped = Date.now();
    await grid.press('End');
    const last = tiles.filter({ hasText: seedName(0) });
    await expect(last).toBeVisible({ timeout: 45_000 });
    test.info().annotations.push({ type: 'end', description: `End reached item 100,000 in ${Date.now() - jumped} ms` });
    await expect(last).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('asset-count')).toHaveText('100,000 assets');
    const end = await countNodes();
    expect(end.tiles).toBeLessThanOrEqual(200);
    expect(end.all).toBeLessThan(2500);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-assets-100k-end.png') });

    // Full-text search and a tag filter over the whole library.
    await page.getByLabel('Search assets').fill('seed-000042');
    await expect(tiles).toHaveCount(1);
    await expect(tiles.first()).toContainText('seed-000042.mp4');
    await page.getByLabel('Search assets').fill('');
    await page.getByLabel('Tag filter').fill('milestone');
    await expect(page.getByTestId('asset-count')).toHaveText('100 assets');
    await expect(tiles.first()).toContainText(seedName(99_000));
    await page.getByLabel('Type').selectOption('video');
    await expect(page.getByTestId('assets-empty')).toContainText('No assets match');
    await page.getByLabel('Type').selectOption('image');
    await expect(page.getByTestId('asset-count')).toHaveText('100 assets');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-assets-filtered-dark.png') });
  });

  test('keyboard and pointer multi-select, bulk tag and link, detail panel, trash with undo', async ({ page, server }) => {
    const project = await server.call<{ id: string }>('projects.create', { name: 'Spring promo', preset: '1080p30' });
    for (let i = 0; i < 12; i++) await uploadBytes(server, `clip-note-${String(i).padStart(2, '0')}.txt`, `note ${i}\n`);
    await page.goto(`${server.url}#/assets`);
    const tiles = page.getByTestId('asset-tile');
    await expect(tiles).toHaveCount(12);
    await page.getByLabel('Sort').selectOption('name-asc');
    await expect(tiles.first()).toContainText('clip-note-00.txt');
    const selected = page.locator('[data-testid="asset-tile"][aria-selected="true"]');

    // Click, then shift+arrows extend; the cursor moves with arrows.
    await tiles.nth(0).click();
    await expect(selected).toHaveCount(1);
    const grid = page.getByTestId('asset-grid');
    await expect(grid).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(selected).toHaveCount(1);
    await expect(tiles.nth(1)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await expect(selected).toHaveCount(3);
    await expect(page.getByTestId('bulk-bar')).toContainText('3 selected');
    // Down moves a whole row.
    const cols = await grid.evaluate((el) => getComputedStyle(el.querySelector('.asset-row')!).gridTemplateColumns.split(' ').length);
    await page.keyboard.press('ArrowDown');
    await expect(tiles.nth(Math.min(11, 3 + cols))).toHaveAttribute('aria-selected', 'true');

    // Shift-click makes a range, ctrl/cmd-click toggles.
    await tiles.nth(2).click();
    await tiles.nth(5).click({ modifiers: ['Shift'] });
    await expect(selected).toHaveCount(4);
    await tiles.nth(8).click({ modifiers: [IS_MAC ? 'Meta' : 'Control'] });
    await expect(selected).toHaveCount(5);
    await tiles.nth(3).click({ modifiers: [IS_MAC ? 'Meta' : 'Control'] });
    await expect(selected).toHaveCount(4);
    await page.keyboard.press(`${MOD}+A`);
    await expect(selected).toHaveCount(12);
    await page.keyboard.press('Escape');
    await expect(selected).toHaveCount(0);

    // Bulk tag three, then link them to a project.
    await tiles.nth(0).click();
    await tiles.nth(2).click({ modifiers: ['Shift'] });
    const bulk = page.getByTestId('bulk-bar');
    await bulk.getByLabel('Tags for the selection').fill('b-roll, approved');
    await bulk.getByRole('button', { name: 'Add tag' }).click();
    await expect(tiles.nth(0)).toContainText('approved · b-roll');
    await expect.poll(async () => (await server.call<{ items: unknown[] }>('assets.search', { tag: 'b-roll' })).items.length).toBe(3);
    await bulk.getByLabel('Tags for the selection').fill('approved');
    await bulk.getByRole('button', { name: 'Remove tag' }).click();
    await expect(tiles.nth(0).locator('.tile-tags')).toHaveText('b-roll');
    await bulk.getByLabel('Project to link').selectOption({ label: 'Spring promo' });
    await bulk.getByRole('button', { name: 'Link' }).click();
    await expect.poll(async () => (await server.call<{ items: unknown[] }>('assets.search', { projectId: project.id })).items.length).toBe(3);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-assets-selection.png') });

    // Enter opens the detail panel: metadata, tags, the project using it.
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('asset-detail');
    await expect(detail.getByLabel('Asset name')).toHaveValue('clip-note-00.txt');
    await expect(detail).toContainText('Document');
    await expect(detail).toContainText('text/plain');
    await expect(detail).toContainText('SHA-256');
    await expect(detail.getByRole('link', { name: 'Spring promo' })).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-assets-detail.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-assets-detail-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await detail.getByLabel('Add a tag').fill('hero');
    await detail.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(detail.getByLabel('Tags')).toContainText('hero');
    await expect(tiles.nth(0)).toContainText('b-roll · hero');

    // Space previews; Delete trashes with an Undo that brings it back.
    await grid.focus();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('quicklook')).toContainText('clip-note-00.txt');
    await page.keyboard.press('Space');
    await expect(page.getByTestId('quicklook')).toBeHidden();
    await page.keyboard.press('Delete');
    await expect(tiles).toHaveCount(11);
    await expect(tiles.first()).toContainText('clip-note-01.txt');
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(tiles).toHaveCount(12);
    await expect(tiles.first()).toContainText('clip-note-00.txt');
  });
});
