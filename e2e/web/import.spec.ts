import { shootBoth } from '../support/screenshots.js';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, SCREENSHOTS, test } from '../fixtures.js';
import { makeTestMedia } from '../support/media-files.js';

interface DropFile {
  name: string;
  type: string;
  base64: string;
}

/** A real DataTransfer holding File objects, made in the page (what a drop from the desktop carries). */
async function dataTransferOf(page: Page, files: DropFile[]) {
  return page.evaluateHandle((list: DropFile[]) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bin = atob(f.base64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, files);
}

const text = (s: string) => Buffer.from(s).toString('base64');

test.describe('drag-and-drop import (reelvault serve)', () => {
  test('dropped files upload with progress, a summary, real thumbnails and an honest broken tile', async ({ page, server }) => {
    const media = makeTestMedia();
    await page.goto(`${server.url}#/assets`);
    await expect(page.getByTestId('assets-empty')).toContainText('Drop files');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-assets-empty.png') });

    const dataTransfer = await dataTransferOf(page, [
      { name: 'frame.png', type: 'image/png', base64: media.png.toString('base64') },
      { name: 'clip.mp4', type: 'video/mp4', base64: media.mp4.toString('base64') },
      { name: 'tone.wav', type: 'audio/wav', base64: media.wav.toString('base64') },
      { name: 'broken.mp4', type: 'video/mp4', base64: text('this is not a video, only text in disguise\n'.repeat(20)) },
      { name: 'notes.txt', type: 'text/plain', base64: text('shot list: intro, logo, outro\n') },
      // The same bytes as frame.png under another name: stored once, reported as already there.
      { name: 'frame copy.png', type: 'image/png', base64: media.png.toString('base64') },
    ]);

    await page.dispatchEvent('main', 'dragenter', { dataTransfer });
    await page.dispatchEvent('main', 'dragover', { dataTransfer });
    const overlay = page.getByTestId('drop-overlay');
    await expect(overlay).toContainText('Drop to import into the library');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-import-overlay.png') });
    await page.dispatchEvent('main', 'drop', { dataTransfer });
    await expect(overlay).toBeHidden();

    const panel = page.getByTestId('import-panel');
    await expect(panel).toBeVisible();
    const summary = panel.getByTestId('import-summary');
    await expect(summary).toContainText('5 imported', { timeout: 15_000 });
    await expect(summary).toContainText('1 already in library');
    await expect(summary).toContainText('0 failed');
    await expect(panel.getByTestId('import-stats')).toContainText('6 of 6 files');
    await expect(panel.getByTestId('import-file').filter({ hasText: 'frame copy.png' })).toContainText('Already in library');

    // The grid shows one tile per asset (the duplicate is not a second asset).
    const tiles = page.getByTestId('asset-tile');
    await expect(tiles).toHaveCount(5);
    const server5 = await server.call<{ items: unknown[] }>('assets.search', {});
    expect(server5.items).toHaveLength(5);

    // Real thumbnails arrive from the media worker, live.
    const pngPoster = tiles.filter({ hasText: 'frame.png' }).locator('img.tile-poster');
    await expect(pngPoster).toBeVisible({ timeout: 20_000 });
    await expect.poll(() => pngPoster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);
    const clip = tiles.filter({ hasText: 'clip.mp4' });
    const clipPoster = clip.locator('img.tile-poster');
    await expect(clipPoster).toBeVisible({ timeout: 20_000 });
    await expect.poll(() => clipPoster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect(clip.locator('.tile-duration')).toHaveText('0:02');

    // A text file named .mp4 says why it has no picture, and offers a retry.
    const broken = tiles.filter({ hasText: 'broken.mp4' });
    await expect(broken.getByTestId('tile-failure')).not.toBeEmpty({ timeout: 20_000 });
    await expect(broken.getByRole('button', { name: 'Retry' })).toBeVisible();

    // Hover-scrub: moving across the video tile steps through its filmstrip.
    await expect(clip.locator('.filmstrip')).toBeVisible({ timeout: 20_000 });
    const box = (await clip.locator('.tile-media').boundingBox())!;
    await page.mouse.move(box.x + 4, box.y + box.height / 2);
    await expect(clip.locator('.filmstrip')).toHaveAttribute('data-frame', '0');
    await page.mouse.move(box.x + box.width - 4, box.y + box.height / 2, { steps: 4 });
    await expect(clip.locator('.filmstrip')).toHaveAttribute('data-frame', '9');
    const frame = clip.locator('.filmstrip-frame');
    await expect(frame).toHaveCSS('background-position', '100% 0px');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-import-done.png') });
    await page.mouse.move(0, 0);

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-import-done-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });

    // The detail panel shows what the probe found, and plays the video.
    await page.getByRole('button', { name: /Close import panel/ }).click();
    await clip.dblclick();
    const detail = page.getByTestId('asset-detail');
    await expect(detail).toContainText('320×180');
    await expect(detail).toContainText('h264');
    await expect(detail).toContainText('0:02');
    await expect(detail).toContainText('25 fps');
    await expect.poll(() => detail.locator('video').evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-assets-detail-video.png') });
    // Space: a quick look at the picture.
    await page.getByTestId('asset-grid').focus();
    await tiles.filter({ hasText: 'frame.png' }).click();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('quicklook').locator('img')).toBeVisible();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-assets-quicklook-dark.png') });
  });

  test('a drop on a project lands in the library linked to that project', async ({ page, server }) => {
    const project = await server.call<{ id: string }>('projects.create', { name: 'Trailer', preset: '1080p30' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${server.url}#/projects/${project.id}/assets`);
    await expect(page.getByTestId('assets-empty')).toContainText('No assets in this project yet');
    const dataTransfer = await dataTransferOf(page, [
      { name: 'script.txt', type: 'text/plain', base64: text('INT. STUDIO - DAY\n') },
      { name: 'credits.txt', type: 'text/plain', base64: text('Directed by nobody\n') },
    ]);
    await page.dispatchEvent('main', 'dragenter', { dataTransfer });
    await expect(page.getByTestId('drop-overlay')).toContainText('Drop to add to “Trailer”');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-import-overlay-project-dark.png') });
    await page.dispatchEvent('main', 'drop', { dataTransfer });
    await expect(page.getByTestId('import-summary')).toContainText('2 imported');
    await expect(page.getByTestId('import-panel')).toContainText('into “Trailer”');
    await expect(page.getByTestId('asset-tile')).toHaveCount(2);
    const linked = await server.call<{ items: { name: string }[] }>('assets.search', { projectId: project.id, sort: 'name' });
    expect(linked.items.map((a) => a.name)).toEqual(['credits.txt', 'script.txt']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-import-project-dark.png') });
  });

  test('cancel stops an import and says what was done', async ({ page, server }) => {
    await page.goto(`${server.url}#/assets`);
    await expect(page.getByTestId('assets-empty')).toBeVisible();
    // Big enough that the first uploads are still on the wire when Cancel is pressed.
    const dataTransfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      for (let i = 0; i < 12; i++) dt.items.add(new File([new Uint8Array(24 * 1024 * 1024).fill(i + 1)], `big-${i}.bin`));
      return dt;
    });
    await page.dispatchEvent('main', 'drop', { dataTransfer });
    const panel = page.getByTestId('import-panel');
    await expect(panel).toContainText('Importing 12 files');
    await expect(panel.getByTestId('import-file').filter({ hasText: '%' }).first()).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-import-progress.png') });
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await expect(panel).toContainText('Import into the library cancelled');
    await expect(panel.getByTestId('import-file').filter({ hasText: 'Cancelled' }).first()).toBeVisible();
    const left = await server.call<{ items: unknown[] }>('assets.search', {});
    expect(left.items.length).toBeLessThan(12);
    // The counts add up: what is stored is "done", the rest is said to be cancelled (not "6 of 10").
    const stored = left.items.length;
    await expect(panel.getByTestId('import-stats')).toContainText(`${stored} of 12 files`);
    await expect(panel.getByTestId('import-summary')).toContainText(`${stored} imported`);
    await expect(panel.getByTestId('import-summary')).toContainText(`${12 - stored} cancelled`);
    await shootBoth(page, 'import-cancelled');
  });
});
