import path from 'node:path';
import { expect, test } from '../fixtures.js';
import { expectNoSeriousA11yIssues, SHOTS } from '../support/axe.js';
import { addRender, makeVideo, mediaDir } from '../support/renders-media.js';
import { seedAssets } from '../support/seed-assets.js';

interface Project {
  id: string;
  name: string;
}

/** axe on the main screens, in both themes: no serious or critical violations (issue 15 item 7). */
test.describe('accessibility (axe)', () => {
  test.describe.configure({ timeout: 90_000 });

  test('projects, the project tabs, settings, trash and the shortcuts sheet', async ({ page, server }) => {
    const p = await server.call<Project>('projects.create', { name: 'Launch film', preset: '1080p30', template: 'remotion' });
    await server.call('projects.create', { name: 'Teaser', preset: '1080p30' });
    await server.call('checkpoints.create', { projectId: p.id, name: 'First cut' });
    await addRender(server, p.id, makeVideo(mediaDir(), 'a11y-cut.mp4'), { name: 'Rough cut' });
    const gone = await server.call<Project>('projects.create', { name: 'Old teaser' });
    await server.call('projects.delete', { id: gone.id });

    await page.goto(server.url);
    await expect(page.getByTestId('project-card')).toHaveCount(2);
    await expectNoSeriousA11yIssues(page, 'projects');

    for (const tab of ['files', 'renders', 'assets', 'timeline'] as const) {
      await page.goto(`${server.origin}/#/projects/${p.id}/${tab}`);
      await expect(page.getByRole('tab', { name: new RegExp(tab, 'i') })).toHaveAttribute('aria-selected', 'true');
      if (tab === 'files') await expect(page.getByTestId('file-tree')).toBeVisible();
      if (tab === 'renders') await expect(page.getByText('Rough cut').first()).toBeVisible();
      if (tab === 'timeline') await expect(page.getByTestId('timeline-node')).toHaveCount(1);
      await page.waitForLoadState('networkidle');
      await expectNoSeriousA11yIssues(page, `project ${tab} tab`);
      await page.screenshot({ path: path.join(SHOTS, `a11y-project-${tab}.png`) });
    }

    await page.goto(`${server.origin}/#/settings`);
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
    await expectNoSeriousA11yIssues(page, 'settings');

    await page.goto(`${server.origin}/#/trash`);
    await expect(page.getByTestId('trash-row')).toHaveCount(1);
    await expectNoSeriousA11yIssues(page, 'trash');
    await page.screenshot({ path: path.join(SHOTS, 'a11y-trash.png') });

    await page.goto(`${server.origin}/#/projects`);
    await expect(page.getByTestId('project-card')).toHaveCount(2);
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts-help')).toBeVisible();
    await expectNoSeriousA11yIssues(page, 'shortcuts sheet');
  });

  test('the assets grid and list', async ({ page, server }) => {
    seedAssets(server.libraryDir, 40, { tagEvery: { n: 3, tag: 'hero' } });
    await page.goto(server.url);
    await page.goto(`${server.origin}/#/assets`);
    await expect(page.getByTestId('asset-tile').first()).toBeVisible();
    await page.getByTestId('asset-tile').first().click();
    await expectNoSeriousA11yIssues(page, 'assets grid');
    await page.screenshot({ path: path.join(SHOTS, 'a11y-assets-grid.png') });

    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'List' }).click();
    await expect(page.getByTestId('asset-list-row').first()).toBeVisible();
    await expectNoSeriousA11yIssues(page, 'assets list');
    await page.screenshot({ path: path.join(SHOTS, 'a11y-assets-list.png') });
  });
});
