/**
 * The code-driven loop, for real: a project from the `remotion` template installs its dependencies
 * from the npm registry, renders a 1 s 320×180 composition with Debian's Chromium (from the
 * Timeline, of a checkpoint), and after an edit of the title a second checkpoint renders (from the
 * Renders tab, of the workspace). The A/B view's difference strip shows the changed frames and the
 * input diff shows the title; rendering the first checkpoint again leaves the live workspace
 * byte-identical. The install lands in a cache folder kept across runs (node_modules/.cache), so
 * only the first run on a machine pays for npm.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, ROOT, test } from '../fixtures.js';
import { openProjectTab } from '../support/renders-media.js';
import { shootBoth } from '../support/screenshots.js';

const CLI = path.join(ROOT, 'dist/electron/cli/main.js');
/** Kept between runs (npm install leaves node_modules/.cache alone): the ~300 MB Remotion install happens once per machine. */
const RENDER_CACHE = process.env.REELVAULT_E2E_RENDER_CACHE ?? path.join(ROOT, 'node_modules', '.cache', 'reelvault-e2e-render-deps');

interface Project {
  id: string;
  namespace: { workspacePath: string };
}
interface Checkpoint {
  id: string;
  name: string;
}
interface RenderJob {
  id: string;
  kind: 'render' | 'compare';
  state: string;
  renderId: string | null;
  error: string | null;
  warning: string | null;
  checkpointId: string;
}
interface Render {
  id: string;
  checkpointId: string;
  composition: string | null;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
}
interface Comparison {
  state: string;
  identical: boolean;
  changedFrames: number;
  frames: number;
}

