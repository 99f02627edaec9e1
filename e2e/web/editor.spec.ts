import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { shootBoth } from '../support/screenshots.js';
import { expect, test } from '../fixtures.js';

interface Project {
  id: string;
  namespace: { workspacePath: string };
}

const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';
const TITLE = `import { AbsoluteFill } from 'remotion';

export const Title = () => <AbsoluteFill>Hello</AbsoluteFill>;
`;

test.describe('editing text in the app (CodeMirror)', () => {
  test('edit and save with Ctrl+S; a change on disk meanwhile is a clear conflict, never overwritten unasked', async ({ page, server }) => {
    const p = await server.call<Project>('projects.create', { name: 'Editing' });
    const ws = p.namespace.workspacePath;
    await server.call('files.writeText', { projectId: p.id, path: 'src/Title.tsx', text: TITLE });
    await server.call('files.writeText', { projectId: p.id, path: 'config.json', text: '{\n  "fps": 30\n}\n' });
    const file = path.join(ws, 'src', 'Title.tsx');
    await page.goto(server.url);
    await page.goto(`${server.origin}/#/projects/${p.id}/files`);
    const tree = page.getByTestId('file-tree');
    await tree.getByRole('treeitem', { name: 'src', exact: true }).click();
    await tree.getByRole('treeitem', { name: 'Title.tsx' }).click();
    await page.getByRole('button', { name: 'Edit Title.tsx' }).click();
    const editor = page.getByRole('textbox', { name: 'Edit src/Title.tsx' });
    await expect(editor).toBeFocused();
    await expect(editor).toContainText('export const Title');

    // Type at the end, save with Ctrl+S in the editor: the file on disk has it, and no checkpoint dialog opened.
    await page.keyboard.press(`${MOD}+End`);
    await page.keyboard.type('export const Subtitle = () => null;\n');
    await expect(page.getByTestId('editor-state')).toHaveText('● Unsaved changes');
    await shootBoth(page, 'editor');
    await page.keyboard.press(`${MOD}+s`);
    await expect(page.getByTestId('editor-state')).toHaveText('No unsaved changes');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    expect([...readFileSync(file, "utf8")].filter((ch) => ch.charCodeAt(0) > 126).map((ch) => ch.charCodeAt(0))).toEqual([]);
    expect(readFileSync(file, "utf8")).toBe(`${TITLE}export const Subtitle = () => null;\n`);

    // Another editor saves the file while ours has unsaved edits: the banner says so before any save.
    await page.keyboard.type('// mine\n');
    writeFileSync(file, 'export const Title = () => null; // theirs\n');
    const conflict = page.getByTestId('editor-conflict');
    await expect(conflict).toContainText('src/Title.tsx changed on disk since you opened it; your changes are not saved yet.');
    await shootBoth(page, 'editor-conflict');
    // Ctrl+S does not overwrite theirs.
    await editor.focus();
    await page.keyboard.press(`${MOD}+s`);
    await expect(conflict).toBeVisible();
    expect(readFileSync(file, 'utf8')).toBe('export const Title = () => null; // theirs\n');
    // Take theirs: the editor shows the disk's text, nothing unsaved.
    await conflict.getByRole('button', { name: 'Load the disk version (drop mine)' }).click();
    await expect(editor).toHaveText('export const Title = () => null; // theirs');
    await expect(page.getByTestId('editor-state')).toHaveText('No unsaved changes');
    await expect(conflict).toHaveCount(0);

    // Or keep mine, knowingly.
    await editor.focus();
    await page.keyboard.press(`${MOD}+End`);
    await page.keyboard.type('// mine again\n');
    writeFileSync(file, 'theirs again\n');
    await expect(conflict).toBeVisible();
    await conflict.getByRole('button', { name: 'Save mine over it' }).click();
    await expect(conflict).toHaveCount(0);
    expect(readFileSync(file, 'utf8')).toBe('export const Title = () => null; // theirs\n// mine again\n');

    // Deleted on disk under unsaved edits: the edits stay, and saving recreates the file on request.
    await editor.focus();
    await page.keyboard.type('// last words\n');
    rmSync(file);
    await expect(conflict).toContainText('src/Title.tsx was deleted on disk');
    await conflict.getByRole('button', { name: 'Save mine (recreate it)' }).click();
    await expect(conflict).toHaveCount(0);
    expect(readFileSync(file, 'utf8')).toContain('// last words');
  });

  test('JSON, CSS and Markdown open in the editor; an editor with nothing unsaved follows the disk; Close asks before dropping edits', async ({ page, server }) => {
    const p = await server.call<Project>('projects.create', { name: 'Kinds' });
    const ws = p.namespace.workspacePath;
    await server.call('files.writeText', { projectId: p.id, path: 'config.json', text: '{\n  "fps": 30\n}\n' });
    await server.call('files.writeText', { projectId: p.id, path: 'style.css', text: 'body { color: red; }\n' });
    await server.call('files.writeText', { projectId: p.id, path: 'README.md', text: '# Kinds\n' });
    await page.goto(server.url);
    await page.goto(`${server.origin}/#/projects/${p.id}/files`);
    const tree = page.getByTestId('file-tree');
    for (const [name, text] of [['style.css', 'color: red'], ['README.md', '# Kinds'], ['config.json', '"fps": 30']] as const) {
      await tree.getByRole('treeitem', { name }).click();
      await page.getByRole('button', { name: `Edit ${name}` }).click();
      await expect(page.getByRole('textbox', { name: `Edit ${name}` })).toContainText(text);
    }
    // Highlighted as JSON: the property name is its own token.
    await expect(page.getByTestId('code-editor').locator('.cm-line span', { hasText: '"fps"' })).toHaveCount(1);

    writeFileSync(path.join(ws, 'config.json'), '{\n  "fps": 60\n}\n');
    await expect(page.getByRole('textbox', { name: 'Edit config.json' })).toContainText('"fps": 60');

    await page.getByRole('textbox', { name: 'Edit config.json' }).focus();
    await page.keyboard.press(`${MOD}+End`);
    await page.keyboard.type('x');
    await page.getByRole('button', { name: 'Close editor' }).click();
    await expect(page.getByRole('dialog')).toContainText('What you typed since the last save is lost');
    await page.getByRole('dialog').getByRole('button', { name: 'Discard changes' }).click();
    await expect(page.getByTestId('code-view')).toContainText('"fps": 60');
    expect(readFileSync(path.join(ws, 'config.json'), 'utf8')).toBe('{\n  "fps": 60\n}\n');
    expect(existsSync(path.join(ws, 'config.json'))).toBe(true);
  });
});
