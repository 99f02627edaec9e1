import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../fixtures.js';
import { shootBoth } from '../support/screenshots.js';

/** A folder holding only 2018 builds, as the npm installer package shipped them (real executables answering -version). */
function oldBuilds(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'reelvault-e2e-old-ff-')), 'bin');
  mkdirSync(dir);
  const banners = {
    ffmpeg: 'ffmpeg version N-47683-g0e8eb07980-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2000-2018 the FFmpeg developers',
    ffprobe: 'ffprobe version N-47683-g0e8eb07980-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2007-2018 the FFmpeg developers',
  };
  for (const [tool, banner] of Object.entries(banners)) {
    writeFileSync(path.join(dir, tool), `#!/bin/sh\necho '${banner}'\n`);
    chmodSync(path.join(dir, tool), 0o755);
  }
  return dir;
}

test.describe('which ffmpeg runs, in the status bar (reelvault serve)', () => {
  test('the current system build, with its version and path', async ({ page, server }) => {
    await page.goto(server.url);
    const status = page.getByTestId('media-tools-status');
    await expect(status).toHaveText(/^ffmpeg \d+\.\d+/);
    await expect(status).not.toHaveClass(/has-problem/);
    await status.click();
    await expect(page.getByTestId('media-tool-ffmpeg')).toContainText(/\(20\d\d\) — \/usr\/bin\/ffmpeg/);
    await expect(page.getByTestId('media-tool-ffprobe')).toContainText(/\(20\d\d\) — \/usr\/bin\/ffprobe/);
    await shootBoth(page, 'media-tools');
  });

  test.describe('with only a 2018 build on PATH', () => {
    const bin = oldBuilds();
    test.use({ serverEnv: { PATH: bin, REELVAULT_FFMPEG: '', REELVAULT_FFPROBE: '' } });
    test.afterAll(() => rmSync(path.dirname(bin), { recursive: true, force: true }));

    test('none runs, and the status bar says so with what was refused', async ({ page, server }) => {
      await page.goto(server.url);
      const status = page.getByTestId('media-tools-status');
      await expect(status).toHaveText('⚠no current ffmpeg, no current ffprobe');
      await expect(status).toHaveClass(/has-problem/);
      await status.click();
      const ffmpeg = page.getByTestId('media-tool-ffmpeg');
      await expect(ffmpeg).toContainText('none usable (1 outdated build refused)');
      await expect(ffmpeg).toContainText(/Refused \S+\/ffmpeg: version N-47683-g0e8eb07980-static is from 2018, \d+ years old/);
      await expect(ffmpeg).toContainText('or set REELVAULT_FFMPEG to one you trust.');
      await shootBoth(page, 'media-tools-refused');
    });
  });
});
