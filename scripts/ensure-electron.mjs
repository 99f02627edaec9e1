#!/usr/bin/env node
// Fetches Electron's binary on first use of the desktop app (`npm start`, `npm run dev`, `npm run dist`).
// Why not at install: electron's own install script downloads from Electron's release host, which is
// outside the npm registry; on machines that reach only the registry that failure rolled back the whole
// `npm install`. package.json's allowScripts turns that script off, so install always succeeds and the
// web host (`npm run web`) always works; the binary is fetched here, where the desktop app needs it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('electron/package.json'));
const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

function installed() {
  try {
    const rel = readFileSync(join(pkgDir, 'path.txt'), 'utf8');
    const have = readFileSync(join(pkgDir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '');
    return have === version && existsSync(join(pkgDir, 'dist', rel));
  } catch {
    return false;
  }
}

// Electron's installer (@electron/get) and electron-builder's native rebuild declare Node >= 22.12;
// the web host, the CLI and the tests run on Node 20.19+.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.warn(`reelvault: the desktop tooling (Electron ${version}'s installer, electron-builder) wants Node 22.12 or newer; this is Node ${process.versions.node}.`);
}

const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
if (installed() || (override && existsSync(override))) process.exit(0);

console.log(`Fetching Electron ${version}'s binary (first start of the desktop app)…`);
// install.js is a no-op when ELECTRON_SKIP_BINARY_DOWNLOAD is set; here the user asked for the app.
const env = { ...process.env };
delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
const run = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], env, timeout: 600_000 });
if (run.status === 0 && installed()) process.exit(0);

const detail = String(run.stderr ?? '').split('\n').find((l) => l.trim()) ?? (run.error ? String(run.error.message) : `exit ${run.status}`);
console.error(
  [
    '',
    `reelvault: the desktop app needs Electron ${version}'s binary, and it could not be downloaded`,
    `  (${detail.trim()}).`,
    '  Electron ships its binary from its own release host (github.com), not from the npm registry.',
    '  Where that host is out of reach, set ELECTRON_MIRROR to a mirror you can reach, or put an unpacked',
    '  Electron of this version in place with ELECTRON_OVERRIDE_DIST_PATH, then run this command again.',
    '  Without Electron, the same app runs in a browser: npm run web',
    '',
  ].join('\n'),
);
process.exit(1);
