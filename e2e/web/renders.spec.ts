import path from 'node:path';
import { expect, SCREENSHOTS, test } from '../fixtures.js';
import { addRender, makeVideo, mediaDir, openProjectTab, settledTime, videoReady, videoState } from '../support/renders-media.js';

test.describe('renders: list and player (reelvault serve)', () => {
  // These make real videos with ffmpeg and wait for the media worker: more than the default 30 s under load.
  test.describe.configure({ timeout: 90_000 });

  test('a stored render plays, seeks and frame-steps at its fps', async ({ page, server }) => {
    const project = await server.call<{ id: string }>('projects.create', { name: 'Player test', preset: '1080p30' });
    await server.call('files.writeText', { projectId: project.id, path: 'src/Main.tsx', text: 'export const Main = () => null;\n' });
    const video = makeVideo(mediaDir(), 'intro.mp4');
    const stored = await addRender(server, project.id, video, { name: 'Intro v1' });

    await openProjectTab(page, server, project.id, 'renders');
    const row = page.getByTestId('render-row').filter({ hasText: 'Intro v1' });
    await expect(row).toBeVisible();
    // The probe fills resolution and codec in the background; the list updates by itself.
    await expect(row).toContainText('320×240', { timeout: 15_000 });
    await expect(row).toContainText('25 fps');
    const meta = page.getByTestId('render-meta');
    await expect(meta).toContainText('h264');
    await expect(meta).toContainText('4.0 s');
    await expect(page.getByTestId('render-checkpoint-link')).toContainText('Intro v1');
    await expect(page.getByTestId('render-checkpoint-link')).toHaveAttribute('href', `#/projects/${project.id}/timeline/${stored.checkpointId}`);

    await videoReady(page, 'player-video');
    const state = () => videoState(page, 'player-video');

    // Play: time moves; pause: it stops.
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(async () => (await state()).currentTime, { timeout: 5_000 }).toBeGreaterThan(0.2);
    await page.getByRole('button', { name: 'Pause' }).click();
    expect((await state()).paused).toBe(true);

    // Seek with the seek bar.
    await page.getByLabel('Seek').fill('1.48');
    expect(await settledTime(page, 'player-video')).toBeCloseTo(1.48, 3);
    await expect(page.getByTestId('timecode')).toHaveText('00:01.480 · f37');

    // → steps exactly one frame (1/25 s), the counter moves by one; ← comes back.
    await page.getByTestId('player').focus();
    await page.keyboard.press('ArrowRight');
    const stepped = await settledTime(page, 'player-video');
    expect(Math.abs(stepped - 1.48 - 1 / 25)).toBeLessThan(0.001);
    await expect(page.getByTestId('timecode')).toHaveText('00:01.520 · f38');
    await page.keyboard.press('ArrowLeft');
    expect(Math.abs((await settledTime(page, 'player-video')) - 1.48)).toBeLessThan(0.001);
    await expect(page.getByTestId('timecode')).toContainText('f37');
    await page.getByRole('button', { name: 'Next frame' }).click();
    await expect(page.getByTestId('timecode')).toContainText('f38');

    // Shift+L toggles loop (L is the shuttle), Space plays and pauses, speed applies to the element.
    await page.getByTestId('player').focus();
    await page.keyboard.press('Shift+L');
    await expect(page.getByRole('button', { name: 'Loop' })).toHaveAttribute('aria-pressed', 'true');
    expect((await state()).loop).toBe(true);
    await page.getByLabel('Speed').selectOption('0.5');
    expect((await state()).playbackRate).toBe(0.5);
    await page.getByTestId('player').focus();
    await page.keyboard.press('Space');
    await expect.poll(async () => (await state()).paused).toBe(false);
    await page.keyboard.press('Space');
    await expect.poll(async () => (await state()).paused).toBe(true);
    await page.getByLabel('Seek').fill('2');
    await settledTime(page, 'player-video');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-renders-player.png') });
    await page.getByTestId('render-meta').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-renders-details.png') });

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-renders-player-dark.png') });
  });

  test('rename, delete with undo, and the empty state', async ({ page, server }) => {
    const project = await server.call<{ id: string }>('projects.create', { name: 'Manage renders' });
    await openProjectTab(page, server, project.id, 'renders');
    await expect(page.getByText('No renders yet')).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-renders-empty.png') });

    const dir = mediaDir();
    await addRender(server, project.id, makeVideo(dir, 'a.mp4'), { name: 'First cut' });
    await addRender(server, project.id, makeVideo(dir, 'b.mp4', 'hue'), { name: 'Second cut' });
    await page.reload();
    await expect(page.getByTestId('render-row')).toHaveCount(2);

    const tab = page.getByTestId('renders-tab');
    await page.getByTestId('render-row').filter({ hasText: 'First cut' }).click();
    await tab.getByRole('button', { name: 'Rename', exact: true }).click();
    await page.getByLabel('Render name').fill('Director’s cut');
    await tab.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByTestId('render-row').filter({ hasText: 'Director’s cut' })).toBeVisible();
    const list = await server.call<{ name: string }[]>('renders.list', { projectId: project.id });
    expect(list.map((r) => r.name).sort()).toEqual(['Director’s cut', 'Second cut']);

    await tab.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'Delete render' })).toBeVisible();
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await expect(page.getByTestId('render-row')).toHaveCount(1);
    expect(await server.call<unknown[]>('renders.list', { projectId: project.id })).toHaveLength(1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(page.getByTestId('render-row')).toHaveCount(2);

    // The download link of the browser build names the file.
    const download = page.waitForEvent('download');
    await tab.getByRole('button', { name: 'Download', exact: true }).click();
    expect((await download).suggestedFilename()).toMatch(/\.mp4$/);
  });

  test('Add render… uploads a video from the browser; it lands in the list, probed, with its checkpoint', async ({ page, server }) => {
    const project = await server.call<{ id: string }>('projects.create', { name: 'Upload test' });
    await server.call('files.writeText', { projectId: project.id, path: 'src/Main.tsx', text: 'export const Main = () => null;\n' });
    await openProjectTab(page, server, project.id, 'renders');
    await expect(page.getByRole('heading', { name: 'No renders yet' })).toBeVisible();

    const video = makeVideo(mediaDir(), 'upload-cut.mp4', 'hue');
    await page.getByTestId('add-render-input').setInputFiles(video);
    await expect(page.getByText('Added the render “upload-cut.mp4”')).toBeVisible({ timeout: 20_000 });
    const row = page.getByTestId('render-row').filter({ hasText: 'upload-cut.mp4' });
    await expect(row).toBeVisible();
    await expect(row).toContainText('320×240', { timeout: 20_000 });
    await expect(page.getByTestId('render-checkpoint-link')).toBeVisible();

    // Stored as the project's render (not an asset), pointing at a checkpoint of the workspace.
    const list = await server.call<{ name: string; checkpointId: string; size: number }[]>('renders.list', { projectId: project.id });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: 'upload-cut.mp4' });
    const cks = await server.call<{ id: string }[]>('checkpoints.list', { projectId: project.id });
    expect(cks.map((c) => c.id)).toContain(list[0]!.checkpointId);
    expect((await server.call<{ items: unknown[] }>('assets.search', {})).items).toEqual([]);
    await videoReady(page, 'player-video');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-renders-added.png') });

    // A second one from the list header's button.
    await page.getByTestId('add-render-input').setInputFiles(makeVideo(mediaDir(), 'second.mp4'));
    await expect(page.getByTestId('render-row')).toHaveCount(2, { timeout: 20_000 });
  });
});
