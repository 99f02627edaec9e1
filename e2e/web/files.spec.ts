import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { shootBoth } from '../support/screenshots.js';
import { expect, ROOT, test } from '../fixtures.js';
import { makeVideo, mediaDir } from '../support/renders-media.js';

interface ProjectOut {
  id: string;
}

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" viewBox="0 0 320 180">
<rect width="320" height="180" fill="#3a6ff7"/><circle cx="160" cy="90" r="50" fill="#ffd166"/></svg>
`;

test.describe('the Files tab', () => {
  test('shows the Remotion template tree, opens text with line numbers, creates, moves and deletes files', async ({ page, server }) => {
    const p = await server.call<ProjectOut>('projects.create', { name: 'Promo', preset: '1080p30', template: 'remotion' });
    await server.call('files.writeText', { projectId: p.id, path: 'public/logo.svg', text: SVG });
    await page.goto(server.url);
    await page.getByTestId('project-card').filter({ hasText: 'Promo' }).getByRole('link').click();
    await expect(page.getByRole('heading', { name: 'Promo' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Files' })).toHaveAttribute('aria-selected', 'true');

    const tree = page.getByTestId('file-tree');
    for (const name of ['src', 'public', 'package.json', 'remotion.config.ts', 'tsconfig.json']) {
      await expect(tree.getByRole('treeitem', { name, exact: true })).toBeVisible();
    }
    await shootBoth(page, 'files-tree');

    await tree.getByRole('treeitem', { name: 'src', exact: true }).click();
    await expect(tree.getByRole('treeitem', { name: 'src', exact: true })).toHaveAttribute('aria-expanded', 'true');
    await tree.getByRole('treeitem', { name: 'Root.tsx' }).click();
    await expect(page.getByTestId('viewer-path')).toHaveText('src/Root.tsx');
    const code = page.getByTestId('code-view');
    await expect(code.locator('.code-line').first()).toHaveAttribute('data-line', '1');
    await expect(code.locator('.code-line[data-line="1"] .code-num')).toHaveText('1');
    await expect(code.locator('.code-line[data-line="1"] .code-text')).toHaveText("import React from 'react';");
    await expect(code).toContainText('Composition');
    await expect(code.locator('.code-line[data-line="5"] .code-num')).toHaveText('5');
    await shootBoth(page, 'files-text');

    // A new file in the folder of the open one.
    await page.getByRole('button', { name: 'New file' }).click();
    const dialog = page.getByTestId('new-entry-dialog');
    await expect(dialog).toContainText('src/');
    await dialog.getByLabel('File name').fill('Intro.tsx');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(tree.getByRole('treeitem', { name: 'Intro.tsx' })).toBeVisible();
    await expect(page.getByTestId('viewer-path')).toHaveText('src/Intro.tsx');
    await expect(page.getByText('This file is empty.')).toBeVisible();
    expect(await server.call<{ path: string }[]>('files.list', { projectId: p.id, dir: 'src' })).toContainEqual(expect.objectContaining({ path: 'src/Intro.tsx' }));

    // Changes from elsewhere show up without a reload.
    await server.call('files.writeText', { projectId: p.id, path: 'src/Intro.tsx', text: 'export const Intro = () => null;\n' });
    await expect(page.getByTestId('code-view')).toContainText('export const Intro');

    // Rename (move) with F2 from the tree, then delete with the key and a confirmation.
    await tree.focus();
    await page.keyboard.press('F2');
    const move = page.getByTestId('move-dialog');
    await move.getByLabel('Path in the workspace').fill('src/Opening.tsx');
    await move.getByRole('button', { name: 'Move' }).click();
    await expect(tree.getByRole('treeitem', { name: 'Opening.tsx' })).toBeVisible();
    await expect(tree.getByRole('treeitem', { name: 'Intro.tsx' })).toHaveCount(0);
    await tree.focus();
    await page.keyboard.press('Delete');
    const confirm = page.getByRole('dialog', { name: 'Delete Opening.tsx?' });
    await expect(confirm).toBeVisible();
    await shootBoth(page, 'files-delete-confirm');
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(tree.getByRole('treeitem', { name: 'Opening.tsx' })).toHaveCount(0);

    // Images show as images.
    await tree.getByRole('treeitem', { name: 'public', exact: true }).click();
    await tree.getByRole('treeitem', { name: 'logo.svg' }).click();
    const img = page.getByTestId('viewer-image');
    await expect(img).toBeVisible();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(320);
    await shootBoth(page, 'files-image');

    // The tree by keyboard: Home goes to the first row, ArrowDown moves, Enter opens.
    await tree.focus();
    await page.keyboard.press('Home');
    await expect(tree.getByRole('treeitem', { selected: true })).toHaveAttribute('data-path', 'public');
    await page.keyboard.press('ArrowLeft');
    await expect(tree.getByRole('treeitem', { name: 'public', exact: true })).toHaveAttribute('aria-expanded', 'false');
    await page.keyboard.press('End');
    await expect(tree.getByRole('treeitem', { selected: true })).toHaveAttribute('data-path', 'tsconfig.json');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('viewer-path')).toHaveText('tsconfig.json');
    await expect(page.getByTestId('code-view')).toContainText('compilerOptions');
  });

  test('a workspace video plays in the viewer', async ({ page, server }) => {
    const p = await server.call<ProjectOut>('projects.create', { name: 'Footage', preset: '1080p30', template: 'empty' });
    // Put in by the CLI, as any tool writing into the project folder would.
    const cli = path.join(ROOT, 'dist/electron/cli/main.js');
    execFileSync(process.execPath, [cli, '--library', server.libraryDir, '--user', 'e2e', 'files', 'put', p.id, 'footage/take1.mp4', makeVideo(mediaDir(), 'take1.mp4')], {
      env: { ...process.env, REELVAULT_LIBRARY: '', REELVAULT_USER: 'e2e' },
    });
    await page.goto(server.url);
    await page.goto(`${server.origin}/#/projects/${p.id}/files`);
    const tree = page.getByTestId('file-tree');
    await tree.getByRole('treeitem', { name: 'footage' }).click();
    await tree.getByRole('treeitem', { name: 'take1.mp4' }).click();
    const video = page.getByTestId('viewer-video');
    await expect(video).toBeVisible();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect(await video.evaluate((v: HTMLVideoElement) => v.duration)).toBeCloseTo(4, 0);
    await expect(page.getByTestId('viewer-path')).toHaveText('footage/take1.mp4');
    await shootBoth(page, 'files-video');
  });

  test('big folders and big files stay light: virtualized tree and text, truncation said', async ({ page, server }) => {
    const p = await server.call<ProjectOut>('projects.create', { name: 'Heavy', preset: '1080p30', template: 'empty' });
    const names = Array.from({ length: 1200 }, (_, i) => `frames/frame-${String(i + 1).padStart(4, '0')}.txt`);
    for (let i = 0; i < names.length; i += 100) {
      await Promise.all(names.slice(i, i + 100).map((path) => server.call('files.writeText', { projectId: p.id, path, text: path })));
    }
    // ~1.6 MiB of numbered lines: more than the 1 MiB a read returns by default.
    const big = Array.from({ length: 60_000 }, (_, i) => `line ${i + 1} ${'·'.repeat(10)}`).join('\n');
    await server.call('files.writeText', { projectId: p.id, path: 'big.log', text: big });

    await page.goto(server.url);
    await page.goto(`${server.origin}/#/projects/${p.id}/files`);
    const tree = page.getByTestId('file-tree');
    await tree.getByRole('treeitem', { name: 'frames' }).click();
    await expect(tree.getByRole('treeitem', { name: 'frames' })).toHaveAttribute('aria-expanded', 'true');
    // Listing 1,200 entries can take a while on a loaded CI machine.
    await expect(tree.getByRole('treeitem', { name: 'frame-0001.txt' })).toBeVisible({ timeout: 20_000 });
    expect(await tree.getByRole('treeitem').count()).toBeLessThan(120);
    await page.keyboard.press('End');
    await expect(tree.getByRole('treeitem', { name: 'frame-1200.txt' })).toBeVisible();
    expect(await tree.getByRole('treeitem').count()).toBeLessThan(120);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await expect(tree.getByRole('treeitem', { selected: true })).toHaveAttribute('data-path', 'frames/frame-0001.txt');

    await tree.getByRole('treeitem', { name: 'frames' }).click();
    await tree.getByRole('treeitem', { name: 'big.log' }).click();
    await expect(page.getByRole('note')).toContainText('Large file: showing the first');
    const code = page.getByTestId('code-view');
    await expect(code.locator('.code-line[data-line="1"] .code-text')).toHaveText(/^line 1 /);
    expect(await code.locator('.code-line').count()).toBeLessThan(200);
    await shootBoth(page, 'files-big');
  });

  test('an empty workspace says what to do', async ({ page, server }) => {
    const p = await server.call<ProjectOut>('projects.create', { name: 'Blank', preset: 'square', template: 'empty' });
    await page.goto(server.url);
    await page.goto(`${server.origin}/#/projects/${p.id}/files`);
    await expect(page.getByRole('heading', { name: 'Empty workspace' })).toBeVisible();
    await shootBoth(page, 'files-empty');
    await page.getByRole('button', { name: 'New folder' }).first().click();
    await page.getByTestId('new-entry-dialog').getByLabel('Folder name').fill('scenes');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('file-tree').getByRole('treeitem', { name: 'scenes' })).toBeVisible();
  });

  test('a file whose name is not UTF-8 is listed, marked as left out of checkpoints, never hidden', async ({ page, server }) => {
    const p = await server.call<{ id: string; namespace: { workspacePath: string } }>('projects.create', { name: 'Latin', preset: 'square', template: 'empty' });
    writeFileSync(path.join(p.namespace.workspacePath, 'notes.txt'), 'plain');
    // "caf", 0xe9 (Latin-1 é, not UTF-8), ".txt": what a zip from an old system leaves.
    writeFileSync(Buffer.concat([Buffer.from(p.namespace.workspacePath + '/caf'), Buffer.from([0xe9]), Buffer.from('.txt')]), 'latin-1');
    await page.goto(server.url);
    await page.goto(`${server.origin}/#/projects/${p.id}/files`);
    const tree = page.getByTestId('file-tree');
    await expect(tree.getByRole('treeitem', { name: 'notes.txt' })).toBeVisible();
    const odd = tree.getByRole('treeitem', { name: 'caf\\xe9.txt' });
    await expect(odd).toBeVisible();
    await expect(odd.getByTestId('name-not-utf8')).toHaveText('not in checkpoints');
    await shootBoth(page, 'files-not-utf8');
  });
});
