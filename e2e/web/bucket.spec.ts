/**
 * A library's content in an S3 bucket, through the web host in Debian's Chromium, against the real
 * single-node Ceph (started here when it is not running; scripts/ceph-s3.sh). The server talks to a
 * radosgw of this spec's own on the same cluster, so stopping it — "the bucket cannot be reached" —
 * leaves every other test's server alone. The keys reach `reelvault serve` through its environment,
 * as a user's would; the page never sees them, and they are in no file of the library nor the log.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { expect, SCREENSHOTS, test as base } from '../fixtures.js';
import { makeTestMedia } from '../support/media-files.js';
import { makeVideo, mediaDir } from '../support/renders-media.js';
import { shootBoth } from '../support/screenshots.js';
import { blobKey, headObject, writeRandomFile } from '../../electron/storage/remote/test-support/remote-fixtures.js';
import { adminClient, faultServer, removeTestPrefixes, s3Target, uniquePrefix, type FaultServer, type S3Target } from '../../electron/storage/remote/test-support/s3-server.js';

const PORT = 7491;
const MiB = 1024 * 1024;
let target: S3Target;
let rgw: FaultServer;

const test = base.extend({
  // Playwright reads a fixture's dependencies from its destructuring pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  serverEnv: async ({}, use) => {
    const t = await s3Target();
    await use({ AWS_ACCESS_KEY_ID: t.accessKey, AWS_SECRET_ACCESS_KEY: t.secretKey, AWS_PROFILE: '', REELVAULT_S3_CONNECT_TIMEOUT_MS: '2000' });
  },
});

test.beforeAll(async () => {
  test.setTimeout(600_000);
  target = await s3Target();
  rgw = faultServer(target, 'e2e-web', PORT);
  rgw.start();
});
test.afterAll(async () => {
  rgw?.stop();
  // What the test wrote under its prefix goes (and nothing may be left: removeTestPrefixes checks).
  await removeTestPrefixes();
});

/** Drops files onto the page as a desktop drag would (a real DataTransfer of File objects). */
async function dropFiles(page: Page, files: { name: string; type: string; bytes: Buffer }[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    (list: { name: string; type: string; base64: string }[]) => {
      const dt = new DataTransfer();
      for (const f of list) {
        const bin = atob(f.base64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        dt.items.add(new File([bytes], f.name, { type: f.type }));
      }
      return dt;
    },
    files.map((f) => ({ name: f.name, type: f.type, base64: f.bytes.toString('base64') })),
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
}

/** Presses Tab until the element has focus (a keyboard user can reach it), at most `max` times. */
async function tabTo(page: Page, el: Locator, max = 25): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await el.evaluate((n) => n === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(el, `reachable with Tab within ${max} presses`).toBeFocused();
}

/** Every byte of the library folder's files (the catalog, its WAL and journal, settings, logs), to look for a key in. */
function libraryBytes(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        try {
          parts.push(readFileSync(p).toString('latin1'));
        } catch (err) {
          // A rollback journal or temp file the running server just removed.
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
    }
  };
  walk(dir);
  return parts.join('\n');
}

/** "Uploading · 31 MB left · 12 MB/s" → 31,000,000 bytes (sizes are shown in decimal units; NaN when it says no amount). */
function leftBytes(text: string): number {
  const m = /· ([\d.]+) (GB|MB|kB|B) left/.exec(text);
  const unit = { GB: 1e9, MB: 1e6, kB: 1e3, B: 1 } as const;
  return m ? Number(m[1]) * unit[m[2] as keyof typeof unit] : NaN;
}

const blobPath = (libraryDir: string, sha: string) => path.join(libraryDir, 'blobs', 'sha256', sha.slice(0, 2), sha);

test.describe('content in an S3 bucket (reelvault serve + Ceph)', () => {
  test.describe.configure({ timeout: 240_000 });

  test('connect a bucket in Settings, watch the outbox drain in the status bar, pause and resume, evict, lose the server: "not available offline"', async ({ page, server, browser }) => {
    const project = await server.call<{ id: string }>('projects.create', { name: 'Harbour film' });
    await server.call('files.writeText', { projectId: project.id, path: 'src/Main.tsx', text: 'export const Main = () => null;\n' });
    const prefix = uniquePrefix('e2e-web');
    const url = `s3://${target.bucket}/${prefix}`;
    const s3 = adminClient(target, rgw.endpoint);
    // Every answer the page gets from the host, to look for a key in.
    const answers: Promise<string>[] = [];
    page.on('response', (r) => {
      // JSON answers only: the event stream never ends.
      if (new URL(r.url()).pathname.startsWith('/api/') && (r.headers()['content-type'] ?? '').includes('json')) answers.push(r.text().catch(() => ''));
    });

    // --- Connect from the settings screen, by keyboard. The browser is told where keys come from, and asks for none.
    await page.goto(server.url);
    await page.goto(`${server.origin}/#/settings`);
    const section = page.getByTestId('settings-bucket');
    await expect(section.getByTestId('bucket-form')).toBeVisible();
    await expect(section.getByTestId('bucket-keys-env')).toContainText('AWS_ACCESS_KEY_ID');
    await expect(section.getByTestId('bucket-access-key')).toHaveCount(0);
    await expect(section.locator('input[type="password"]')).toHaveCount(0);
    const bucketField = section.getByLabel('Bucket', { exact: true });
    await tabTo(page, bucketField, 60);
    await page.keyboard.type(url);
    await page.keyboard.press('Tab');
    await expect(section.getByLabel('Endpoint')).toBeFocused();
    await page.keyboard.type(rgw.endpoint);
    await page.keyboard.press('Tab');
    await expect(section.getByLabel('Region')).toBeFocused();
    await page.keyboard.type('us-east-1');
    await page.keyboard.press('Tab');
    await expect(section.getByLabel('Path-style addressing')).toBeFocused();
    await expect(section.getByLabel('Path-style addressing')).toBeChecked();
    await page.keyboard.press('Tab');
    await expect(section.getByLabel('Create the bucket if it does not exist')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(section.getByTestId('bucket-connect')).toBeFocused();
    await section.scrollIntoViewIfNeeded();
    await shootBoth(page, 'bucket-connect');
    // Enter in a field submits the form.
    await section.getByLabel('Region').press('Enter');
    await expect(section.getByTestId('bucket-url')).toHaveText(url, { timeout: 15_000 });
    await expect(section.getByTestId('bucket-upload')).toContainText('Up to date');
    await expect(page.getByTestId('upload-status-text')).toHaveText('All in the bucket');
    // The prefix is claimed in the bucket with the library's marker.
    expect((await s3.send(new ListObjectsV2Command({ Bucket: target.bucket, Prefix: `${prefix}/` }))).KeyCount).toBeGreaterThan(0);

    // "Change endpoint or keys…" opens the form with focus in it; Escape leaves it, focus back on the button.
    await section.getByTestId('bucket-edit').click();
    await expect(section.getByLabel('Bucket', { exact: true })).toBeFocused();
    await expect(section.getByLabel('Bucket', { exact: true })).toHaveValue(url);
    await page.keyboard.press('Escape');
    await expect(section.getByTestId('bucket-form')).toHaveCount(0);
    await expect(section.getByTestId('bucket-edit')).toBeFocused();

    // --- Pause the upload in the jobs panel (status bar → Enter, Tab to Pause → Enter), store new work: the status bar says what waits.
    const uploadButton = page.getByTestId('upload-status');
    await uploadButton.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('jobs-panel');
    await expect(panel).toBeVisible();
    await tabTo(page, panel.getByTestId('upload-job').getByRole('button', { name: 'Pause' }));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('upload-status-text')).toHaveText('Upload paused · all in the bucket');
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    await expect(uploadButton).toBeFocused();

    await page.goto(`${server.origin}/#/projects/${project.id}/renders`);
    await page.getByTestId('add-render-input').setInputFiles(makeVideo(mediaDir(), 'harbour-cut.mp4'));
    await expect(page.getByText('Added the render “harbour-cut.mp4”')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('render-row').filter({ hasText: 'harbour-cut.mp4' })).toContainText('320×240', { timeout: 30_000 });
    const media = makeTestMedia();
    await page.goto(`${server.origin}/#/assets`);
    await dropFiles(page, [{ name: 'pier.mp4', type: 'video/mp4', bytes: media.mp4 }]);
    await expect(page.getByTestId('import-summary')).toContainText('1 imported', { timeout: 20_000 });
    await page.getByRole('button', { name: 'Close import panel' }).click();
    const tile = page.getByTestId('asset-tile').filter({ hasText: 'pier.mp4' });
    await expect(tile.locator('img.tile-poster')).toBeVisible({ timeout: 30_000 });
    // And a bigger file, so the drain takes long enough to be seen (uploaded by the browser first).
    const big = path.join(mediaDir(), 'pier-raw.bin');
    const bigSha = writeRandomFile(big, 96 * MiB, 'e2e-bucket');
    await page.getByLabel('Files to import').setInputFiles(big);
    await expect(page.getByTestId('import-summary')).toContainText('1 imported', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Close import panel' }).click();
    const status = page.getByTestId('upload-status-text');
    await expect(status).toHaveText(/^Upload paused · 10\d(\.\d)? MB not uploaded$/, { timeout: 10_000 });
    // Paused: nothing of it reached the bucket.
    expect(await headObject(s3, target.bucket, blobKey(prefix, bigSha))).toBeNull();
    await uploadButton.click();
    await expect(panel.getByTestId('upload-job-left')).toContainText(/^\d+ files \(10\d(\.\d)? MB\) not yet in the bucket/);
    await expect(panel.getByTestId('upload-job').locator('.upload-state')).toHaveText('Paused');
    await shootBoth(page, 'bucket-upload-paused');

    // --- Resume: the outbox drains, the status bar follows (every text it showed is recorded).
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid="upload-status-text"]') as Element;
      const seen: string[] = [];
      (window as unknown as { uploadTexts: string[] }).uploadTexts = seen;
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await panel.getByTestId('upload-job').getByRole('button', { name: 'Resume' }).click();
    // While it runs: the rate and what is left, in the panel (a screenshot when the run is slow enough to catch).
    const running = panel.getByTestId('upload-job-left').filter({ hasText: /MB\/s · about .+ left/ });
    if (await running.waitFor({ timeout: 4000 }).then(() => true, () => false)) await page.screenshot({ path: path.join(SCREENSHOTS, 'web-bucket-uploading-light.png') });
    await expect(status).toHaveText('All in the bucket', { timeout: 60_000 });
    const shown = await page.evaluate(() => (window as unknown as { uploadTexts: string[] }).uploadTexts);
    console.log(`status bar while draining: ${shown.join(' | ')}`);
    const uploading = shown.filter((t) => t.startsWith('Uploading'));
    expect(uploading.length, shown.join(' | ')).toBeGreaterThan(0);
    // What is left only goes down, and no stale "waiting" line shows once the run started.
    const left = uploading.map(leftBytes);
    expect(left.every((v, i) => Number.isFinite(v) && (i === 0 || v <= (left[i - 1] as number))), shown.join(' | ')).toBe(true);
    expect(shown.filter((t) => / to upload$/.test(t)), shown.join(' | ')).toEqual([]);
    await expect(panel.getByTestId('upload-job-left')).toHaveText('Everything is in the bucket');
    await page.keyboard.press('Escape');
    // In the bucket: the whole file, its hash in the object's metadata.
    const head = await headObject(s3, target.bucket, blobKey(prefix, bigSha));
    expect(head?.ContentLength).toBe(96 * MiB);
    expect(head?.Metadata?.sha256).toBe(bigSha);

    // --- Evict: a budget of "only what must stay" removes what the bucket holds from this disk (posters stay).
    await page.goto(`${server.origin}/#/settings`);
    await expect(section.getByTestId('bucket-cache')).toContainText(/^10\d(\.\d)? MB of /);
    await section.getByTestId('bucket-budget').selectOption('0');
    await expect(section.getByTestId('bucket-counts')).toContainText(/ · \d+ of them \(.+\) only there, not available offline/, { timeout: 15_000 });
    expect(existsSync(blobPath(server.libraryDir, bigSha))).toBe(false);
    await expect(section.getByTestId('bucket-cache')).not.toContainText(/^9\d/);
    await page.evaluate(() => document.querySelector('[data-testid="settings-bucket"]')?.scrollIntoView({ block: 'start' }));
    await shootBoth(page, 'bucket-connected');

    // --- The bucket cannot be reached. A fresh browser session, so nothing comes from its cache.
    rgw.stop();
    const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
    const offline = await context.newPage();
    await offline.goto(server.url);
    await offline.goto(`${server.origin}/#/projects/${project.id}/renders`);
    const notice = offline.getByTestId('player').getByTestId('media-offline');
    // The host answers 503 OFFLINE at once; the page's check after a dropped error event (React drops
    // events that reach an element before its tree is committed) comes within a few seconds.
    await expect(notice).toContainText('Not available offline', { timeout: 15_000 });
    await expect(offline.getByTestId('player-video')).toHaveCount(0);
    await expect(notice.getByRole('button', { name: 'Try again' })).toBeVisible();
    await shootBoth(offline, 'bucket-render-offline');
    // Download says why it cannot, instead of a failed download in the browser's list.
    let downloads = 0;
    offline.on('download', () => downloads++);
    await offline.getByRole('button', { name: 'Download' }).click();
    await expect(offline.getByText('Not available offline: this render is only in the library’s bucket')).toBeVisible();
    expect(downloads).toBe(0);

    await offline.goto(`${server.origin}/#/assets`);
    const offlineTile = offline.getByTestId('asset-tile').filter({ hasText: 'pier.mp4' });
    // Its poster stays on this disk (derived images are never evicted).
    await expect(offlineTile.locator('img.tile-poster')).toBeVisible();
    await offlineTile.click();
    await offline.keyboard.press('Enter');
    await expect(offline.getByTestId('asset-detail').getByTestId('media-offline')).toContainText('Not available offline', { timeout: 15_000 });

    // New work while offline waits in the outbox, and the status bar says so.
    await dropFiles(offline, [{ name: 'notes.txt', type: 'text/plain', bytes: Buffer.from('shot list while offline\n') }]);
    await expect(offline.getByTestId('upload-status-text')).toHaveText(/^Offline · .+ not uploaded$/, { timeout: 20_000 });
    await offline.getByTestId('upload-status').click();
    await expect(offline.getByTestId('upload-job-error')).toContainText('cannot be reached');
    await shootBoth(offline, 'bucket-asset-offline');
    await offline.screenshot({ path: path.join(SCREENSHOTS, 'web-bucket-offline-statusbar.png'), clip: { x: 0, y: 700, width: 1200, height: 60 } });

    // Retry now while the server is still down: it tries (the error says so again), nothing is lost.
    const offlinePanel = offline.getByTestId('jobs-panel');
    const outboxBefore = await offline.getByTestId('upload-status-text').textContent();
    await tabTo(offline, offlinePanel.getByRole('button', { name: 'Retry now' }));
    await offline.keyboard.press('Enter');
    await expect(offline.getByTestId('upload-job-error')).toContainText('cannot be reached', { timeout: 15_000 });
    await expect(offline.getByTestId('upload-status-text')).toHaveText(outboxBefore as string);

    // Back online: the outbox drains by itself once its backoff is up, or at once with Retry now
    // (pressed when still offered: the job may have got there first). "Try again" plays the asset,
    // streamed from the bucket.
    rgw.start();
    await offlinePanel
      .getByRole('button', { name: 'Retry now' })
      .click({ timeout: 3000 })
      .catch(() => console.log('the upload resumed by itself before Retry now was pressed'));
    await expect(offline.getByTestId('upload-status-text')).toHaveText('All in the bucket', { timeout: 60_000 });
    await offline.keyboard.press('Escape');
    await offline.getByTestId('asset-detail').getByRole('button', { name: 'Try again' }).click();
    await expect(offline.getByTestId('asset-detail').locator('video')).toBeVisible();
    await expect(offline.getByTestId('asset-detail').getByTestId('media-offline')).toHaveCount(0);

    // --- The keys are nowhere but the server's environment: not the page, its answers, the log, or the library folder.
    for (const p of [page, offline]) {
      const html = await p.content();
      const text = await p.evaluate(() => document.body.innerText);
      for (const key of [target.secretKey, target.accessKey]) {
        expect(html.includes(key), 'a key in the page').toBe(false);
        expect(text.includes(key), 'a key in the page text').toBe(false);
      }
    }
    const bodies = await Promise.all(answers);
    expect(bodies.length).toBeGreaterThan(10);
    expect(bodies.some((b) => b.includes(target.secretKey) || b.includes(target.accessKey)), 'a key in an API answer').toBe(false);
    expect(server.output().length).toBeGreaterThan(0);
    expect(server.output().includes(target.secretKey), 'the secret key in the server log').toBe(false);
    const lib = libraryBytes(server.libraryDir);
    expect(lib.length).toBeGreaterThan(1000);
    expect(lib.includes(prefix), 'the bucket is recorded in the catalog').toBe(true);
    expect(lib.includes(target.secretKey), 'the secret key in the library folder').toBe(false);
    expect(lib.includes(target.accessKey), 'the access key in the library folder').toBe(false);
    await context.close();
    s3.destroy();
  });
});
