/**
 * Player conventions (issue 14, item 4): J/K/L shuttle, Home/End, SMPTE timecode as an option,
 * in/out points, and a first picture that is the frame the readout names.
 */
import { expect, test } from '../fixtures.js';
import { addRender, makeVideo, mediaDir, openProjectTab, settledTime, videoReady, videoState } from '../support/renders-media.js';
import { shootBoth } from '../support/screenshots.js';

test.describe('player keys (reelvault serve)', () => {
  test.describe.configure({ timeout: 90_000 });

  test('J/K/L, Home/End, SMPTE, in/out and the first frame', async ({ page, server }) => {
    const project = await server.call<{ id: string }>('projects.create', { name: 'Keys', preset: '1080p30' });
    await addRender(server, project.id, makeVideo(mediaDir(), 'keys.mp4'), { name: 'Keys v1' });
    await openProjectTab(page, server, project.id, 'renders');
    await page.getByTestId('render-row').filter({ hasText: 'Keys v1' }).click();
    await expect(page.getByTestId('render-row')).toContainText('25 fps', { timeout: 20_000 });
    await videoReady(page, 'player-video');
    const video = page.getByTestId('player-video');
    const tc = page.getByTestId('timecode');

    // The picture is the video's own frame 0, not the poster from 10% in, while the readout says f0.
    // The poster goes once the element has its first frame, even when its loadeddata came before React
    // listened (use-first-frame.ts: that left the poster for good in two clean runs).
    await expect(video).not.toHaveAttribute('poster', /.+/);
    await expect(tc).toHaveText('00:00.000 · f0');

    const player = page.getByTestId('player');
    await player.focus();
    // L plays forward; K stops.
    await page.keyboard.press('l');
    await expect.poll(async () => (await videoState(page, 'player-video')).paused).toBe(false);
    expect((await videoState(page, 'player-video')).playbackRate).toBe(1);
    await page.keyboard.press('k');
    await expect.poll(async () => (await videoState(page, 'player-video')).paused).toBe(true);
    // L twice from the start: double speed (pressed back to back: a 4 s clip at 2× ends soon on a busy machine).
    await page.keyboard.press('Home');
    await page.keyboard.press('l');
    await page.keyboard.press('l');
    await expect(page.getByTestId('shuttle')).toHaveText('2× ▶');
    expect((await videoState(page, 'player-video')).playbackRate).toBe(2);
    await page.keyboard.press('k');
    await expect.poll(async () => (await videoState(page, 'player-video')).paused).toBe(true);

    // End: the last frame (4 s at 25 fps: f99); Home: the first.
    await page.keyboard.press('End');
    expect(await settledTime(page, 'player-video')).toBeCloseTo(3.96, 2);
    await expect(tc).toHaveText('00:03.960 · f99');
    // J plays backwards from there: the time falls while the element stays paused.
    await page.keyboard.press('j');
    await expect(page.getByTestId('shuttle')).toHaveText('◀ 1×');
    await expect.poll(async () => (await videoState(page, 'player-video')).currentTime, { timeout: 5_000 }).toBeLessThan(3.5);
    expect((await videoState(page, 'player-video')).paused).toBe(true);
    await page.keyboard.press('k');
    await expect(page.getByTestId('shuttle')).toHaveCount(0);
    await page.keyboard.press('Home');
    expect(await settledTime(page, 'player-video')).toBe(0);

    // SMPTE on a click of the readout, remembered across a reload.
    await page.keyboard.press('End');
    await settledTime(page, 'player-video');
    await tc.click();
    await expect(tc).toHaveText('00:00:03:24');
    await page.reload();
    await page.getByTestId('render-row').filter({ hasText: 'Keys v1' }).click();
    await videoReady(page, 'player-video');
    await expect(page.getByTestId('timecode')).toHaveText('00:00:00:00');

    // In at 1 s (I), out at 2 s (O): playing stops on the out point.
    await page.getByLabel('Seek').fill('1');
    await settledTime(page, 'player-video');
    await player.focus();
    await page.keyboard.press('i');
    await page.getByLabel('Seek').fill('2');
    await settledTime(page, 'player-video');
    await player.focus();
    await page.keyboard.press('o');
    await expect(page.getByTestId('in-point')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('out-point')).toHaveAttribute('aria-label', 'Out point 00:00:02:00: clear');
    await expect(page.getByTestId('inout-range')).toBeVisible();
    await page.keyboard.press('Shift+I');
    expect(await settledTime(page, 'player-video')).toBeCloseTo(1, 2);
    await page.keyboard.press('l');
    await expect.poll(async () => (await videoState(page, 'player-video')).paused, { timeout: 5_000 }).toBe(true);
    const stopped = await settledTime(page, 'player-video');
    expect(stopped).toBeGreaterThanOrEqual(1.95);
    expect(stopped).toBeLessThan(2.1);
    // Loop (Shift+L) between in and out: after more than the range's length it is still inside it.
    await page.keyboard.press('Shift+L');
    await expect(page.getByRole('button', { name: 'Loop' })).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('l');
    await page.waitForTimeout(1_600);
    const inside = (await videoState(page, 'player-video')).currentTime;
    expect(inside).toBeGreaterThanOrEqual(0.99);
    expect(inside).toBeLessThanOrEqual(2.1);
    await page.keyboard.press('k');
    await page.mouse.move(0, 0);
    await shootBoth(page, 'player-inout-smpte');
  });
});
