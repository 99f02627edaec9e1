import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { shootBoth } from '../support/screenshots.js';
import { uploadBytes } from '../support/seed-assets.js';
import { expect, test } from '../fixtures.js';

test('the Library screen verifies, repairs and backs up from the browser, with progress and results', async ({ page, server }) => {
  const backupDir = path.join(path.dirname(server.libraryDir), `${path.basename(server.libraryDir)} backup`);
  test.info().annotations.push({ type: 'backup', description: backupDir });
  try {
    const ups = [];
    for (let i = 0; i < 4; i++) ups.push(await uploadBytes(server, `note-${i}.txt`, `note number ${i}\n`.repeat(50)));
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Library' }).click();
    await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible();

    const verify = page.getByTestId('lib-verify');
    await verify.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect(page.getByTestId('verify-result')).toContainText('All good · 4 stored files checked');

    // Damage one stored file on disk: a full check finds it, repair quarantines it.
    const sha = ups[0]!.asset!.sha256;
    const blob = path.join(server.libraryDir, 'blobs', 'sha256', sha.slice(0, 2), sha);
    chmodSync(blob, 0o644);
    writeFileSync(blob, 'rotten bytes, same name');
    await verify.getByRole('button', { name: 'Full check' }).click();
    await expect(page.getByTestId('verify-result')).toContainText('1 problem found');
    await expect(page.getByTestId('verify-result')).toContainText(sha);
    await page.getByTestId('lib-repair').getByRole('button', { name: 'Repair' }).click();
    await expect(page.getByTestId('repair-result')).toContainText('1 quarantined');
    await expect(page.getByTestId('repair-result')).toContainText('1 asset and 0 renders marked missing');

    // Back up into the host's own folder beside the library: the browser names no path.
    const backup = page.getByTestId('lib-backup');
    await expect(page.getByTestId('backup-dir')).toHaveText(backupDir);
    await backup.getByRole('button', { name: 'Back up now' }).click();
    const result = page.getByTestId('backup-result');
    await expect(result).toContainText(`Backed up into ${backupDir}`);
    await expect(result).toContainText('3 stored files copied');
    expect(existsSync(path.join(backupDir, 'library.db'))).toBe(true);
    expect(existsSync(path.join(backupDir, 'reelvault-backup.json'))).toBe(true);
    // A backup, not a library (it has no library marker).
    expect(existsSync(path.join(backupDir, 'reelvault-library.json'))).toBe(false);
    await expect(backup.getByRole('button', { name: 'Back up to folder…' })).toHaveCount(0);
    await expect(result).toContainText('1 stored file the catalog names not in the library');
    await result.scrollIntoViewIfNeeded();
    await shootBoth(page, 'library');
    // Again: incremental, nothing new to copy.
    await backup.getByRole('button', { name: 'Back up now' }).click();
    await expect(result).toContainText('0 stored files copied (0 B), 3 already there');
  } finally {
    rmSync(backupDir, { recursive: true, force: true });
  }
});
