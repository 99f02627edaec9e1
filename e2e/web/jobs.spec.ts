import path from 'node:path';
import { expect, SCREENSHOTS, test } from '../fixtures.js';
import { uploadBytes } from '../support/seed-assets.js';
import { makeTestMedia } from '../support/media-files.js';

test.describe('media jobs panel (reelvault serve)', () => {
  test('the status bar counts jobs; the panel shows a failed job with its reason and retries it', async ({ page, server }) => {
    await page.goto(`${server.url}#/assets`);
    const indicator = page.getByTestId('jobs-indicator');
    await expect(indicator).toBeVisible();
    await expect(indicator).not.toContainText('failed');

    // A text file named .mp4 fails media work; a real PNG succeeds.
    await uploadBytes(server, 'fake-trailer.mp4', 'definitely not a video\n'.repeat(40));
    await uploadBytes(server, 'frame.png', makeTestMedia().png);

    await expect(indicator.getByTestId('jobs-failed-count')).toHaveText('1 failed', { timeout: 20_000 });
    // The tile says why instead of staying blank.
    const tile = page.getByTestId('asset-tile').filter({ hasText: 'fake-trailer.mp4' });
    await expect(tile.getByTestId('tile-failure')).not.toBeEmpty();
    const reason = (await tile.getByTestId('tile-failure').textContent())!.trim();

    await indicator.click();
    const panel = page.getByTestId('jobs-panel');
    await expect(panel).toBeVisible();
    const failed = panel.getByTestId('job-row').filter({ hasText: 'fake-trailer.mp4' });
    await expect(failed.getByTestId('job-error')).toContainText(reason);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-jobs-panel.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-jobs-panel-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });

    // Retry runs it again (a second attempt, failing the same honest way).
    await failed.getByRole('button', { name: 'Retry' }).click();
    await expect(failed.getByTestId('job-error')).toContainText('after 2 tries', { timeout: 20_000 });
    await expect(indicator.getByTestId('jobs-failed-count')).toHaveText('1 failed');

    // Paused, new media work waits in the queue and the indicator counts it; resumed, it runs and leaves.
    await panel.getByRole('button', { name: 'Pause all' }).click();
    await expect(panel).toContainText('paused');
    await uploadBytes(server, 'clip.mp4', makeTestMedia().mp4);
    await uploadBytes(server, 'tone.wav', makeTestMedia().wav);
    const queued = panel.getByRole('region', { name: 'Queued' });
    await expect(queued.getByTestId('job-row')).toHaveCount(2, { timeout: 10_000 });
    await expect(queued).toContainText('clip.mp4');
    await expect(indicator).toContainText('2 queued');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-jobs-queued.png') });
    await queued.getByTestId('job-row').filter({ hasText: 'tone.wav' }).getByRole('button', { name: 'Cancel' }).click();
    await expect(queued.getByTestId('job-row')).toHaveCount(1);
    await panel.getByRole('button', { name: 'Resume all' }).click();
    await expect(panel.getByRole('button', { name: 'Pause all' })).toBeVisible();
    await expect(panel.getByRole('region', { name: 'Queued' })).toBeHidden({ timeout: 20_000 });
    await expect(panel.getByRole('region', { name: 'Running' })).toBeHidden({ timeout: 20_000 });
    await expect(page.getByTestId('asset-tile').filter({ hasText: 'clip.mp4' }).locator('img.tile-poster')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    await expect(indicator).not.toContainText('queued');
  });
});
