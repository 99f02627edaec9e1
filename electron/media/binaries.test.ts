/**
 * Issue 11, defect 15: a 2018 ffmpeg (from @ffmpeg-installer) decoded untrusted media, preferred
 * over a current system ffmpeg. Real binaries where this machine has them; old builds are tiny
 * shell scripts printing a real 2018 banner — real executables, resolved and run as ffmpeg would be.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeTool, isExecutableFile, resolveBinary, unavailableReason } from './binaries.js';
import { MediaError } from './media-error.js';
import { probeMedia } from './probe.js';
import { parseToolVersion, staleReason } from './tool-version.js';
import { useTempDir } from './test-support/temp-dir.js';

const dir = useTempDir('binaries');
const NOW = new Date('2026-12-01T00:00:00Z');
const THIS_YEAR = new Date().getUTCFullYear();

/**
 * First lines of -version, copied from the binaries they came from: the two installer packages
 * this app used to ship (@ffmpeg-installer/linux-x64 4.1.0, @ffprobe-installer/linux-x64 5.2.0)
 * and Debian 12's current package.
 */
const REAL = {
  installerFfmpeg2018: 'ffmpeg version N-47683-g0e8eb07980-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2000-2018 the FFmpeg developers\nbuilt with gcc 6.3.0 (Debian 6.3.0-18+deb9u1) 20170516\n',
  installerFfprobe2023: 'ffprobe version N-66595-gc2b38619c0-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2007-2023 the FFmpeg developers\nbuilt with gcc 8 (Debian 8.3.0-6)\n',
  debian12: 'ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers\nbuilt with gcc 12 (Debian 12.2.0-14+deb12u1)\n',
};

/** A real executable named `tool` in its own folder, answering -version with `banner`. */
function fakeTool(folder: string, tool: string, banner: string): string {
  const d = path.join(dir, folder);
  mkdirSync(d, { recursive: true });
  const p = path.join(d, tool);
  writeFileSync(p, `#!/bin/sh\ncat <<'EOF'\n${banner}EOF\n`);
  chmodSync(p, 0o755);
  return p;
}
const banner = (tool: string, year: number, version = '6.1.2') => `${tool} version ${version} Copyright (c) 2000-${year} the FFmpeg developers\nbuilt with gcc 13\n`;

describe('ffmpeg version banners (issue 11, defect 15)', () => {
  it('reads version and source year from the real banners', () => {
    expect(parseToolVersion(REAL.installerFfmpeg2018)).toEqual({ program: 'ffmpeg', version: 'N-47683-g0e8eb07980-static', release: null, buildYear: 2018 });
    expect(parseToolVersion(REAL.installerFfprobe2023)).toEqual({ program: 'ffprobe', version: 'N-66595-gc2b38619c0-static', release: null, buildYear: 2023 });
    expect(parseToolVersion(REAL.debian12)).toEqual({ program: 'ffmpeg', version: '5.1.9-0+deb12u1', release: [5, 1, 9], buildYear: 2026 });
    expect(parseToolVersion('ffmpeg version n7.1 Copyright (c) 2000-2024 the FFmpeg developers')).toMatchObject({ release: [7, 1], buildYear: 2024 });
    expect(parseToolVersion('ffmpeg version 7.1-custom\n')).toMatchObject({ version: '7.1-custom', buildYear: null });
    expect(parseToolVersion('avconv version 12\n')).toBeNull();
    expect(parseToolVersion('')).toBeNull();
  });

  it('reads the banner of every ffmpeg and ffprobe on this machine', () => {
    let seen = 0;
    for (const p of ['/usr/bin/ffmpeg', '/usr/bin/ffprobe', 'node_modules/@ffmpeg-installer/linux-x64/ffmpeg', 'node_modules/@ffprobe-installer/linux-x64/ffprobe']) {
      if (!isExecutableFile(p)) continue;
      const v = parseToolVersion(execFileSync(p, ['-version'], { encoding: 'utf8' }));
      expect(v?.program).toBe(path.basename(p));
      expect(v?.buildYear).toBeGreaterThanOrEqual(2000);
      expect(v?.version).toMatch(/^\S+$/);
      seen++;
    }
    // npm test needs ffmpeg (README); the system's is the one these tests must be able to read.
    expect(seen).toBeGreaterThanOrEqual(2);
  });

  it('calls a build more than two years old stale, a current one fine', () => {
    expect(staleReason(parseToolVersion(REAL.installerFfmpeg2018), NOW)).toMatch(/from 2018, 8 years old/);
    expect(staleReason(parseToolVersion(REAL.installerFfprobe2023), NOW)).toMatch(/from 2023, 3 years old/);
    expect(staleReason(parseToolVersion(REAL.debian12), NOW)).toBeNull();
    expect(staleReason(parseToolVersion(banner('ffmpeg', 2024)), NOW)).toBeNull();
    expect(staleReason(parseToolVersion('ffmpeg version 7.1-custom\n'), NOW)).toMatch(/does not say which year/);
    expect(staleReason(null, NOW)).toMatch(/banner/);
  });
});

