/**
 * `reelvault library info` says which ffmpeg and ffprobe media work runs (issue 11, defect 15),
 * run as a real process (npm test builds the CLI first) with the PATH a user could have.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaToolInfo } from '../../shared/contract.js';
import { tempDir } from '../storage/test-support/fixtures.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/electron/cli/main.js');
const OLD = {
  ffmpeg: 'ffmpeg version N-47683-g0e8eb07980-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2000-2018 the FFmpeg developers',
  ffprobe: 'ffprobe version 4.1-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2007-2018 the FFmpeg developers',
};

describe('reelvault library info (issue 11, defect 15)', () => {
  let lib: ReturnType<typeof tempDir>;
  let oldBin: string;
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
    lib = tempDir('cli-info');
    // A 2018 build as the installer package shipped it: a real executable answering -version so.
    oldBin = path.join(lib.dir, 'old-bin');
    mkdirSync(oldBin);
    for (const [tool, banner] of Object.entries(OLD)) {
      writeFileSync(path.join(oldBin, tool), `#!/bin/sh\necho '${banner}'\n`);
      chmodSync(path.join(oldBin, tool), 0o755);
    }
  });
  afterAll(() => lib.cleanup());

  function run(args: string[], env: NodeJS.ProcessEnv) {
    const r = spawnSync(process.execPath, [CLI, '--library', path.join(lib.dir, 'library'), ...args], { encoding: 'utf8', env: { ...process.env, REELVAULT_LIBRARY: '', REELVAULT_FFMPEG: '', REELVAULT_FFPROBE: '', ...env } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  it('names the current system ffmpeg and ffprobe that run, with their versions', () => {
    if (!existsSync('/usr/bin/ffmpeg')) return; // README: npm test needs ffmpeg; .ci/run installs it
    const r = run(['library', 'info'], { PATH: '/usr/bin' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ffmpeg +\S+ \(20\d\d\) — \/usr\/bin\/ffmpeg$/m);
    expect(r.out).toMatch(/^ffprobe +\S+ \(20\d\d\) — \/usr\/bin\/ffprobe$/m);
    expect(r.err).toBe('');
    const info = JSON.parse(run(['--json', 'library', 'info'], { PATH: '/usr/bin' }).out) as { media: MediaToolInfo[] };
    expect(info.media.map((t) => [t.tool, t.path, t.source, t.problem])).toEqual([['ffmpeg', '/usr/bin/ffmpeg', 'path', null], ['ffprobe', '/usr/bin/ffprobe', 'path', null]]);
  });

  it('refuses the 2018 build ahead of the current one on PATH, and says so', () => {
    if (!existsSync('/usr/bin/ffmpeg')) return;
    const r = run(['library', 'info'], { PATH: `${oldBin}:/usr/bin` });
    expect(r.out).toMatch(/^ffmpeg +\S+ \(20\d\d\) — \/usr\/bin\/ffmpeg$/m);
    expect(r.out).toContain(`refused ${oldBin}/ffmpeg: version N-47683-g0e8eb07980-static is from 2018`);
  });

  it('with only the 2018 build: none runs, loudly, and the exit is still 0', () => {
    const r = run(['library', 'info'], { PATH: oldBin });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ffmpeg +none usable \(1 outdated build refused\)$/m);
    expect(r.err).toMatch(/reelvault: ffmpeg: no current ffmpeg — refused .*old-bin\/ffmpeg: version .* is from 2018.*set REELVAULT_FFMPEG/);
    const info = JSON.parse(run(['--json', 'library', 'info'], { PATH: oldBin }).out) as { media: MediaToolInfo[] };
    expect(info.media[1]).toMatchObject({ tool: 'ffprobe', path: null, refused: [{ path: `${oldBin}/ffprobe`, buildYear: 2018 }] });
  });

  it('runs what REELVAULT_FFMPEG names, old or not, with the warning', () => {
    const r = run(['library', 'info'], { PATH: oldBin, REELVAULT_FFMPEG: `${oldBin}/ffmpeg` });
    expect(r.out).toMatch(/^ffmpeg +N-47683-g0e8eb07980-static \(2018\) — .*old-bin\/ffmpeg via REELVAULT_FFMPEG$/m);
    expect(r.err).toMatch(/it runs because REELVAULT_FFMPEG names it — untrusted media is decoded by an outdated build/);
  });
});
