import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { shootBoth } from '../support/screenshots.js';
import { expect, ROOT, test } from '../fixtures.js';

interface Project {
  id: string;
  name: string;
}

const CLI = path.join(ROOT, 'dist/electron/cli/main.js');

test('a second project of a taken name is warned about at creation, and the CLI says which projects match', async ({ page, server }) => {
  const first = await server.call<Project>('projects.create', { name: 'Launch teaser' });
  await page.goto(server.url);
  await page.getByRole('button', { name: /New project/ }).first().click();
  const dialog = page.getByTestId('create-dialog');
  await dialog.getByLabel('Project name').fill('launch teaser ');
  const warning = dialog.getByTestId('same-name-warning');
  await expect(warning).toContainText('A project named “launch teaser” already exists: personal, created just now');
  await shootBoth(page, 'create-duplicate-name');
  // Another name: no warning.
  await dialog.getByLabel('Project name').fill('Launch teaser v2');
  await expect(warning).toHaveCount(0);
  // Created anyway: allowed.
  await dialog.getByLabel('Project name').fill('Launch teaser');
  await dialog.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('heading', { name: 'Launch teaser' })).toBeVisible();
  const both = (await server.call<Project[]>('projects.list', {})).filter((p) => p.name === 'Launch teaser');
  expect(both).toHaveLength(2);

  // The case: `checkpoint ls "Launch teaser"` — now it names both, with their ids.
  let err = '';
  try {
    execFileSync(process.execPath, [CLI, '--library', server.libraryDir, '--user', 'e2e', 'checkpoint', 'ls', 'Launch teaser'], { env: { ...process.env, REELVAULT_LIBRARY: '' }, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    err = String((e as { stderr?: string }).stderr);
  }
  expect(err).toContain('2 projects are named "Launch teaser"; use an id:');
  for (const p of both) expect(err).toContain(p.id);
  expect(err).toContain(first.id);
});
