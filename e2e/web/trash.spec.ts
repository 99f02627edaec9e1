import { existsSync } from 'node:fs';
import { shootBoth } from '../support/screenshots.js';
import { addRender, makeVideo, mediaDir } from '../support/renders-media.js';
import { uploadBytes } from '../support/seed-assets.js';
import { expect, test } from '../fixtures.js';

interface Project {
  id: string;
  namespace: { workspacePath: string };
}

test.describe('the Trash screen', () => {
  test.describe.configure({ timeout: 60_000 });

  test('lists deleted projects, assets and renders with size and age; restore, delete forever, empty', async ({ page, server }) => {
    const doomed = await server.call<Project>('projects.create', { name: 'Old teaser' });
    await server.call('files.writeText', { projectId: doomed.id, path: 'notes.md', text: 'x'.repeat(2048) });
    await server.call('checkpoints.create', { projectId: doomed.id, name: 'v1' });
    const keep = await server.call<Project>('projects.create', { name: 'Launch film' });
    const render = await addRender(server, keep.id, makeVideo(mediaDir(), 'cut.mp4'), { name: 'Rough cut' });
    const up = await uploadBytes(server, 'logo-old.png', Buffer.alloc(5000, 7));
    const assetId = up.asset!.id;

    await page.goto(server.url);
    await page.getByRole('link', { name: 'Trash' }).click();
    await expect(page.getByText('The trash is empty')).toBeVisible();

    // Deleted the usual ways (from other clients): the screen follows.
    await server.call('projects.delete', { id: doomed.id });
    await server.call('renders.delete', { id: render.id });
    await server.call('assets.delete', { ids: [assetId] });
    const rows = page.getByTestId('trash-row');
    await expect(rows).toHaveCount(3);
    const projectRow = rows.filter({ hasText: 'Old teaser' });
    await expect(projectRow).toContainText('Project');
    await expect(projectRow).toContainText('1 checkpoint · 0 renders');
    await expect(projectRow).toContainText('2.0 kB');
    await expect(projectRow).toContainText('just now');
    await expect(rows.filter({ hasText: 'Rough cut' })).toContainText('from Launch film');
    await expect(rows.filter({ hasText: 'logo-old.png' })).toContainText('5.0 kB');
    await expect(page.getByTestId('trash-summary')).toContainText('3 items');
    await shootBoth(page, 'trash');

    // Filters by kind.
    await page.getByRole('button', { name: /^Renders/ }).click();
    await expect(rows).toHaveCount(1);
    await page.getByRole('button', { name: /^All/ }).click();
    await expect(rows).toHaveCount(3);

    // Restore the render: it is back in its project.
    await page.getByRole('button', { name: 'Restore Rough cut' }).click();
    await expect(rows).toHaveCount(2);
    expect((await server.call<{ id: string }[]>('renders.list', { projectId: keep.id })).map((r) => r.id)).toEqual([render.id]);

    // Delete the project forever, from the keyboard: its workspace goes with it.
    await page.getByRole('button', { name: 'Delete forever: Old teaser' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('cannot be undone');
    await page.keyboard.press('Enter');
    await expect(rows).toHaveCount(1);
    expect(existsSync(doomed.namespace.workspacePath)).toBe(false);
    await expect(server.call('projects.get', { id: doomed.id })).rejects.toThrow(/not found/i);

    // Empty the trash: the asset is gone for good.
    await page.getByRole('button', { name: 'Empty trash' }).click();
    await expect(page.getByRole('dialog')).toContainText('All 1 item');
    await page.getByRole('dialog').getByRole('button', { name: 'Empty trash' }).click();
    await expect(page.getByText('The trash is empty')).toBeVisible();
    await expect(server.call('assets.get', { id: assetId })).rejects.toThrow(/not found/i);
    expect(await server.call('trash.list', {})).toEqual([]);
    await shootBoth(page, 'trash-empty');
  });

  test('select several with the checkboxes and restore them together', async ({ page, server }) => {
    const ids: string[] = [];
    for (const name of ['A', 'B', 'C']) {
      const p = await server.call<Project>('projects.create', { name });
      await server.call('projects.delete', { id: p.id });
      ids.push(p.id);
    }
    await page.goto(server.url);
    await page.goto(`${server.origin}/#/trash`);
    await expect(page.getByTestId('trash-row')).toHaveCount(3);
    await page.getByLabel('Select all shown').check();
    await expect(page.getByText('3 selected')).toBeVisible();
    await page.getByLabel('Select B').uncheck();
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(page.getByTestId('trash-row')).toHaveCount(1);
    await expect(page.getByTestId('trash-row')).toContainText('B');
    const names = (await server.call<{ name: string }[]>('projects.list', {})).map((p) => p.name).sort();
    expect(names).toEqual(['A', 'C']);
  });
});
