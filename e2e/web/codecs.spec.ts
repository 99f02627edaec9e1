/**
 * Every codec plays (issue 14, items 1–2): HEVC and ProRes get an H.264 playback proxy made by the
 * media queue and played automatically, labelled "proxy"; a proxy that cannot be made is said so;
 * junk shows no media facts and is refused as a render. Real media made by ffmpeg, through
 * `reelvault serve` in Chromium.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../fixtures.js';
import { mediaDir, openProjectTab, videoReady } from '../support/renders-media.js';
import { makeHalfReadJunk, makeHevcHdr, makeProres, uploadRender } from '../support/codec-media.js';
import { uploadBytes } from '../support/seed-assets.js';
import { readFileSync } from 'node:fs';
import { shootBoth } from '../support/screenshots.js';

interface MediaLike {
  currentSrc: string;
  readyState: number;
  videoWidth: number;
  error: { code: number } | null;
}

test.describe('codecs the page cannot decode (reelvault serve)', () => {
  test.describe.configure({ timeout: 120_000 });

  test('an HEVC render plays through its H.264 proxy, labelled, with its editor facts', async ({ page, server }) => {
    // The page itself says it cannot decode HEVC (Debian's Chromium has no HEVC decoder): the reason for a proxy.
    await page.goto(server.url);
    expect(await page.evaluate(() => document.createElement('video').canPlayType('video/mp4; codecs="hvc1.2.4.L93.B0"'))).toBe('');

    const project = await server.call<{ id: string }>('projects.create', { name: 'HDR phone', preset: '1080p30' });
    const dir = mediaDir();
    const up = await uploadRender(server, project.id, makeHevcHdr(dir), 'Phone HDR');
    expect(up.ok).toBe(true);
    const renderSha = up.value!.sha256;

    await openProjectTab(page, server, project.id, 'renders');
    await page.getByTestId('render-row').filter({ hasText: 'Phone HDR' }).click();
    const meta = page.getByTestId('render-meta');
    await expect(meta).toContainText('hevc', { timeout: 30_000 });
    await expect(meta).toContainText('10-bit 4:2:0 (yuv420p10le)');
    await expect(meta).toContainText('HDR PQ');
    await expect(meta).toContainText('aac · stereo · 48 kHz');
    // The proxy is made in the background; the player switches to it by itself.
    await expect(page.getByTestId('proxy-badge')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('render-playback')).toContainText('proxy');
    const video = page.getByTestId('player-video');
    await expect(video).toHaveAttribute('data-proxy', 'true');
    await videoReady(page, 'player-video');
    const state = await video.evaluate((el) => {
      const v = el as unknown as MediaLike;
      return { src: v.currentSrc, width: v.videoWidth, error: v.error?.code ?? null };
    });
    expect(state.error).toBeNull();
    expect(state.width).toBe(640);
    // It plays a different blob than the render's own, which stays what was uploaded.
    const proxySha = /\/media\/([0-9a-f]{64})/.exec(state.src)?.[1];
    expect(proxySha).toBeTruthy();
    expect(proxySha).not.toBe(renderSha);
    const render = await server.call<{ sha256: string; media: { proxy: { state: string; sha256: string } } }>('renders.get', { id: up.value!.id });
    expect(render.sha256).toBe(renderSha);
    expect(render.media.proxy).toMatchObject({ state: 'done', sha256: proxySha });
    // Playing moves the clock.
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => video.evaluate((el) => (el as unknown as { currentTime: number }).currentTime), { timeout: 5_000 }).toBeGreaterThan(0.2);
    // K stops it (a 2 s clip may have ended already on a busy machine: then K changes nothing).
    await page.getByTestId('player').focus();
    await page.keyboard.press('k');
    await expect.poll(() => video.evaluate((el) => (el as unknown as { paused: boolean }).paused)).toBe(true);
    await page.mouse.move(0, 0);
    await shootBoth(page, 'proxy-hevc-render');
  });

  test('a ProRes asset plays its proxy in the details; junk shows no media facts', async ({ page, server }) => {
    const dir = mediaDir();
    const pr = await uploadBytes(server, 'master-prores.mov', readFileSync(makeProres(dir)));
    await uploadBytes(server, 'broken.mov', readFileSync(makeHalfReadJunk(dir)));
    await page.goto(server.url);
    await page.goto(`${server.origin}/#/assets`);
    const prTile = page.getByRole('option', { name: /master-prores\.mov/ }).or(page.locator('[data-testid="asset-tile"]', { hasText: 'master-prores.mov' })).first();
    await prTile.dblclick();
    const detail = page.getByTestId('asset-detail');
    await expect(detail).toContainText('prores', { timeout: 30_000 });
    await expect(detail).toContainText('10-bit 4:2:2');
    await expect(detail.getByTestId('proxy-badge')).toBeVisible({ timeout: 60_000 });
    await expect(detail.getByTestId('asset-video')).toHaveAttribute('data-proxy', 'true');
    await videoReady(page, 'asset-video');
    await expect(detail.getByTestId('asset-waveform')).toBeVisible();
    expect(pr.asset).toBeTruthy();
    await shootBoth(page, 'proxy-prores-asset');

    await page.keyboard.press('Escape');
    const junkTile = page.locator('[data-testid="asset-tile"]', { hasText: 'broken.mov' }).first();
    await expect(junkTile).toContainText(/not a media file/i, { timeout: 30_000 });
    // No duration badge or size from a header that describes nothing.
    await expect(junkTile).not.toContainText(/\d:\d\d/);
    await junkTile.dblclick();
    await expect(detail).toContainText('not a media file');
    await expect(detail).not.toContainText('Duration');
    await expect(detail).not.toContainText('Dimensions');
    await expect(detail).not.toContainText('Frame rate');
    await page.mouse.move(0, 0);
    await shootBoth(page, 'junk-asset-detail');
  });

  test('a text file is refused as a render, from the page and the upload route', async ({ page, server }) => {
    const project = await server.call<{ id: string }>('projects.create', { name: 'Refusals', preset: '1080p30' });
    const dir = mediaDir();
    const text = path.join(dir, 'final.mp4');
    writeFileSync(text, 'this is not a video, only 38 bytes!!!\n');
    expect(readFileSync(text).length).toBe(38);
    const r = await uploadRender(server, project.id, text);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(r.error!.message).toMatch(/not a decodable video/);
    const junk = await uploadRender(server, project.id, makeHalfReadJunk(dir));
    expect(junk).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    await openProjectTab(page, server, project.id, 'renders');
    await page.getByTestId('add-render-input').setInputFiles(text);
    await expect(page.getByTestId('toast').filter({ hasText: 'not a decodable video' })).toBeVisible();
    expect(await server.call<unknown[]>('renders.list', { projectId: project.id })).toHaveLength(0);
    // The refusal as the user sees it: the toast over an empty Renders tab.
    await page.mouse.move(0, 0);
    await shootBoth(page, 'render-refused-text');
  });
});

test.describe('a proxy that cannot be made', () => {
  test.describe.configure({ timeout: 120_000 });
  // An ffmpeg without the H.264 and VP9 encoders (a wrapper that refuses them), as a minimal build would be.
  const wrapper = path.join(mediaDir(), 'ffmpeg-no-encoders');
  writeFileSync(wrapper, '#!/bin/sh\ncase "$*" in *libx264*|*libvpx*) echo "Unknown encoder \'libx264\'" >&2; exit 1;; esac\nexec /usr/bin/ffmpeg "$@"\n');
  chmodSync(wrapper, 0o755);
  test.use({ serverEnv: { REELVAULT_FFMPEG: wrapper } });

  test('says why an HEVC render does not play instead of sitting at frame 0', async ({ page, server }) => {
    const project = await server.call<{ id: string }>('projects.create', { name: 'No encoder', preset: '1080p30' });
    const up = await uploadRender(server, project.id, makeHevcHdr(mediaDir()), 'HEVC without proxy');
    expect(up.ok).toBe(true);
    await openProjectTab(page, server, project.id, 'renders');
    await page.getByTestId('render-row').filter({ hasText: 'HEVC without proxy' }).click();
    const message = page.getByTestId('player-message');
    await expect(message).toContainText('cannot decode hevc 10-bit', { timeout: 60_000 });
    await expect(message).toContainText('no playback proxy could be made: this ffmpeg has no H.264 or VP9 encoder');
    await expect(page.getByTestId('proxy-badge')).toHaveCount(0);
    await expect(page.getByTestId('render-playback')).toContainText('no proxy');
    await page.mouse.move(0, 0);
    await shootBoth(page, 'proxy-failed');
  });
});
