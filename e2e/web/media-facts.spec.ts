/**
 * What an editor reads off media (issue 14, item 3): bit depth and colour (see codecs.spec.ts for
 * HDR HEVC), VFR said as such, audio channels and rate, a waveform for video with sound, animated
 * GIFs that move in the details, and images larger than the 1280 px thumbnail zoomed to their pixels.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '../fixtures.js';
import { makeGif, makeLargeJpeg, makeVfr, uploadRender } from '../support/codec-media.js';
import { mediaDir, openProjectTab } from '../support/renders-media.js';
import { uploadBytes } from '../support/seed-assets.js';
import { shootBoth } from '../support/screenshots.js';

interface ImgLike {
  naturalWidth: number;
  clientWidth: number;
  currentSrc: string;
}

test.describe('media facts an editor looks for (reelvault serve)', () => {
  test.describe.configure({ timeout: 90_000 });

  test('a VFR clip with sound says VFR, its audio, and shows a waveform, as an asset and as a render', async ({ page, server }) => {
    const dir = mediaDir();
    const vfr = makeVfr(dir);
    await uploadBytes(server, 'phone-vfr.mp4', readFileSync(vfr));
    await page.goto(server.url);
    await page.goto(`${server.origin}/#/assets`);
    await page.locator('[data-testid="asset-tile"]', { hasText: 'phone-vfr.mp4' }).dblclick();
    const detail = page.getByTestId('asset-detail');
    await expect(detail).toContainText('VFR', { timeout: 30_000 });
    await expect(detail).toContainText('average');
    await expect(detail).toContainText('aac · mono · 44.1 kHz');
    await expect(detail).toContainText('8-bit 4:2:0 (yuv420p)');
    await expect(detail.getByTestId('asset-waveform')).toBeVisible();
    // Plays as it is: no proxy for H.264.
    await expect(detail.getByTestId('proxy-badge')).toHaveCount(0);

    const project = await server.call<{ id: string }>('projects.create', { name: 'VFR render', preset: '1080p30' });
    expect((await uploadRender(server, project.id, vfr, 'Phone cut')).ok).toBe(true);
    await openProjectTab(page, server, project.id, 'renders');
    await page.getByTestId('render-row').filter({ hasText: 'Phone cut' }).click();
    const meta = page.getByTestId('render-meta');
    await expect(meta).toContainText('VFR', { timeout: 30_000 });
    await expect(meta).toContainText('aac · mono · 44.1 kHz');
    const wave = page.getByTestId('render-waveform');
    await expect(wave).toBeVisible();
    expect(await wave.evaluate((el) => (el as unknown as ImgLike).naturalWidth)).toBe(640);
    await page.mouse.move(0, 0);
    await shootBoth(page, 'render-waveform-vfr');
  });

  test('an animated GIF moves in the details; a 2400 px JPEG zooms to its own pixels', async ({ page, server }) => {
    const dir = mediaDir();
    const gif = await uploadBytes(server, 'loop.gif', readFileSync(makeGif(dir)));
    await uploadBytes(server, 'wide.jpg', readFileSync(makeLargeJpeg(dir)));
    await page.goto(server.url);
    await page.goto(`${server.origin}/#/assets`);

    await page.locator('[data-testid="asset-tile"]', { hasText: 'loop.gif' }).dblclick();
    const detail = page.getByTestId('asset-detail');
    await expect(detail).toContainText('12 (animated)', { timeout: 30_000 });
    const img = detail.getByTestId('preview-image');
    await expect(img).toHaveAttribute('data-animated', 'true');
    // The original GIF itself, not the still WebP thumbnail.
    await expect(img).toHaveAttribute('src', new RegExp(`/media/${gif.asset!.sha256}$`));
    const served = await page.evaluate(async (u) => (await fetch(u)).headers.get("content-type"), (await img.getAttribute("src")) ?? "");
    expect(served).toContain('image/gif');
    // 160 px: nothing to zoom into.
    await expect(detail.getByRole('button', { name: /Zoom to 100%/ })).toHaveCount(0);
    await shootBoth(page, 'asset-gif');

    await page.keyboard.press('Escape');
    await page.locator('[data-testid="asset-tile"]', { hasText: 'wide.jpg' }).dblclick();
    const zoomButton = detail.getByRole('button', { name: /Zoom to 100% \(2,400 px\)/ });
    await expect(zoomButton).toBeVisible({ timeout: 30_000 });
    // The detail pane shows the 1280 px thumbnail.
    expect(await detail.getByTestId('preview-image').evaluate((el) => (el as unknown as ImgLike).naturalWidth)).toBe(1280);
    await zoomButton.click();
    const zoom = page.getByTestId('image-zoom');
    await expect(zoom).toBeVisible();
    const zimg = zoom.getByTestId('zoom-image');
    await expect.poll(() => zimg.evaluate((el) => (el as unknown as ImgLike).naturalWidth)).toBe(2400);
    expect(await zimg.evaluate((el) => (el as unknown as ImgLike).clientWidth)).toBe(2400);
    // + zooms further, 0 fits the window: keyboard all the way.
    await page.keyboard.press('+');
    await expect.poll(() => zimg.evaluate((el) => (el as unknown as ImgLike).clientWidth)).toBe(4800);
    await page.keyboard.press('0');
    await expect.poll(() => zimg.evaluate((el) => (el as unknown as ImgLike).clientWidth)).toBeLessThan(1400);
    await page.keyboard.press('1');
    await expect.poll(() => zimg.evaluate((el) => (el as unknown as ImgLike).clientWidth)).toBe(2400);
    await shootBoth(page, 'image-zoom');
    await page.keyboard.press('Escape');
    await expect(zoom).toHaveCount(0);
  });
});
