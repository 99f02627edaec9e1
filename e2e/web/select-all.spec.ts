import { shootBoth } from '../support/screenshots.js';
import { seedAssets } from '../support/seed-assets.js';
import { expect, test } from '../fixtures.js';

const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

interface Page {
  total?: number;
}

test.describe('select all means all (reelvault serve)', () => {
  test.describe.configure({ timeout: 120_000 });

  test('Ctrl+A in a 20,000-asset grid selects all 20,000 on the host; bulk tag tags every one but the unticked', async ({ page, server }) => {
    seedAssets(server.libraryDir, 20_000, { tagEvery: { n: 100, tag: 'milestone' } });
    await page.goto(`${server.url}#/assets`);
    const tiles = page.getByTestId('asset-tile');
    await expect(tiles.first()).toBeVisible();
    // The total before everything loads (one page of 500 is in the grid).
    await expect(page.getByTestId('asset-count')).toHaveText('20,000 assets');

    await tiles.first().click();
    await page.getByTestId('asset-grid').press(`${MOD}+a`);
    await expect(page.getByTestId('bulk-count')).toHaveText('All 20,000 selected');
    // Unticking one (Ctrl+click) leaves it out of what the host acts on.
    const skipped = ((await tiles.nth(1).getAttribute('id')) ?? '').replace(/^asset-/, '');
    await tiles.nth(1).click({ modifiers: [MOD] });
    await expect(page.getByTestId('bulk-count')).toHaveText('19,999 of 20,000 selected');
    await shootBoth(page, 'assets-select-all');

    await page.getByLabel('Tags for the selection').fill('campaign');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await expect(page.getByText('Tagged 19,999 assets “campaign”')).toBeVisible({ timeout: 60_000 });
    const tagged = await server.call<Page>('assets.search', { tag: 'campaign', withTotal: true, limit: 1 });
    expect(tagged.total).toBe(19_999);
    const one = await server.call<{ tags: string[] }>('assets.get', { id: skipped });
    expect(one.tags).not.toContain('campaign');
  });

  test('select all of a filtered view, then move it to the trash: exactly the match goes', async ({ page, server }) => {
    seedAssets(server.libraryDir, 3_000, { tagEvery: { n: 10, tag: 'outtake' } });
    await page.goto(`${server.url}#/assets`);
    await expect(page.getByTestId('asset-count')).toHaveText('3,000 assets');
    await page.getByLabel('Tag filter').fill('outtake');
    await expect(page.getByTestId('asset-count')).toHaveText('300 assets');
    const tiles = page.getByTestId('asset-tile');
    await tiles.first().click();
    await page.getByTestId('asset-grid').press(`${MOD}+a`);
    await expect(page.getByTestId('bulk-count')).toHaveText('300 selected');
    await page.getByTestId('bulk-bar').getByRole('button', { name: 'Move to trash' }).click();
    await expect(page.getByTestId('assets-empty')).toBeVisible();
    await page.getByLabel('Tag filter').fill('');
    await expect(page.getByTestId('asset-count')).toHaveText('2,700 assets');
    expect((await server.call<unknown[]>('trash.list', {})).length).toBe(300);
  });
});
