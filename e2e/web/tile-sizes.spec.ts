/**
 * Tile sizes with real media (issue 14, item 9): the caption fits the tile, so small tiles are pictures with a
 * one-line name (tags in its tooltip), not a full-height caption under a thumbnail; medium tiles keep the tags.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../fixtures.js';
import { makeVideo, makePng, mediaDir } from '../support/renders-media.js';
import { makeTestMedia } from '../support/media-files.js';
import { uploadBytes } from '../support/seed-assets.js';
import { shootBoth } from '../support/screenshots.js';

test.describe('tile sizes (reelvault serve)', () => {
  test.describe.configure({ timeout: 90_000 });

  test('small tiles: a one-line caption that fits, no tags line, badges inside the picture; medium keeps tags', async ({ page, server }) => {
    const dir = mediaDir();
    const media = makeTestMedia();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const png = readFileSync(makePng(path.join(dir, `still-${i}.png`), i * 36));
      ids.push((await uploadBytes(server, `still-${String(i).padStart(2, '0')}-a-long-name-for-a-small-tile.png`, png)).asset!.id);
    }
    ids.push((await uploadBytes(server, 'clip.mp4', readFileSync(makeVideo(dir, 'clip.mp4')))).asset!.id);
    ids.push((await uploadBytes(server, 'tone.wav', media.wav)).asset!.id);
    await server.call('assets.tag', { ids: ids.slice(0, 6), tags: ['hero', 'launch'] });
    await server.call('assets.mark', { ids: ids.slice(0, 3), rating: 4, label: 'green' });

    await page.goto(`${server.url}#/assets`);
    await expect(page.getByTestId('asset-count')).toHaveText('12 assets');
    const tiles = page.getByTestId('asset-tile');
    // Posters in place before anything is measured or shot.
    await expect(page.locator('.tile-poster')).toHaveCount(11, { timeout: 45_000 });
    await expect(page.locator('.tile-waveform')).toHaveCount(1, { timeout: 30_000 });

    /** Caption height, the gap to the next row's top, and whether the name's line is cut. */
    const measure = () =>
      page.evaluate(() => {
        // A tagged tile (the newest, tone.wav, has none).
        const tile = [...document.querySelectorAll('[data-testid="asset-tile"]')].find((t) => t.textContent?.includes('still-00')) as HTMLElement;
        const media = tile.querySelector('.tile-media') as HTMLElement;
        const name = tile.querySelector('.tile-name') as HTMLElement;
        const caption = tile.querySelector('.tile-caption') as HTMLElement;
        const row = tile.parentElement as HTMLElement;
        const rows = [...document.querySelectorAll('.asset-row')].map((r) => r.getBoundingClientRect().top).sort((a, b) => a - b);
        const next = rows.find((t) => t > row.getBoundingClientRect().top + 1) ?? Infinity;
        const tags = tile.querySelector('.tile-tags') as HTMLElement | null;
        return {
          mediaHeight: media.getBoundingClientRect().height,
          captionHeight: caption.getBoundingClientRect().height,
          captionBottom: caption.getBoundingClientRect().bottom,
          rowBottom: row.getBoundingClientRect().bottom,
          nextRowTop: next,
          nameCut: name.scrollHeight > name.clientHeight + 1,
          tagsShown: tags !== null && tags.getBoundingClientRect().height > 0,
        };
      });

    const sizes = page.getByRole('group', { name: 'Tile size' });
    await expect(sizes.getByRole('button', { name: 'Medium tiles' })).toHaveAttribute('aria-pressed', 'true');
    const medium = await measure();
    expect(medium.tagsShown).toBe(true);
    expect(medium.captionBottom).toBeLessThanOrEqual(medium.rowBottom + 0.5);

    await sizes.getByRole('button', { name: 'Small tiles' }).click();
    await expect.poll(async () => (await measure()).mediaHeight).toBeLessThan(medium.mediaHeight * 0.9);
    const small = await measure();
    expect(small.tagsShown).toBe(false);
    expect(small.nameCut).toBe(false);
    // The row is as tall as the picture plus its one line: no blank band under the caption.
    expect(small.captionHeight).toBeLessThan(medium.captionHeight * 0.7);
    expect(small.captionBottom).toBeLessThanOrEqual(small.rowBottom + 0.5);
    expect(small.rowBottom - small.captionBottom).toBeLessThan(6);
    expect(small.nextRowTop).toBeGreaterThan(small.captionBottom);
    // The tags are still there, in the name's tooltip.
    await expect(tiles.filter({ hasText: 'still-00' }).locator('.tile-name')).toHaveAttribute('title', /hero · launch/);
    await tiles.filter({ hasText: 'still-09' }).click();
    await page.mouse.move(0, 0);
    await shootBoth(page, 'assets-tiles-small-media');
    await sizes.getByRole('button', { name: 'Large tiles' }).click();
    await page.mouse.move(0, 0);
    await shootBoth(page, 'assets-tiles-large-media');
  });
});
