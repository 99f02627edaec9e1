import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isExecutableFile, resolveBinary, unpackedPath } from './binaries.js';
import { useTempDir } from './test-support/temp-dir.js';

const dir = useTempDir('binaries');

describe('binaries', () => {
  it('points asar paths at the unpacked copy', () => {
    expect(unpackedPath('/Applications/Reelvault.app/Contents/Resources/app.asar/node_modules/@ffmpeg-installer/darwin-arm64/ffmpeg'))
      .toBe('/Applications/Reelvault.app/Contents/Resources/app.asar.unpacked/node_modules/@ffmpeg-installer/darwin-arm64/ffmpeg');
    expect(unpackedPath('C:\\Program Files\\Reelvault\\resources\\app.asar\\node_modules\\x\\ffmpeg.exe'))
      .toBe('C:\\Program Files\\Reelvault\\resources\\app.asar.unpacked\\node_modules\\x\\ffmpeg.exe');
    expect(unpackedPath('/opt/app.asar.unpacked/ffmpeg')).toBe('/opt/app.asar.unpacked/ffmpeg');
  });

  it('prefers the env override when it is executable', () => {
    const fake = path.join(dir, 'my-ffmpeg');
    writeFileSync(fake, '#!/bin/sh\n');
    chmodSync(fake, 0o755);
    expect(resolveBinary('ffmpeg', { REELVAULT_FFMPEG: fake })).toEqual({ tool: 'ffmpeg', path: fake, source: 'env' });
  });

  it('refuses an env override that is not an executable file', () => {
    expect(() => resolveBinary('ffprobe', { REELVAULT_FFPROBE: dir })).toThrow(/REELVAULT_FFPROBE/);
    expect(() => resolveBinary('ffprobe', { REELVAULT_FFPROBE: path.join(dir, 'missing') })).toThrow(/not an executable/);
  });

  it('falls back to the installer package binary', () => {
    for (const tool of ['ffmpeg', 'ffprobe'] as const) {
      const bin = resolveBinary(tool, {});
      expect(['package', 'path']).toContain(bin.source);
      if (bin.source === 'package') {
        expect(bin.path).toMatch(tool === 'ffmpeg' ? /@ffmpeg-installer/ : /@ffprobe-installer/);
        expect(isExecutableFile(bin.path)).toBe(true);
      } else {
        expect(bin.path).toBe(tool);
      }
    }
  });
});
