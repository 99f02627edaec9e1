import { expect, test } from '../fixtures.js';
import { shootBoth } from '../support/screenshots.js';

interface Project {
  id: string;
}

test('a timeline node’s change count agrees with its diff, folders included', async ({ page, server }) => {
  const p = await server.call<Project>('projects.create', { name: 'Counts' });
  await server.call('files.writeText', { projectId: p.id, path: 'a.txt', text: 'a' });
  await server.call('files.writeText', { projectId: p.id, path: 'b.txt', text: 'b' });
  await server.call('checkpoints.create', { projectId: p.id, name: 'v1' });
  // 2 modified; added: 2 folders and 3 files in them.
  await server.call('files.writeText', { projectId: p.id, path: 'a.txt', text: 'a2' });
  await server.call('files.writeText', { projectId: p.id, path: 'b.txt', text: 'b2' });
  for (const f of ['scenes/Intro.tsx', 'scenes/Outro.tsx', 'audio/theme.txt']) await server.call('files.writeText', { projectId: p.id, path: f, text: f });
  await server.call('checkpoints.create', { projectId: p.id, name: 'v2' });
  const diff = await server.call<{ counts: { added: number; modified: number } }>('checkpoints.diff', { projectId: p.id, a: { checkpointId: (await server.call<{ id: string }[]>('checkpoints.list', { projectId: p.id }))[0]!.id }, b: { checkpointId: (await server.call<{ id: string }[]>('checkpoints.list', { projectId: p.id }))[1]!.id }, content: false });

  await page.goto(server.url);
  await page.goto(`${server.origin}/#/projects/${p.id}/timeline`);
  const second = page.getByTestId('timeline-node').nth(1);
  await expect(second.getByTestId('node-changes')).toHaveText(`${diff.counts.modified} modified · ${diff.counts.added} added`);
  await page.mouse.move(0, 0);
  await shootBoth(page, 'timeline-counts');
  // Open the compare view of v1 → v2: its summary has the same numbers.
  await second.click();
  await page.getByRole('button', { name: 'Compare with previous' }).click();
  const summary = page.getByTestId('diff-summary');
  await expect(summary).toContainText(`${diff.counts.modified} modified`);
  await expect(summary).toContainText(`${diff.counts.added} added`);
  await page.mouse.move(0, 0);
  await shootBoth(page, 'timeline-counts-diff');
});
