import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { shootBoth } from '../support/screenshots.js';
import { expect, test } from '../fixtures.js';

interface Project {
  id: string;
  namespace: { workspacePath: string };
}

/** Edits made on disk by anything but the app (a shell, an editor) — the point of the watcher. */
const sh = (script: string, cwd: string) => execFileSync('sh', ['-c', script], { cwd });

test.describe('the workspace follows disk edits (reelvault serve watches it)', () => {
  test('echo hi > new.txt appears in the tree, the open file follows an outside editor, the timeline counts unsaved changes', async ({ page, server }) => {
    const p = await server.call<Project>('projects.create', { name: 'Live edits' });
    const ws = p.namespace.workspacePath;
    await server.call('files.writeText', { projectId: p.id, path: 'src/Main.tsx', text: 'export const Main = () => null;\n' });
    await server.call('checkpoints.create', { projectId: p.id, name: 'First' });
    await page.goto(server.url);
    await page.goto(`${server.origin}/#/projects/${p.id}/files`);
    const tree = page.getByTestId('file-tree');
    await expect(tree.getByRole('treeitem', { name: 'src', exact: true })).toBeVisible();
    await expect(page.getByTestId('files-live')).toBeVisible();

    // The issue's own case: a file made by a shell shows up without a reload.
    sh('echo hi > new.txt', ws);
    await expect(tree.getByRole('treeitem', { name: 'new.txt' })).toBeVisible();
    await tree.getByRole('treeitem', { name: 'new.txt' }).click();
    await expect(page.getByTestId('code-view')).toHaveText(/^\s*1\s*hi\s*$/);

    // The open file follows an editor saving it (no flicker to "Opening…", the new text shown).
    sh('printf "hi\\nthere\\n" > new.txt', ws);
    await expect(page.getByTestId('code-view').locator('.code-line[data-line="2"] .code-text')).toHaveText('there');
    await expect(page.getByTestId('viewer-path')).toHaveText('new.txt');

    // A folder made and filled at once, inside a folder that is open in the tree.
    await tree.getByRole('treeitem', { name: 'src', exact: true }).click();
    mkdirSync(path.join(ws, 'src', 'scenes'));
    writeFileSync(path.join(ws, 'src', 'scenes', 'Intro.tsx'), 'export const Intro = () => null;\n');
    await expect(tree.getByRole('treeitem', { name: 'scenes' })).toBeVisible();
    await tree.getByRole('treeitem', { name: 'scenes' }).click();
    await expect(tree.getByRole('treeitem', { name: 'Intro.tsx' })).toBeVisible();
    await shootBoth(page, 'files-live');

    // Deleted on disk while open: it leaves the tree and the viewer says so.
    await tree.getByRole('treeitem', { name: 'new.txt' }).click();
    await expect(page.getByTestId('viewer-path')).toHaveText('new.txt');
    rmSync(path.join(ws, 'new.txt'));
    await expect(tree.getByRole('treeitem', { name: 'new.txt' })).toHaveCount(0);
    await expect(page.getByText('new.txt was deleted or moved on disk')).toBeVisible();

    // The timeline's workspace node counts what changed on disk since the checkpoint, live.
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await expect(page.getByTestId('workspace-state')).toContainText('1 unsaved change');
    sh('echo more > extra.txt', ws);
    await expect(page.getByTestId('workspace-state')).toContainText('2 unsaved changes');
    rmSync(path.join(ws, 'src', 'scenes'), { recursive: true });
    rmSync(path.join(ws, 'extra.txt'));
    await expect(page.getByTestId('workspace-state')).toHaveText('saved');
  });

  test('npm-style churn in node_modules does not touch the tree, and the watch holds', async ({ page, server }) => {
    const p = await server.call<Project>('projects.create', { name: 'Deps' });
    const ws = p.namespace.workspacePath;
    mkdirSync(path.join(ws, 'node_modules'));
    await page.goto(server.url);
    await page.goto(`${server.origin}/#/projects/${p.id}/files`);
    await expect(page.getByTestId('files-live')).toBeVisible();
    for (let i = 0; i < 200; i++) writeFileSync(path.join(ws, 'node_modules', `m${i}.js`), 'x');
    sh('echo after > after.txt', ws);
    await expect(page.getByTestId('file-tree').getByRole('treeitem', { name: 'after.txt' })).toBeVisible();
  });
});
