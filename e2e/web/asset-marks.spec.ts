import { readFileSync } from 'node:fs';
import { shootBoth } from '../support/screenshots.js';
import { makeVideo, mediaDir } from '../support/renders-media.js';
import { uploadBytes } from '../support/seed-assets.js';
import { expect, test } from '../fixtures.js';

interface AssetOut {
  width: number | null;
  rating?: number | null;
  label?: string | null;
}

test.describe('ratings, colour labels, metadata search and saved searches (reelvault serve)', () => {
  test.describe.configure({ timeout: 90_000 });

  test('rate and label in the detail panel, filter by them and by codec, resolution and duration, save the search and run it again', async ({ page, server }) => {
    const video = await uploadBytes(server, 'take-1.mp4', readFileSync(makeVideo(mediaDir(), 'take-1.mp4')));
    await uploadBytes(server, 'notes.txt', 'notes\n');
    await uploadBytes(server, 'script.txt', 'script\n');
    const videoId = video.asset!.id;
    // The media worker probes the video (320×240, 4 s, H.264).
    await expect.poll(async () => (await server.call<AssetOut>('assets.get', { id: videoId })).width, { timeout: 45_000 }).toBe(320);

    await page.goto(`${server.url}#/assets`);
    const tiles = page.getByTestId('asset-tile');
    await expect(tiles).toHaveCount(3);
    await tiles.filter({ hasText: 'take-1.mp4' }).click();
    await page.getByTestId('asset-grid').press('Enter');
    const marks = page.getByTestId('marks-editor');
    await marks.getByRole('radio', { name: '4 stars' }).click();
    await marks.getByRole('radio', { name: 'Red label' }).click();
    await expect(marks.getByRole('radio', { name: '4 stars' })).toHaveAttribute('aria-checked', 'true');
    await expect(tiles.filter({ hasText: 'take-1.mp4' })).toContainText('★4');
    expect(await server.call<AssetOut>('assets.get', { id: videoId })).toMatchObject({ rating: 4, label: 'red' });
    await shootBoth(page, 'asset-marks');

    const more = page.getByRole('group', { name: 'More filters' });
    await more.getByLabel('Rating').selectOption('4');
    await expect(tiles).toHaveCount(1);
    await expect(page.getByTestId('asset-count')).toHaveText('1 asset');
    await more.getByRole('button', { name: 'Save search' }).click();
    await page.getByTestId('save-search-dialog').getByLabel('Name').fill('Best takes');
    await page.getByTestId('save-search-dialog').getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved search “Best takes”')).toBeVisible();
    await more.getByLabel('Rating').selectOption('0');
    await expect(tiles).toHaveCount(3);
    await more.getByLabel('Saved searches').selectOption({ label: 'Best takes' });
    await expect(tiles).toHaveCount(1);
    await expect(more.getByLabel('Rating')).toHaveValue('4');
    await more.getByLabel('Rating').selectOption('0');

    // Media facts: codec, resolution, duration ranges.
    await more.getByLabel('Codec').selectOption('h264');
    await expect(tiles).toHaveCount(1);
    await more.getByLabel('Codec').selectOption('');
    await more.getByLabel('Resolution').selectOption('720');
    await expect(page.getByTestId('assets-empty')).toContainText('No assets match');
    await more.getByLabel('Resolution').selectOption('0');
    await more.getByLabel('Shortest duration (s)').fill('3');
    await more.getByLabel('Longest duration (s)').fill('5');
    await more.getByLabel('Longest duration (s)').press('Enter');
    await expect(tiles).toHaveCount(1);
    await expect(tiles.first()).toContainText('take-1.mp4');
    await more.getByLabel('Longest duration (s)').fill('2');
    await more.getByLabel('Longest duration (s)').press('Enter');
    await expect(page.getByTestId('assets-empty')).toContainText('No assets match');
  });
});
