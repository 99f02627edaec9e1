import { expect, test } from '../fixtures.js';
import { openProjectTab } from '../support/renders-media.js';
import { shootBoth } from '../support/screenshots.js';

/** Tracking data as a motion project holds it: every row re-solved between the two checkpoints. */
function trackCsv(seed: number, rows = 6000): string {
  const out = ['frame,x,y,scale\n'];
  for (let f = 0; f < rows; f++) {
    const x = (Math.sin((f + seed) / 37) * 480 + 960).toFixed(2);
    const y = (Math.cos((f + seed) / 53) * 270 + 540).toFixed(2);
    out.push(`${f},${x},${y},${(1 + ((f * seed) % 17) / 100).toFixed(2)}\n`);
  }
  return out.join('');
}

/** Keyframes as JSON, every value moved: too many changed lines, but its keys still say what changed. */
const keyframes = (shift: number) => JSON.stringify(Array.from({ length: 1500 }, (_, f) => ({ frame: f, x: f * 2 + shift })), null, 2) + '\n';

test.describe('a diff too costly to show line by line (reelvault serve)', () => {
  test('says so with the counts, and shows both files side by side', async ({ page, server }) => {
    const project = await server.call<{ id: string }>('projects.create', { name: 'Tracking shot' });
    const pid = project.id;
    const write = (p: string, text: string) => server.call('files.writeText', { projectId: pid, path: p, text });
    await write('data/track.csv', trackCsv(1));
    await write('src/Scene.tsx', "export const Scene = () => 'v1';\n");
    await write('data/keyframes.json', keyframes(0));
    await server.call('checkpoints.create', { projectId: pid, name: 'Rough track' });
    await write('data/track.csv', trackCsv(7));
    await write('src/Scene.tsx', "export const Scene = () => 'v2';\n");
    await write('data/keyframes.json', keyframes(1));
    await server.call('checkpoints.create', { projectId: pid, name: 'Solved track' });

    await openProjectTab(page, server, pid, 'timeline');
    await page.getByTestId('timeline-node').nth(0).click();
    await page.getByTestId('timeline-node').nth(1).click({ modifiers: ['Shift'] });
    await expect(page.getByTestId('diff-view')).toBeVisible();
    await expect(page.getByTestId('diff-summary')).toContainText('3 modified');

    // A JSON file stopped at the budget still lists its changed keys (the first 200 of them).
    await page.getByTestId('diff-file').filter({ hasText: 'data/keyframes.json' }).click();
    await expect(page.getByTestId('diff-stopped')).toContainText('This diff is too large to show line by line');
    await expect(page.getByTestId('json-keys')).toContainText('Changed keys (1500)');
    await expect(page.getByTestId('json-keys')).toContainText('[0].x');
    await expect(page.getByTestId('json-keys')).toContainText('and 1,300 more');

    // The ordinary file still diffs line by line.
    await page.getByTestId('diff-file').filter({ hasText: 'src/Scene.tsx' }).click();
    await expect(page.getByTestId('text-diff').locator('td.df-add.df-code')).toContainText(["export const Scene = () => 'v2';"]);

    await page.getByTestId('diff-file').filter({ hasText: 'data/track.csv' }).click();
    const stopped = page.getByTestId('diff-stopped');
    await expect(stopped).toContainText(/This diff is too large to show line by line — at least [\d,]+ lines removed and [\d,]+ added\./);
    await expect(page.getByRole('button', { name: 'Inline' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Show both files' }).click();
    await expect(page.getByTestId('side-text-a')).toContainText('A · Rough track');
    await expect(page.getByTestId('side-text-b')).toContainText('B · Solved track');
    await expect(page.getByTestId('side-text-a').locator('td.df-code').first()).toHaveText('frame,x,y,scale');
    await expect(page.getByTestId('side-text-b').locator('tr')).toHaveCount(3000);
    await expect(page.getByTestId('side-text-b')).toContainText('Showing the first 3,000 lines');
    await expect(page.getByTestId('diff-file').filter({ hasText: 'data/track.csv' })).toContainText('≥+6,000 −6,000');
    // The panes scroll together.
    await page.getByTestId('side-text-a').evaluate((el) => (el.scrollTop = 400));
    await expect.poll(() => page.getByTestId('side-text-b').evaluate((el) => el.scrollTop)).toBe(400);
    await shootBoth(page, 'diff-too-costly');
  });
});
