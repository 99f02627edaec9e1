import Database from 'better-sqlite3';
import path from 'node:path';
import { expect, test } from '../fixtures.js';
import { seedAssets, seedName } from '../support/seed-assets.js';
import { shootBoth } from '../support/screenshots.js';

const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';
const N = 20_000;
/** The seed's sizes (seed-assets.ts) and the durations and resolutions this spec gives the videos. */
const sizeOf = (i: number) => 1000 + ((i * 7919) % 5_000_000);
const isVideo = (i: number) => i % 8 === 2;
const durationOf = (i: number) => ((i * 37) % 3600) + 1;

/** What the host's order must be, worked out here from the seed: value, then seq (= i) in the same direction. */
function expected(value: (i: number) => number, order: 'asc' | 'desc', n: number): string[] {
  const idx = Array.from({ length: N }, (_, i) => i);
  const dir = order === 'asc' ? 1 : -1;
  idx.sort((a, b) => dir * (value(a) - value(b) || a - b));
  return idx.slice(0, n).map(seedName);
}

test.describe('asset list view and tile size (reelvault serve)', () => {
  test('20,000 assets in a sortable list: host sorts by size and duration, keyboard selection, detail; tile sizes; both remembered', async ({ page, server }) => {
    test.setTimeout(120_000);
    seedAssets(server.libraryDir, N);
    const db = new Database(path.join(server.libraryDir, 'library.db'));
    try {
      db.pragma('busy_timeout = 10000');
      // Videos get durations and a resolution, as the media worker would leave them.
      db.prepare("UPDATE assets SET duration = (CAST(substr(name, 6, 6) AS INTEGER) * 37) % 3600 + 1, width = 1920, height = 1080 WHERE type = 'video'").run();
    } finally {
      db.close();
    }

    await page.goto(`${server.url}#/assets`);
    await expect(page.getByTestId('asset-count')).toHaveText('20,000 assets');
    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'List' }).click();
    const list = page.getByTestId('asset-list');
    const rows = list.getByTestId('asset-list-row');
    const names = list.locator('[data-testid="asset-list-row"] .cell-name-text');
    await expect(rows.first()).toContainText(seedName(N - 1));
    // Virtualized: a screenful of rows, not 20,000.
    expect(await rows.count()).toBeLessThan(120);

    // Size: the first click sorts largest first, the second smallest first; aria-sort says which.
    const sizeHeader = list.getByRole('columnheader', { name: 'Size' });
    await sizeHeader.getByRole('button').click();
    await expect(sizeHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(list.getByRole('columnheader', { name: 'Date added' })).toHaveAttribute('aria-sort', 'none');
    const bySizeDesc = expected(sizeOf, 'desc', 5);
    await expect(names.first()).toHaveText(bySizeDesc[0] as string);
    expect((await names.allTextContents()).slice(0, 5)).toEqual(bySizeDesc);
    await sizeHeader.getByRole('button').click();
    await expect(sizeHeader).toHaveAttribute('aria-sort', 'ascending');
    const bySizeAsc = expected(sizeOf, 'asc', 5);
    await expect(names.first()).toHaveText(bySizeAsc[0] as string);
    expect((await names.allTextContents()).slice(0, 5)).toEqual(bySizeAsc);

    // Duration (a host sort added for the list): longest first; what has none sorts last.
    const durationHeader = list.getByRole('columnheader', { name: 'Duration' });
    await durationHeader.getByRole('button').click();
    await expect(durationHeader).toHaveAttribute('aria-sort', 'descending');
    const byDuration = expected((i) => (isVideo(i) ? durationOf(i) : -1), 'desc', 5);
    await expect(names.first()).toHaveText(byDuration[0] as string);
    expect((await names.allTextContents()).slice(0, 5)).toEqual(byDuration);
    const top = durationOf(Number((byDuration[0] as string).slice(5, 11)));
    const mmss = top >= 3600 ? '1:00:00' : `${Math.floor(top / 60)}:${String(top % 60).padStart(2, '0')}`;
    await expect(rows.first().getByRole('gridcell').nth(2)).toHaveText(mmss);
    await expect(rows.first()).toContainText('1920×1080');
    await shootBoth(page, 'assets-list');

    // Keyboard: click, shift+down extends, down moves, Enter opens the detail panel.
    const selected = list.locator('[data-testid="asset-list-row"][aria-selected="true"]');
    await rows.first().click();
    await expect(list).toBeFocused();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await expect(selected).toHaveCount(3);
    await expect(page.getByTestId('bulk-count')).toHaveText('3 selected');
    await page.keyboard.press('ArrowDown');
    await expect(selected).toHaveCount(1);
    await expect(rows.nth(3)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('asset-detail').getByLabel('Asset name')).toHaveValue(byDuration[3] as string);
    // Ctrl/Cmd+A selects the whole match on the host, not only the loaded pages.
    await list.focus();
    await page.keyboard.press(`${MOD}+A`);
    await expect(page.getByTestId('bulk-count')).toHaveText('All 20,000 selected');
    await shootBoth(page, 'assets-list-selected');
    await page.keyboard.press('Escape');
    await expect(selected).toHaveCount(0);

    // Scrolling far down loads more pages and keeps the DOM small.
    for (let i = 0; i < 4; i++) {
      await list.locator('.asset-list-body').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await page.waitForTimeout(150);
    }
    expect(await rows.count()).toBeLessThan(120);

    // The view is remembered.
    await page.reload();
    await expect(page.getByTestId('asset-list')).toBeVisible();

    // Tile size: back to the grid; large tiles are wider than medium, small narrower; remembered too.
    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Grid' }).click();
    const tile = page.getByTestId('asset-tile').first();
    await expect(tile).toBeVisible();
    const widthOf = async () => (await tile.boundingBox())?.width ?? 0;
    const medium = await widthOf();
    const sizes = page.getByRole('group', { name: 'Tile size' });
    await expect(sizes.getByRole('button', { name: 'Medium tiles' })).toHaveAttribute('aria-pressed', 'true');
    await sizes.getByRole('button', { name: 'Large tiles' }).click();
    await expect.poll(widthOf).toBeGreaterThan(medium * 1.2);
    await shootBoth(page, 'assets-tiles-large');
    await sizes.getByRole('button', { name: 'Small tiles' }).click();
    await expect.poll(widthOf).toBeLessThan(medium * 0.9);
    await shootBoth(page, 'assets-tiles-small');
    await page.reload();
    await expect(page.getByRole('group', { name: 'Tile size' }).getByRole('button', { name: 'Small tiles' })).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(widthOf).toBeLessThan(medium * 0.9);
  });
});
