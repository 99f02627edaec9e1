/**
 * The app icons electron-builder packs (build/) and the web host's favicon, all rendered from
 * build/icon.svg by scripts/make-icons.mjs: present, well-formed, each image the size it claims.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (rel: string) => readFileSync(path.join(ROOT, rel));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function pngSize(data: Buffer): Promise<[number, number]> {
  expect(data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const m = await sharp(data).metadata();
  return [m.width ?? 0, m.height ?? 0];
}

describe('app icons', () => {
  it('Linux: build/icons/<n>x<n>.png at every size, and the 1024 px master', async () => {
    for (const n of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) expect(await pngSize(read(`build/icons/${n}x${n}.png`)), `${n}`).toEqual([n, n]);
    expect(await pngSize(read('build/icon.png'))).toEqual([1024, 1024]);
    expect(await pngSize(read('renderer/public/icon.png'))).toEqual([256, 256]);
  });

  it('Windows: build/icon.ico holds 16 to 256 px PNG entries', async () => {
    const ico = read('build/icon.ico');
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const e = 6 + 16 * i;
      const side = ico.readUInt8(e) || 256;
      const [len, off] = [ico.readUInt32LE(e + 8), ico.readUInt32LE(e + 12)];
      expect(await pngSize(ico.subarray(off, off + len))).toEqual([side, side]);
      sizes.push(side);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('macOS: build/icon.icns holds 16 to 1024 px, @2x included', async () => {
    const icns = read('build/icon.icns');
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: Record<string, number> = {};
    for (let at = 8; at < icns.length; ) {
      const type = icns.toString('latin1', at, at + 4);
      const len = icns.readUInt32BE(at + 4);
      const [w] = await pngSize(icns.subarray(at + 8, at + len));
      found[type] = w;
      at += len;
    }
    expect(found).toEqual({ icp4: 16, icp5: 32, ic11: 32, icp6: 64, ic12: 64, ic07: 128, ic13: 256, ic08: 256, ic14: 512, ic09: 512, ic10: 1024 });
  });

  it('the favicon is the same mark, rendered from build/icon.svg by the script, and linked from index.html', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'reelvault-icons-'));
    try {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/make-icons.mjs')], { env: { ...process.env, REELVAULT_ICONS_OUT: out }, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(path.join(out, 'renderer/public/favicon.svg'), 'utf8')).toBe(read('renderer/public/favicon.svg').toString('utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    const master = read('build/icon.svg').toString('utf8');
    const favicon = read('renderer/public/favicon.svg').toString('utf8');
    const glyph = /<path d="([^"]+)"/.exec(master)?.[1];
    expect(glyph && favicon.includes(glyph)).toBe(true);
    expect(read('renderer/index.html').toString('utf8')).toContain('<link rel="icon" type="image/svg+xml" href="./favicon.svg" />');
    // electron-builder.yml points at these files.
    const yml = read('electron-builder.yml').toString('utf8');
    for (const ref of ['icon: build/icons', 'icon: build/icon.icns', 'icon: build/icon.ico', 'buildResources: build']) expect(yml).toContain(ref);
  });
});