/** Every file under a folder with its bytes' hash and mode: what "untouched" is checked against. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const abs = path.join(d, name);
      const st = statSync(abs);
      const rel = path.relative(dir, abs);
      if (st.isDirectory()) {
        out[`${rel}/`] = `dir ${st.mode & 0o777}`;
        walk(abs);
      } else {
        out[rel] = `${createHash('sha256').update(readFileSync(abs)).digest('hex')} ${st.mode & 0o777} ${st.mtimeMs}`;
      }
    }
  };
  walk(dir);
  return out;
}

test.describe('the Remotion loop: render checkpoints, see what changed (reelvault serve)', () => {
  test.describe.configure({ mode: 'serial', timeout: 8 * 60_000 });
  test.use({ serverEnv: { REELVAULT_RENDER_CACHE: RENDER_CACHE } });

  test('render a checkpoint, edit the title, render again: the strip shows the changed frames, the diff the title, the workspace stays as it was', async ({ page, server }, testInfo) => {
    // A failure here is usually npm's or Remotion's: their logs go with the report.
    test.info().annotations.push({ type: 'render cache', description: RENDER_CACHE });
    let pidForLogs = '';
    testInfo.setTimeout(8 * 60_000);
    const attachLogs = async () => {
      if (!pidForLogs) return;
      const jobs = await server.call<RenderJob[]>('renders.jobs', { projectId: pidForLogs }).catch(() => [] as RenderJob[]);
      for (const j of jobs) {
        const log = await server.call<{ text: string }>('renders.log', { jobId: j.id }).catch(() => ({ text: '' }));
        await testInfo.attach(`${j.id}.log`, { body: `${JSON.stringify(j, null, 1)}\n\n${log.text}`, contentType: 'text/plain' });
      }
    };
    try {
      await loop();
    } catch (err) {
      await attachLogs();
      throw err;
    }
    async function loop() {
    const project = await server.call<Project>('projects.create', { name: 'Title loop', template: 'remotion', fps: 30, width: 320, height: 180 });
    const pid = project.id;
    pidForLogs = pid;
    const ws = project.namespace.workspacePath;
    // A 1 s composition (the template's is 5 s).
    const root = await server.call<{ text: string }>('files.readText', { projectId: pid, path: 'src/Root.tsx' });
    expect(root.text).toContain('durationInFrames={FPS * 5}');
    await server.call('files.writeText', { projectId: pid, path: 'src/Root.tsx', text: root.text.replace('durationInFrames={FPS * 5}', 'durationInFrames={FPS}') });
    const first = await server.call<Checkpoint>('checkpoints.create', { projectId: pid, name: 'First title' });

    // 1. From the Timeline: render the checkpoint.
    await openProjectTab(page, server, pid, 'timeline');
    await page.getByTestId('timeline-node').filter({ hasText: 'First title' }).click();
    await page.getByTestId('checkpoint-details').getByTestId('render-button').click();
    const dialog = page.getByTestId('render-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('your workspace is not touched');
    // Remotion lists the compositions from the checkpoint; the first time, after npm installed the dependencies.
    const composition = dialog.getByLabel('Composition');
    await expect(composition).toBeEnabled({ timeout: 5 * 60_000 });
    await expect(composition.locator('option')).toHaveText(['Main — 320×180, 30 fps, 1.0 s']);
    await shootBoth(page, 'render-dialog');
    await dialog.getByRole('button', { name: 'Render', exact: true }).click();
    await expect(dialog).toBeHidden();

    await page.goto(`${server.origin}/#/projects/${pid}/renders`);
    await expect(page.getByTestId('render-row')).toHaveCount(1, { timeout: 3 * 60_000 });
    const [r1] = await server.call<Render[]>('renders.list', { projectId: pid });
    expect(r1).toMatchObject({ checkpointId: first.id, composition: 'Main', width: 320, height: 180 });
    expect(r1?.durationSeconds).toBeCloseTo(1, 1);

    // 2. Edit the title (the composition's props), checkpoint, render the workspace from the Renders tab.
    await server.call('files.writeText', { projectId: pid, path: 'src/props.json', text: JSON.stringify({ title: 'Second title' }, null, 2) + '\n' });
    const second = await server.call<Checkpoint>('checkpoints.create', { projectId: pid, name: 'Second title' });
    await page.getByTestId('renders-tab').getByTestId('render-button').click();
    await expect(dialog.getByLabel('Composition')).toBeEnabled({ timeout: 2 * 60_000 });
    await dialog.getByRole('button', { name: 'Render', exact: true }).click();
    const job = page.getByTestId('render-job');
    await expect(job).toBeVisible();
    await expect(job.getByTestId('render-job-detail')).toContainText(/Bundling|Rendering|Encoding/, { timeout: 60_000 });
    await shootBoth(page, 'render-progress');
    await expect(page.getByTestId('render-row')).toHaveCount(2, { timeout: 3 * 60_000 });
    const jobs = await server.call<RenderJob[]>('renders.jobs', { projectId: pid });
    // The workspace matched "Second title": that checkpoint was reused, not a new one made.
    expect(jobs.filter((j) => j.kind === 'render' && j.state === 'done').map((j) => j.checkpointId).sort()).toEqual([first.id, second.id].sort());
    expect(jobs.every((j) => j.warning === null)).toBe(true);

    // 3. The newest render, compared with the previous checkpoint's render of the same composition.
    await page.getByTestId('render-row').first().click();
    const compareWith = page.getByTestId('compare-with');
    await expect(compareWith.getByLabel('Compare with render')).toHaveValue(r1?.id as string);
    await compareWith.getByRole('button', { name: 'Compare A/B' }).click();
    const strip = page.getByTestId('difference-strip');
    await expect(strip).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(strip).toHaveAttribute('data-identical', 'false');
    const changed = Number(await strip.getAttribute('data-changed'));
    expect(changed).toBeGreaterThan(0);
    await expect(page.getByTestId('difference-summary')).toContainText(`${changed} of 30 frames changed`);
    // The input that changed, beside it: the props file, its key and the new title.
    const inputs = page.getByTestId('input-changes');
    await expect(inputs.getByTestId('input-change').first()).toContainText('src/props.json');
    await expect(inputs).toContainText('title');
    await expect(inputs).toContainText('+  "title": "Second title"');
    // A click on the strip's biggest change moves the playhead there.
    const r2 = (await server.call<Render[]>('renders.list', { projectId: pid }))[0] as Render;
    const stored = await server.call<Comparison & { worst: { frame: number } }>('renders.compare', { a: r1?.id, b: r2.id });
    expect(stored).toMatchObject({ state: 'done', changedFrames: changed, frames: 30 });
    await page.getByTestId('jump-biggest').click();
    await expect(page.getByTestId('diff-view').getByTestId('timecode')).toContainText(`f${stored.worst.frame}`);
    await shootBoth(page, 'render-compare');
    await page.getByRole('button', { name: 'Close compare' }).click();

    // 4. The first checkpoint again: rendered from its blobs; the live workspace is byte-for-byte what it was.
    const before = snapshot(ws);
    expect(Object.keys(before)).not.toContain('node_modules/');
    const again = await server.call<RenderJob>('renders.make', { projectId: pid, checkpointId: first.id, composition: 'Main', wait: true });
    expect(again).toMatchObject({ state: 'done', checkpointId: first.id, error: null });
    expect(snapshot(ws)).toEqual(before);
    const same = await server.call<Comparison>('renders.compare', { a: r1?.id, b: again.renderId, wait: true });
    expect(same).toMatchObject({ state: 'done', changedFrames: 0, frames: 30 });
    }
  });

  test('a render that cannot run says why, keeps its log and offers a retry', async ({ page, server }) => {
    // Not a Remotion project: the job fails before npm or a browser is needed.
    const project = await server.call<Project>('projects.create', { name: 'Plain folder' });
    await server.call('files.writeText', { projectId: project.id, path: 'package.json', text: '{ "name": "plain" }\n' });
    await openProjectTab(page, server, project.id, 'renders');
    await page.getByTestId('render-button').first().click();
    const dialog = page.getByTestId('render-dialog');
    await expect(dialog.getByRole('alert')).toContainText('not a Remotion project');
    await dialog.getByRole('button', { name: 'Render', exact: true }).click();
    const job = page.getByTestId('render-job');
    await expect(job).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
    await expect(job.getByTestId('render-job-error')).toContainText('does not depend on @remotion/cli');
    await job.getByRole('button', { name: 'Show log' }).click();
    const log = page.getByTestId('render-log');
    await expect(log).toContainText('[reelvault] failed:');
    await expect(log).toContainText(path.join(server.libraryDir, 'logs', 'renders'));
    await shootBoth(page, 'render-failed-log');
    await log.getByRole('button', { name: 'Close' }).click();
    await expect(job.getByRole('button', { name: 'Retry' })).toBeVisible();
    await job.getByRole('button', { name: 'Dismiss' }).click();
    await expect(job).toBeHidden();
  });

  test('the template installs one Remotion version: `remotion versions` finds no mismatch', async () => {
    const lib = mkdtempSync(path.join(os.tmpdir(), 'reelvault-e2e-versions-'));
    const env = { ...process.env, REELVAULT_LIBRARY: '', REELVAULT_RENDER_CACHE: RENDER_CACHE };
    const run = (args: string[]) => execFileSync(process.execPath, [CLI, '--library', lib, '--user', 'e2e', ...args], { env, encoding: 'utf8' });
    try {
      const p = JSON.parse(run(['--json', 'project', 'create', 'Versions', '--template', 'remotion'])) as Project;
      // Installs (or finds in the cache) and runs the project's Remotion once.
      expect(JSON.parse(run(['--json', 'render', 'compositions', p.id])) as { id: string }[]).toEqual([expect.objectContaining({ id: 'Main' })]);
      const pkg = JSON.parse(readFileSync(path.join(p.namespace.workspacePath, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      const pinned = pkg.dependencies.remotion as string;
      expect(pkg.dependencies['@remotion/cli']).toBe(pinned);
      const entry = readdirSync(RENDER_CACHE)
        .map((k) => path.join(RENDER_CACHE, k))
        .find((d) => existsSync(path.join(d, '.reelvault-complete')) && readFileSync(path.join(d, 'package.json'), 'utf8').includes(`"remotion": "${pinned}"`));
      expect(entry, 'a cached install of the template').toBeTruthy();
      const nm = path.join(entry as string, 'node_modules');
      const installed = readdirSync(path.join(nm, '@remotion')).map((n) => [`@remotion/${n}`, (JSON.parse(readFileSync(path.join(nm, '@remotion', n, 'package.json'), 'utf8')) as { version: string }).version]);
      installed.push(['remotion', (JSON.parse(readFileSync(path.join(nm, 'remotion', 'package.json'), 'utf8')) as { version: string }).version]);
      for (const [name, version] of installed) expect(version, name).toBe(pinned);
      // Remotion's own check, in a copy of the project with the installed node_modules.
      const copy = mkdtempSync(path.join(os.tmpdir(), 'reelvault-e2e-versions-project-'));
      try {
        writeFileSync(path.join(copy, 'package.json'), JSON.stringify(pkg));
        symlinkSync(nm, path.join(copy, 'node_modules'), 'junction');
        const said = execFileSync(process.execPath, [path.join(nm, '@remotion/cli/remotion-cli.js'), 'versions'], { cwd: copy, env: { ...process.env, CI: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        expect(said).toContain('All packages have the correct version.');
        expect(said).not.toMatch(/Version mismatch/i);
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    } finally {
      rmSync(lib, { recursive: true, force: true });
    }
  });
});
