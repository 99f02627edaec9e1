#!/usr/bin/env node
// Renders Reelvault's icons from build/icon.svg with sharp; the outputs are committed (run again after
// changing the SVG: `node scripts/make-icons.mjs`):
//   build/icon.png          1024 px master (electron-builder's fallback for every platform)
//   build/icons/<n>x<n>.png Linux (AppImage, deb): 16 … 1024
//   build/icon.ico          Windows: 16, 24, 32, 48, 64, 128, 256 (PNG-compressed entries)
//   build/icon.icns         macOS: 16 … 1024 incl. @2x (PNG entries)
//   renderer/public/favicon.svg  the web host's (and window's) favicon: the same mark, drawn for small sizes
//   renderer/public/icon.png     256 px: the desktop window, notifications and drag-out use it
//   renderer/public/favicon.ico  16, 32, 48: what browsers ask /favicon.ico for, whatever the page links
// Small sizes get the same mark drawn for them: a tile with less margin and a heavier line, and at
// 24 px and below the glyph without its sprocket holes, which would blur into a grey mass.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Where to write (the checkout by default; the icons test renders into a temp folder to compare).
const outRoot = process.env.REELVAULT_ICONS_OUT ? path.resolve(process.env.REELVAULT_ICONS_OUT) : root;
const master = readFileSync(path.join(root, 'build/icon.svg'), 'utf8');

const TILE = 'x="100" y="100" width="824" height="824" rx="184"';
const GLYPH_AT = 'transform="translate(247 247) scale(22.083)"';
const GLYPH_LINE = 'stroke-width="1.8"';
const FULL_GLYPH = 'M4 4h16v16H4zM8 4v16M16 4v16M4 8h4M4 12h4M4 16h4M16 8h4M16 12h4M16 16h4';
for (const part of [TILE, GLYPH_AT, GLYPH_LINE, FULL_GLYPH]) {
  if (!master.includes(part)) throw new Error(`build/icon.svg changed shape: "${part}" not found; update scripts/make-icons.mjs`);
}

/** The mark for one pixel size. */
function svgFor(size) {
  if (size >= 64) return master;
  // Tile 32..992 (960 wide), glyph at the same 64 % of it as on the top bar's 28 px mark.
  let svg = master.replace(TILE, 'x="32" y="32" width="960" height="960" rx="200"').replace(GLYPH_AT, 'transform="translate(203.5 203.5) scale(25.71)"');
  svg = svg.replace(GLYPH_LINE, size <= 24 ? 'stroke-width="2.6"' : 'stroke-width="2.2"');
  if (size <= 24) svg = svg.replace(FULL_GLYPH, 'M4 4h16v16H4zM8 4v16M16 4v16');
  return svg;
}

// Drawn at the SVG's own 1024 px, then scaled down (Lanczos) to the size asked for.
const png = (size) => sharp(Buffer.from(svgFor(size))).resize(size, size).png({ compressionLevel: 9 }).toBuffer();

/** ICONDIR + one 16-byte ICONDIRENTRY per image + the PNGs (Windows Vista and later read PNG entries). */
function ico(images) {
  const head = Buffer.alloc(6 + 16 * images.length);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(images.length, 4);
  let offset = head.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    head.writeUInt8(size >= 256 ? 0 : size, e);
    head.writeUInt8(size >= 256 ? 0 : size, e + 1);
    head.writeUInt16LE(1, e + 4);
    head.writeUInt16LE(32, e + 6);
    head.writeUInt32LE(data.length, e + 8);
    head.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([head, ...images.map((i) => i.data)]);
}

/** 'icns', its length, then (type, length, PNG) per entry; the types macOS reads as PNG. */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
];
function icns(bySize) {
  const parts = ICNS_TYPES.map(([type, size]) => {
    const data = bySize.get(size);
    const h = Buffer.alloc(8);
    h.write(type, 0, 'latin1');
    h.writeUInt32BE(8 + data.length, 4);
    return Buffer.concat([h, data]);
  });
  const body = Buffer.concat(parts);
  const h = Buffer.alloc(8);
  h.write('icns', 0, 'latin1');
  h.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([h, body]);
}

async function main() {
  const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
  const bySize = new Map();
  for (const s of sizes) bySize.set(s, await png(s));
  const write = (rel, data) => {
    const file = path.join(outRoot, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
    console.log(`make-icons: ${rel} (${data.length} bytes)`);
  };
  write('build/icon.png', bySize.get(1024));
  for (const s of sizes) write(`build/icons/${s}x${s}.png`, bySize.get(s));
  write('build/icon.ico', ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: bySize.get(size) }))));
  write('build/icon.icns', icns(bySize));
  write('renderer/public/favicon.svg', svgFor(32));
  write('renderer/public/icon.png', bySize.get(256));
  write('renderer/public/favicon.ico', ico([16, 32, 48].map((size) => ({ size, data: bySize.get(size) }))));
}

await main();
