import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, SCREENSHOTS, test } from '../fixtures.js';
import { addRender, makeVideo, mediaDir, openProjectTab, settledTime, videoReady } from '../support/renders-media.js';

const FRAME = 1 / 25;

/** Both players' currentTime once neither is seeking. */
async function playheads(page: Page): Promise<[number, number]> {
  return [await settledTime(page, 'ab-video-a'), await settledTime(page, 'ab-video-b')];
}

test.describe('A/B render compare (reelvault serve)', () => {
  // These make real videos with ffmpeg and wait for the media worker: more than the default 30 s under load.
  test.describe.configure({ timeout: 90_000 });

  test('two renders share one playhead through seek, frame step and play', async ({ page, server }) => {
    const project = await server.call<{ id: string }>('projects.create', { name: 'Grade test' });
    const pid = project.id;
    const dir = mediaDir();
    await server.call('files.writeText', { projectId: pid, path: 'src/grade.css', text: '.grade { filter: none; }\n' });
    const ra = await addRender(server, pid, makeVideo(dir, 'plain.mp4'), { name: 'Plain grade' });
    await server.call('files.writeText', { projectId: pid, path: 'src/grade.css', text: '.grade { filter: hue-rotate(90deg); }\n' });
    const rb = await addRender(server, pid, makeVideo(dir, 'warm.mp4', 'hue'), { name: 'Hue grade' });
    expect(ra.checkpointId).not.toBe(rb.checkpointId);

    await openProjectTab(page, server, pid, 'timeline');
    await page.locator(`[data-checkpoint-id="${ra.checkpointId}"]`).click();
    await page.locator(`[data-checkpoint-id="${rb.checkpointId}"]`).click({ modifiers: ['Control'] });
    await expect(page.getByTestId('diff-view')).toBeVisible();
    await expect(page.getByTestId('diff-file').filter({ hasText: 'src/grade.css' })).toBeVisible();

    await page.getByRole('tab', { name: 'Renders A/B' }).click();
    await videoReady(page, 'ab-video-a');
    await videoReady(page, 'ab-video-b');

    // Seek: both follow the one seek bar.
    await page.getByLabel('Seek').fill('2');
    let [a, b] = await playheads(page);
    expect(a).toBeCloseTo(2, 3);
    expect(Math.abs(a - b)).toBeLessThan(FRAME);

    // Frame step with the keyboard and with the button: both move by one frame.
    await page.getByTestId('ab-compare').focus();
    await page.keyboard.press('ArrowRight');
    [a, b] = await playheads(page);
    expect(Math.abs(a - 2 - FRAME)).toBeLessThan(0.001);
    expect(Math.abs(a - b)).toBeLessThan(FRAME);
    await expect(page.getByTestId('timecode')).toContainText('f51');
    await page.getByRole('button', { name: 'Previous frame' }).click();
    [a, b] = await playheads(page);
    expect(Math.abs(a - 2)).toBeLessThan(0.001);
    expect(Math.abs(a - b)).toBeLessThan(FRAME);

    // Play for a moment, pause: still together.
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(async () => (await playheads(page))[0], { timeout: 5_000 }).toBeGreaterThan(2.3);
    await page.getByRole('button', { name: 'Pause' }).click();
    [a, b] = await playheads(page);
    expect(Math.abs(a - b)).toBeLessThan(FRAME);

    await page.getByLabel('Seek').fill('1.5');
    await playheads(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-diff-ab-side.png') });

    await page.getByRole('button', { name: 'Wipe' }).click();
    const stage = page.getByTestId('ab-stage');
    const box = await stage.boundingBox();
    if (!box) throw new Error('no stage');
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-diff-ab-wipe.png') });

    await page.getByRole('button', { name: 'Difference' }).click();
    await page.keyboard.press('ArrowRight');
    [a, b] = await playheads(page);
    expect(Math.abs(a - b)).toBeLessThan(FRAME);
    await expect(page.locator('.ab-b')).toHaveCSS('mix-blend-mode', 'difference');
    // A hue-shifted copy differs almost everywhere.
    await expect(page.getByTestId('changed-pixels')).toContainText(/\d+% of pixels changed/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-diff-ab-difference.png') });

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('button', { name: 'Side by side' }).click();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-diff-ab-dark.png') });
  });
});
