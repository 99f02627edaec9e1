import { shootBoth } from '../support/screenshots.js';
import { uploadBytes } from '../support/seed-assets.js';
import { expect, test } from '../fixtures.js';

interface JobsState {
  jobs: { id: string; state: string; attempts: number }[];
}

test.describe('failed media jobs (reelvault serve)', () => {
  test('double-clicking a failed tile opens it and does not retry; failed jobs can be dismissed, one or all', async ({ page, server }) => {
    await page.goto(`${server.url}#/assets`);
    await uploadBytes(server, 'fake-a.mp4', 'definitely not a video\n'.repeat(40));
    await uploadBytes(server, 'fake-b.mp4', 'not a video either\n'.repeat(40));
    await uploadBytes(server, 'fake-c.mp4', 'nor this one\n'.repeat(40));
    const indicator = page.getByTestId('jobs-indicator');
    await expect(indicator.getByTestId('jobs-failed-count')).toHaveText('3 failed', { timeout: 30_000 });
    const attempts = async () => (await server.call<JobsState>('jobs.list', {})).jobs.map((j) => j.attempts).sort();
    const before = await attempts();

    // A double-click right on the Retry button: the details open, nothing runs again.
    const tile = page.getByTestId('asset-tile').filter({ hasText: 'fake-a.mp4' });
    await tile.getByRole('button', { name: 'Retry' }).dblclick();
    await expect(page.getByTestId('asset-detail')).toBeVisible();
    await page.waitForTimeout(800);
    // A retry would have queued it again (state queued or running, then a new attempt).
    expect((await server.call<JobsState>('jobs.list', {})).jobs.map((j) => j.state)).toEqual(['failed', 'failed', 'failed']);
    expect(await attempts()).toEqual(before);
    await expect(indicator.getByTestId('jobs-failed-count')).toHaveText('3 failed');

    // One dismissed from the panel, then the rest at once.
    await indicator.click();
    const panel = page.getByTestId('jobs-panel');
    const rows = panel.getByTestId('job-row');
    await expect(rows).toHaveCount(3);
    await shootBoth(page, 'jobs-failed-dismiss');
    await rows.filter({ hasText: 'fake-b.mp4' }).getByRole('button', { name: 'Dismiss', exact: true }).click();
    await expect(rows).toHaveCount(2);
    await expect(indicator.getByTestId('jobs-failed-count')).toHaveText('2 failed');
    await panel.getByRole('button', { name: 'Dismiss all' }).click();
    await expect(rows).toHaveCount(0);
    await expect(indicator).not.toContainText('failed');
    expect((await server.call<JobsState>('jobs.list', {})).jobs.filter((j) => j.state === 'failed')).toEqual([]);
    // The tile still says why it has no preview: the reason stays on the item.
    await expect(page.getByTestId('asset-tile').filter({ hasText: 'fake-b.mp4' }).getByTestId('tile-failure')).not.toBeEmpty();
  });
});
