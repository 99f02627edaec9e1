import { shootBoth } from '../support/screenshots.js';
import { expect, test } from '../fixtures.js';

interface Project {
  id: string;
  namespace: { workspacePath: string };
}

test('the workspace folder is shown and its path (and a file’s) copies in the browser; the desktop-only buttons are not offered', async ({ page, context, server }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  const p = await server.call<Project>('projects.create', { name: 'Where is it' });
  await server.call('files.writeText', { projectId: p.id, path: 'src/Title.tsx', text: 'export {};\n' });
  await page.goto(server.url);
  await page.goto(`${server.origin}/#/projects/${p.id}/files`);

  const row = page.getByTestId('workspace-path');
  await expect(row).toContainText(p.namespace.workspacePath);
  await row.getByRole('button', { name: "Copy path: Copy the workspace folder's path" }).click();
  await expect(row.getByRole('button', { name: "Copied: Copy the workspace folder's path" })).toContainText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(p.namespace.workspacePath);
  await expect(page.getByRole('button', { name: 'Open in file manager' })).toHaveCount(0);

  const tree = page.getByTestId('file-tree');
  await tree.getByRole('treeitem', { name: 'src', exact: true }).click();
  await tree.getByRole('treeitem', { name: 'Title.tsx' }).click();
  await page.getByRole('button', { name: 'Copy the path of Title.tsx' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${p.namespace.workspacePath}/src/Title.tsx`);
  await expect(page.getByRole('button', { name: /in its app/ })).toHaveCount(0);
  await shootBoth(page, 'workspace-path');
});
