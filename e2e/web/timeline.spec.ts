import path from 'node:path';
import { expect, SCREENSHOTS, test } from '../fixtures.js';
import { addRender, makePng, makeVideo, mediaDir, openProjectTab } from '../support/renders-media.js';

const MAIN_V1 = `import { AbsoluteFill } from 'remotion';

export const Main = () => {
  const title = 'Hello';
  return <AbsoluteFill style={{ background: 'white' }}>{title}</AbsoluteFill>;
};
`;
const MAIN_V2 = MAIN_V1.replace("'Hello'", "'Hello, world'").replace("'white'", "'#101820'");
const CONFIG_V1 = JSON.stringify({ fps: 30, width: 1920, height: 1080, title: 'Launch' }, null, 2) + '\n';
const CONFIG_V2 = JSON.stringify({ fps: 25, width: 1920, height: 1080, title: 'Launch', music: 'theme.mp3' }, null, 2) + '\n';

interface Project {
  id: string;
  namespace: { workspacePath: string };
}

test.describe('checkpoint timeline and diff (reelvault serve)', () => {
  // These make real videos with ffmpeg and wait for the media worker: more than the default 30 s under load.
  test.describe.configure({ timeout: 90_000 });

  test('checkpoint, edit, checkpoint, see the changed lines, restore with a safety checkpoint', async ({ page, server }) => {
    const project = await server.call<Project>('projects.create', { name: 'Launch film' });
    const pid = project.id;
    await server.call('files.writeText', { projectId: pid, path: 'src/Main.tsx', text: MAIN_V1 });
    await server.call('files.writeText', { projectId: pid, path: 'config.json', text: CONFIG_V1 });
    await server.call('files.writeText', { projectId: pid, path: 'notes/old.md', text: '# Notes\n\nTo be removed.\n' });
    makePng(path.join(project.namespace.workspacePath, 'logo.png'), 0);

    await openProjectTab(page, server, pid, 'timeline');
    await expect(page.getByText('No checkpoints yet')).toBeVisible();
    await expect(page.getByTestId('workspace-state')).toContainText('4 unsaved changes');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-timeline-empty.png') });

    // First checkpoint from the timeline.
    await page.getByTestId('timeline-tab').getByRole('button', { name: 'New checkpoint' }).click();
    await page.getByLabel('Checkpoint name').fill('First draft');
    await page.getByLabel(/Description/).fill('Title card and config');
    await page.getByRole('button', { name: 'Save checkpoint' }).click();
    await expect(page.getByTestId('timeline-node')).toHaveCount(1);
    await expect(page.getByTestId('timeline-node').first()).toContainText('4 files');
    await expect(page.getByTestId('workspace-state')).toHaveText('saved');

    // Edit from another client: the workspace node shows unsaved changes live.
    await server.call('files.writeText', { projectId: pid, path: 'src/Main.tsx', text: MAIN_V2 });
    await server.call('files.writeText', { projectId: pid, path: 'config.json', text: CONFIG_V2 });
    await server.call('files.writeText', { projectId: pid, path: 'src/Outro.tsx', text: 'export const Outro = () => null;\n' });
    await server.call('files.delete', { projectId: pid, path: 'notes/old.md' });
    makePng(path.join(project.namespace.workspacePath, 'logo.png'), 120);
    await expect(page.getByTestId('workspace-state')).toContainText('unsaved change');

    await page.getByTestId('timeline-tab').getByRole('button', { name: 'New checkpoint' }).click();
    await page.getByLabel('Checkpoint name').fill('Dark title');
    await page.getByRole('button', { name: 'Save checkpoint' }).click();
    await expect(page.getByTestId('timeline-node')).toHaveCount(2);
    const second = page.getByTestId('timeline-node').nth(1);
    await expect(second).toContainText('Dark title');
    // The node says what its diff says (the same counts as the compare view's summary below).
    await expect(second).toContainText('3 modified · 1 added · 1 removed');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-timeline.png') });

    // Pick two nodes: click, then shift-click. The diff opens.
    await page.getByTestId('timeline-node').nth(0).click();
    await page.getByTestId('timeline-node').nth(1).click({ modifiers: ['Shift'] });
    const diff = page.getByTestId('diff-view');
    await expect(diff).toBeVisible();
    await expect(page.getByTestId('diff-summary')).toContainText('3 modified');
    await expect(page.getByTestId('diff-summary')).toContainText('1 added');
    await expect(page.getByTestId('diff-summary')).toContainText('1 removed');
    await expect(page.getByTestId('group-modified')).toContainText(/Modified\s*3/);
    await expect(page.getByTestId('diff-file').filter({ hasText: 'src/Main.tsx' })).toHaveAttribute('data-status', 'modified');
    await expect(page.getByTestId('diff-file').filter({ hasText: 'notes/old.md' })).toHaveAttribute('data-status', 'removed');

    await page.getByTestId('diff-file').filter({ hasText: 'src/Main.tsx' }).click();
    const text = page.getByTestId('text-diff');
    await expect(text.locator('td.df-del')).toContainText(["const title = 'Hello';"]);
    await expect(text.locator('td.df-add.df-code')).toContainText(["const title = 'Hello, world';", "background: '#101820'"]);
    await expect(text.locator('.hljs-keyword').first()).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-diff-text-split.png') });
    await page.getByRole('button', { name: 'Inline' }).click();
    await expect(text.locator('td.df-add.df-code')).toContainText(["const title = 'Hello, world';"]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-diff-text-inline.png') });

    await page.getByTestId('diff-file').filter({ hasText: 'config.json' }).click();
    await expect(page.getByTestId('json-keys')).toContainText('fps');
    await expect(page.getByTestId('json-keys')).toContainText('music');

    await page.getByTestId('diff-file').filter({ hasText: 'logo.png' }).click();
    await expect(page.getByTestId('image-compare').getByRole('img', { name: 'After' })).toBeVisible();
    await page.getByRole('button', { name: 'Swipe' }).click();
    await page.getByLabel('Swipe position').fill('30');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-diff-image-swipe.png') });
    await page.getByRole('button', { name: 'Onion skin' }).click();
    await expect(page.getByLabel('Onion-skin opacity')).toBeVisible();

    await page.getByTestId('diff-file').filter({ hasText: 'src/Outro.tsx' }).click();
    await expect(page.getByTestId('text-diff').locator('td.df-add.df-code')).toContainText(['export const Outro = () => null;']);

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByTestId('diff-file').filter({ hasText: 'src/Main.tsx' }).click();
    await page.getByRole('button', { name: 'Side by side' }).click();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-diff-text-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('button', { name: 'Close compare' }).click();
    await expect(diff).toBeHidden();

    // An unsaved edit, then restore the first checkpoint: the dialog promises a safety checkpoint.
    await server.call('files.writeText', { projectId: pid, path: 'src/Main.tsx', text: MAIN_V2 + '// unsaved tweak\n' });
    await expect(page.getByTestId('workspace-state')).toContainText('1 unsaved change');
    await page.getByTestId('timeline-node').nth(0).click();
    await page.getByTestId('timeline-tab').getByRole('button', { name: 'Restore…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Restore checkpoint' });
    await expect(confirm).toContainText('safety checkpoint');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-timeline-restore-confirm.png') });
    await confirm.getByRole('button', { name: 'Restore' }).click();
    const result = page.getByTestId('restore-result');
    await expect(result).toContainText('First draft');
    await expect(result).toContainText('written');
    await expect(result).toContainText('removed');
    await expect(result).toContainText('was saved as');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-timeline-restored.png') });
    await result.getByRole('button', { name: 'Done' }).click();

    // Files are back as they were in the first checkpoint.
    expect((await server.call<{ text: string }>('files.readText', { projectId: pid, path: 'src/Main.tsx' })).text).toBe(MAIN_V1);
    expect((await server.call<{ text: string }>('files.readText', { projectId: pid, path: 'config.json' })).text).toBe(CONFIG_V1);
    expect((await server.call<{ text: string }>('files.readText', { projectId: pid, path: 'notes/old.md' })).text).toContain('To be removed.');
    const files = await server.call<{ path: string }[]>('files.list', { projectId: pid, recursive: true });
    expect(files.map((f) => f.path)).not.toContain('src/Outro.tsx');
    // The safety checkpoint joined the timeline, styled as automatic.
    await expect(page.getByTestId('timeline-node')).toHaveCount(3);
    await expect(page.locator('.tl-node.auto')).toHaveCount(1);
    await expect(page.getByTestId('workspace-state')).toHaveText('saved');

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-timeline-dark.png') });
  });

  test('zoom, render posters on nodes, and delete refused while a render points at a checkpoint', async ({ page, server }) => {
    const project = await server.call<Project>('projects.create', { name: 'With renders' });
    const pid = project.id;
    await server.call('files.writeText', { projectId: pid, path: 'src/Main.tsx', text: MAIN_V1 });
    const r = await addRender(server, pid, makeVideo(mediaDir(), 'v1.mp4'), { name: 'v1' });
    await server.call('files.writeText', { projectId: pid, path: 'src/Main.tsx', text: MAIN_V2 });
    await server.call('checkpoints.create', { projectId: pid, name: 'No render here' });

    await openProjectTab(page, server, pid, 'renders');
    await page.getByTestId('render-checkpoint-link').click();
    await expect(page).toHaveURL(new RegExp(`#/projects/${pid}/timeline/${r.checkpointId}$`));
    const node = page.locator(`[data-checkpoint-id="${r.checkpointId}"]`);
    await expect(node).toHaveAttribute('aria-pressed', 'true');
    await expect(node).toContainText('1 render');
    // The poster arrives once the media worker has made it.
    await expect(node.locator('.tl-poster img')).toBeVisible({ timeout: 15_000 });

    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect(page.getByRole('group', { name: 'Zoom' })).toContainText('125%');
    await page.getByTestId('timeline-track').hover();
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, 300);
    await page.keyboard.up('Control');
    await expect(page.getByRole('group', { name: 'Zoom' })).not.toContainText('125%');
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await expect(node.locator('.tl-poster')).toHaveCount(0);
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Zoom in' }).click();

    await node.click();
    await page.getByTestId('checkpoint-details').getByRole('button', { name: /^Delete checkpoint/ }).click();
    await page.getByRole('dialog', { name: 'Delete checkpoint' }).getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /render/i })).toBeVisible();
    await expect(page.getByTestId('timeline-node')).toHaveCount(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-timeline-renders.png') });

    // A checkpoint without renders can be deleted.
    await page.getByTestId('timeline-node').filter({ hasText: 'No render here' }).click();
    await page.getByTestId('checkpoint-details').getByRole('button', { name: /^Delete checkpoint/ }).click();
    await page.getByRole('dialog', { name: 'Delete checkpoint' }).getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByTestId('timeline-node')).toHaveCount(1);
    expect(await server.call<unknown[]>('checkpoints.list', { projectId: pid })).toHaveLength(1);
  });
});