describe('which ffmpeg runs (issue 11, defect 15)', () => {
  const savedPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = savedPath;
  });

  it('passes over an old build on PATH for a current one further on, and lists it as refused', async () => {
    const old = fakeTool('old', 'ffmpeg', REAL.installerFfmpeg2018);
    const current = fakeTool('current', 'ffmpeg', banner('ffmpeg', 2026));
    const env = { PATH: [path.dirname(old), path.dirname(current)].join(path.delimiter) };
    const info = await describeTool('ffmpeg', { env, now: NOW, usualDirs: [] });
    expect(info).toMatchObject({ path: current, source: 'path', version: '6.1.2', buildYear: 2026, problem: null });
    expect(info.refused).toEqual([{ path: old, version: 'N-47683-g0e8eb07980-static', buildYear: 2018, reason: expect.stringMatching(/from 2018/) }]);
  });

  it('refuses when only old builds are there, saying what to do', async () => {
    const old = fakeTool('only-old', 'ffprobe', REAL.installerFfprobe2023);
    const info = await describeTool('ffprobe', { env: { PATH: path.dirname(old) }, now: NOW, usualDirs: [] });
    expect(info).toMatchObject({ path: null, source: null });
    expect(info.problem).toMatch(/^no current ffprobe — refused .*only-old\/ffprobe: version N-66595.* is from 2023, 3 years old, without the security fixes since$/);
    expect(info.remedy).toMatch(/^Install a current FFmpeg .*, or set REELVAULT_FFPROBE to one you trust\.$/);
    expect(unavailableReason(info)).toBe('ffprobe too old');
    expect(unavailableReason(await describeTool('ffprobe', { env: { PATH: path.join(dir, 'empty') }, now: NOW, usualDirs: [] }))).toBe('ffprobe not found');
  });

  it('never takes a binary that answers as another program', async () => {
    const liar = fakeTool('liar', 'ffprobe', banner('ffmpeg', 2026));
    const info = await describeTool('ffprobe', { env: { PATH: path.dirname(liar) }, now: NOW, usualDirs: [] });
    expect(info.path).toBeNull();
    expect(info.refused[0]?.reason).toBe('answers as ffmpeg, not ffprobe');
  });

  it('runs the env override before anything on PATH — an old one too, with its warning', async () => {
    const current = fakeTool('path-current', 'ffmpeg', banner('ffmpeg', 2026));
    const forced = fakeTool('forced-old', 'ffmpeg', REAL.installerFfmpeg2018);
    const env = { PATH: path.dirname(current), REELVAULT_FFMPEG: forced };
    const info = await describeTool('ffmpeg', { env, now: NOW, usualDirs: [] });
    expect(info).toMatchObject({ path: forced, source: 'env', buildYear: 2018 });
    expect(info.problem).toMatch(/runs because REELVAULT_FFMPEG names it — untrusted media is decoded by an outdated build/);
    const fresh = fakeTool('forced-new', 'ffmpeg', banner('ffmpeg', 2026, '7.1'));
    expect(await describeTool('ffmpeg', { env: { ...env, REELVAULT_FFMPEG: fresh }, now: NOW, usualDirs: [] })).toMatchObject({ path: fresh, source: 'env', version: '7.1', problem: null });
  });

  it('refuses an env override that is not an executable file', async () => {
    const info = await describeTool('ffprobe', { env: { REELVAULT_FFPROBE: path.join(dir, 'missing') }, now: NOW });
    expect(info).toMatchObject({ path: null, source: 'env', problem: expect.stringMatching(/REELVAULT_FFPROBE=.*missing is not an executable file/) });
    expect(unavailableReason(info)).toBe('ffprobe misconfigured');
    await expect(resolveBinary('ffprobe', { REELVAULT_FFPROBE: dir })).rejects.toThrow(/ffprobe misconfigured: REELVAULT_FFPROBE=/);
  });

  it('a video probe with only an old ffprobe on PATH fails with the reason, never handing it the file', async () => {
    const marker = path.join(dir, 'old-ran');
    const d = path.join(dir, 'probe-old');
    mkdirSync(d, { recursive: true });
    // Answers -version like the 2018 build; anything else it is asked to do leaves a mark.
    writeFileSync(path.join(d, 'ffprobe'), `#!/bin/sh\nif [ "$1" = -version ]; then echo 'ffprobe version 4.1 Copyright (c) 2007-2018 the FFmpeg developers'; exit 0; fi\ntouch '${marker}'\n`);
    chmodSync(path.join(d, 'ffprobe'), 0o755);
    const video = path.join(dir, 'clip.mp4');
    writeFileSync(video, Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(64, 1)]));
    process.env.PATH = d;
    const err = await probeMedia(video).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).reason).toBe('ffprobe too old');
    expect(existsSync(marker)).toBe(false);
  });

  it('on this machine: the first current ffmpeg and ffprobe on PATH are the ones that run', async () => {
    // README: npm test needs a current FFmpeg on PATH (.ci/run installs Debian's). Without one this
    // fails, and the expected answer is worked out here, from the banners, not taken from the code.
    for (const tool of ['ffmpeg', 'ffprobe'] as const) {
      const onPath = (process.env.PATH ?? '').split(path.delimiter).filter((d) => path.isAbsolute(d)).map((d) => path.join(d, tool)).filter(isExecutableFile);
      const current = onPath.find((p) => {
        const v = parseToolVersion(execFileSync(p, ['-version'], { encoding: 'utf8' }));
        return v?.program === tool && v.buildYear !== null && v.buildYear >= THIS_YEAR - 2;
      });
      expect(current, `no current ${tool} on PATH (${onPath.join(', ') || 'none at all'}): npm test needs one`).toBeDefined();
      const info = await describeTool(tool, { env: { PATH: process.env.PATH }, usualDirs: [] });
      expect(info).toMatchObject({ tool, path: current, source: 'path', problem: null });
      expect(info.buildYear).toBeGreaterThanOrEqual(THIS_YEAR - 2);
      const bin = await resolveBinary(tool, { PATH: process.env.PATH });
      expect(bin).toMatchObject({ tool, path: current, source: 'path', warning: null });
    }
  });
});
