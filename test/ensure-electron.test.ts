/**
 * scripts/ensure-electron.mjs, the step `npm start`, `npm run dev` and `npm run dist` take first: it
 * fetches Electron's binary on first use, and where it cannot, fails with a message saying what to do.
 *
 * Each case runs the real script as a process in a layout of its own: a copy of the script and of the
 * installed electron package (its install.js and @electron/get are the real ones, resolved through a
 * symlink to this checkout's node_modules), so a download never writes into this checkout. The
 * "release host" is a local HTTP server that records every request, or a closed port (unreachable).
 * Nothing is mocked: only where the download comes from is chosen, with Electron's own ELECTRON_MIRROR.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { tempDir } from '../electron/storage/test-support/fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
const ZIP_NAME = `electron-v${VERSION}-${process.platform}-${process.arch}.zip`;

/** A zip with stored (uncompressed) entries: enough to stand in for Electron's release archive. */
function storedZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const fname = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fname.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode below is read
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fname.length, 28);
    central.writeUInt32LE((0o100755 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fname, data);
    centrals.push(central, fname);
    offset += local.length + fname.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

interface Run {
  code: number | null;
  out: string;
  err: string;
}

describe('scripts/ensure-electron.mjs', () => {
  let t: ReturnType<typeof tempDir>;
  let app: string;
  let electronDir: string;
  let server: Server | null = null;
  let requests: string[] = [];

  beforeEach(() => {
    t = tempDir('ensure-electron');
    app = path.join(t.dir, 'app');
    electronDir = path.join(app, 'node_modules', 'electron');
    mkdirSync(path.join(app, 'scripts'), { recursive: true });
    cpSync(path.join(ROOT, 'scripts/ensure-electron.mjs'), path.join(app, 'scripts/ensure-electron.mjs'));
    // The package as npm installed it here: without dist/ and path.txt (its install script is off).
    cpSync(path.join(ROOT, 'node_modules/electron'), electronDir, { recursive: true, filter: (src) => !/[/\\](dist|path\.txt)$/.test(src) });
    // electron's own dependencies (@electron/get and the zip extractor) are found one level up.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(t.dir, 'node_modules'), 'dir');
    mkdirSync(path.join(t.dir, 'cache'));
    requests = [];
  });
  afterEach(async () => {
    if (server) await new Promise((r) => (server as Server).close(r));
    server = null;
    t.cleanup();
  });

  /** A mirror on loopback that records each request; `files` maps a URL path to what it answers. */
  async function mirror(files: Record<string, Buffer>): Promise<string> {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const body = files[req.url ?? ''];
      if (!body) return void res.writeHead(404).end('not here');
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
    });
    await new Promise<void>((r) => (server as Server).listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  /** A loopback port nothing listens on: connections are refused, as by a host out of reach. */
  async function closedPort(): Promise<string> {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as AddressInfo).port;
    await new Promise((r) => s.close(r));
    return `http://127.0.0.1:${port}/`;
  }

  /** Runs the script as `npm start` would; async, so the mirror in this process can answer. */
  function ensure(env: Record<string, string>): Promise<Run> {
    const base: NodeJS.ProcessEnv = { ...process.env };
    for (const k of Object.keys(base)) if (/^(ELECTRON_|electron_|npm_config_electron)/.test(k) || k === 'force_no_cache') delete base[k];
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(app, 'scripts/ensure-electron.mjs')], {
        cwd: app,
        env: { ...base, electron_config_cache: path.join(t.dir, 'cache'), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, out, err });
      });
    });
  }

  it('where the download host is out of reach: exits 1 and says what to do, with the web host as the way without Electron', async () => {
    const started = Date.now();
    const r = await ensure({ ELECTRON_MIRROR: await closedPort() });
    expect(r.code).toBe(1);
    expect(r.out).toContain(`Fetching Electron ${VERSION}'s binary`);
    expect(r.err).toContain(`the desktop app needs Electron ${VERSION}'s binary, and it could not be downloaded`);
    // Why, from the downloader, on the line after.
    expect(r.err).toMatch(/could not be downloaded\n\s+\(\S.*\)\./);
    // What to do: a mirror, or an unpacked Electron, then the same command again; or the browser.
    expect(r.err).toContain('set ELECTRON_MIRROR to a mirror you can reach');
    expect(r.err).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(r.err).toContain('then run this command again');
    expect(r.err).toMatch(/Without Electron, the same app runs in a browser: npm run web\n/);
    // No half-installed binary is left behind to be mistaken for one.
    expect(existsSync(path.join(electronDir, 'path.txt'))).toBe(false);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a mirror that has no such file: exits 1 with the same advice', async () => {
    const r = await ensure({ ELECTRON_MIRROR: await mirror({}), electron_use_remote_checksums: '1' });
    expect(r.code).toBe(1);
    expect(requests.length).toBeGreaterThan(0);
    expect(r.err).toContain('could not be downloaded');
    expect(r.err).toContain('npm run web');
  });

  it('with a binary already in place: exits 0 at once and asks the mirror for nothing', async () => {
    mkdirSync(path.join(electronDir, 'dist'));
    writeFileSync(path.join(electronDir, 'dist', 'version'), `v${VERSION}`);
    writeFileSync(path.join(electronDir, 'dist', 'electron'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(path.join(electronDir, 'path.txt'), 'electron');
    const r = await ensure({ ELECTRON_MIRROR: await mirror({}) });
    expect(r).toMatchObject({ code: 0, out: '' });
    expect(r.err).not.toContain('could not be downloaded');
    expect(requests).toEqual([]);

    // A binary of another version is not the one package.json asks for: that one is fetched.
    writeFileSync(path.join(electronDir, 'dist', 'version'), 'v1.0.0');
    const stale = await ensure({ ELECTRON_MIRROR: await closedPortAfterClose() });
    expect(stale.code).toBe(1);
    expect(stale.out).toContain('Fetching');
  });

  it('with ELECTRON_OVERRIDE_DIST_PATH naming an unpacked Electron: exits 0 and asks the mirror for nothing', async () => {
    const unpacked = path.join(t.dir, 'unpacked-electron');
    mkdirSync(unpacked);
    const r = await ensure({ ELECTRON_MIRROR: await mirror({}), ELECTRON_OVERRIDE_DIST_PATH: unpacked });
    expect(r).toMatchObject({ code: 0, out: '' });
    expect(requests).toEqual([]);
    // A path that does not exist is no binary: it tries to fetch one (and the mirror here has none).
    const missing = await ensure({ ELECTRON_MIRROR: `http://127.0.0.1:${(server?.address() as AddressInfo).port}/`, ELECTRON_OVERRIDE_DIST_PATH: path.join(t.dir, 'nowhere'), electron_use_remote_checksums: '1' });
    expect(missing.code).toBe(1);
    expect(requests.length).toBeGreaterThan(0);
  });

  it('where the host answers: fetches the archive from ELECTRON_MIRROR, unpacks it into the package, exits 0', async () => {
    const zip = storedZip({ electron: '#!/bin/sh\necho fake electron\n', version: `v${VERSION}` });
    const sums = Buffer.from(`${createHash('sha256').update(zip).digest('hex')} *${ZIP_NAME}\n`);
    const url = await mirror({ [`/v${VERSION}/${ZIP_NAME}`]: zip, [`/v${VERSION}/SHASUMS256.txt`]: sums });
    // The archive is not Electron's real one, so its checksum comes from the same mirror. A shell that
    // skipped the download at install (ELECTRON_SKIP_BINARY_DOWNLOAD) still gets it here: the user asked for the app.
    const r = await ensure({ ELECTRON_MIRROR: url, electron_use_remote_checksums: '1', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(r.err).not.toContain('could not be downloaded');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Fetching Electron ${VERSION}'s binary`);
    expect(requests).toContain(`/v${VERSION}/${ZIP_NAME}`);
    expect(readFileSync(path.join(electronDir, 'path.txt'), 'utf8')).toBe('electron');
    expect(readFileSync(path.join(electronDir, 'dist', 'electron'), 'utf8')).toContain('fake electron');
    // The next start finds it and fetches nothing.
    const before = requests.length;
    expect(await ensure({ ELECTRON_MIRROR: url })).toMatchObject({ code: 0, out: '' });
    expect(requests).toHaveLength(before);
  });

  /** Stops the recording mirror and answers its (now closed) address. */
  async function closedPortAfterClose(): Promise<string> {
    if (server) await new Promise((r) => (server as Server).close(r));
    server = null;
    return closedPort();
  }
});
