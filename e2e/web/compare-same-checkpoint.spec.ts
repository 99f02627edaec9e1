/**
 * A/B compare of two renders of ONE checkpoint from the Renders tab (issue 14, item 6), with plain uploads
 * (no Remotion, no npm): both videos play on one playhead, each side is labelled with its render, and the
 * input side says the input is the same.
 */
import { expect, test } from '../fixtures.js';
import { makeVideo, mediaDir, openProjectTab, videoReady } from '../support/renders-media.js';
import { shootBoth } from '../support/screenshots.js';

interface Render {
  id: string;
  name: string;
  checkpointId: string;
}

test.describe('A/B compare of one checkpoint (reelvault serve)', () => {
  test.describe.configure({ timeout: 120_000 });

  test('two uploads of one checkpoint: Compare A/B from the Renders tab shows both videos and labels', async ({ page, server }) => {
    const project = await server.call<{ id: string }>('projects.create', { name: 'Grades' });
    await server.call('files.writeText', { projectId: project.id, path: 'src/Main.tsx', text: 'export const Main = () => null;\n' });
    await openProjectTab(page, server, project.id, 'renders');
    const dir = mediaDir();
    // Two grades of one cut, uploaded one after the other with the workspace unchanged: one checkpoint.
    await page.getByTestId('add-render-input').setInputFiles(makeVideo(dir, 'grade-neutral.mp4'));
    await expect(page.getByText('Added the render “grade-neutral.mp4”')).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('add-render-input').setInputFiles(makeVideo(dir, 'grade-warm.mp4', 'hue'));
    await expect(page.getByText('Added the render “grade-warm.mp4”')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('render-row')).toHaveCount(2, { timeout: 20_000 });
    const renders = await server.call<Render[]>('renders.list', { projectId: project.id });
    expect(renders.map((r) => r.name).sort()).toEqual(['grade-neutral.mp4', 'grade-warm.mp4']);
    expect(renders[0]!.checkpointId).toBe(renders[1]!.checkpointId);
    const neutral = renders.find((r) => r.name === 'grade-neutral.mp4')!;

    // From the newest render's detail: Compare with the other one, A/B.
    await page.getByTestId('render-row').filter({ hasText: 'grade-warm.mp4' }).click();
    const compareWith = page.getByTestId('compare-with');
    await expect(compareWith.getByLabel('Compare with render')).toHaveValue(neutral.id);
    await compareWith.getByRole('button', { name: 'Compare A/B' }).click();

    const ab = page.getByTestId('ab-compare');
    await expect(ab).toBeVisible({ timeout: 20_000 });
    await videoReady(page, 'ab-video-a');
    await videoReady(page, 'ab-video-b');
    // Each side is labelled by its render (the checkpoint is the same, so the render is what tells them
    // apart), once, with its probed facts; the header says the checkpoint is the same.
    const picks = page.locator('.ab-pick');
    await expect(picks).toHaveCount(2);
    await expect(picks.nth(0)).toHaveText(/^A · grade-neutral\.mp4\s*320×240 · 25 fps$/, { timeout: 30_000 });
    await expect(picks.nth(1)).toHaveText(/^B · grade-warm\.mp4\s*320×240 · 25 fps$/, { timeout: 30_000 });
    await expect(page.locator('.df-side-a')).toHaveText('grade-neutral.mp4');
    await expect(page.locator('.df-side-b')).toHaveText('grade-warm.mp4');
    await expect(page.getByTestId('diff-summary')).toHaveText('same checkpoint');
    await expect(page.getByTestId('input-changes')).toContainText('Both renders come from the same checkpoint');
    // Both sources are the two renders' own media, and they differ frame by frame.
    const srcOf = (id: string) => page.getByTestId(id).evaluate((v) => (v as unknown as { currentSrc: string }).currentSrc);
    expect(await srcOf('ab-video-a')).not.toBe(await srcOf('ab-video-b'));
    const strip = page.getByTestId('difference-strip');
    await expect(strip).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(strip).toHaveAttribute('data-identical', 'false');
    await page.mouse.move(0, 0);
    await shootBoth(page, 'compare-same-checkpoint');
    await ab.getByRole('group', { name: 'Compare view' }).getByRole('button', { name: 'Wipe' }).click();
    await page.mouse.move(0, 0);
    await shootBoth(page, 'compare-same-checkpoint-wipe');

    await page.getByRole('button', { name: 'Close compare' }).click();
    await expect(ab).toHaveCount(0);
    await expect(page.getByTestId('render-row')).toHaveCount(2);
  });
});
