/**
 * The README's first command starts with `npm install`, and it must succeed on a machine that reaches
 * only the npm registry: nothing in it may fetch Electron's binary from Electron's release host.
 *
 * A whole `npm install` of this tree takes minutes here (better-sqlite3's prebuilt binary is on GitHub,
 * so it compiles from source: measured 8 min 50 s, exit 0, on this shared 2-core machine with a warm cache), which
 * `.ci/run` pays once by running the README's install as written. This test checks the part that
 * failed before (issue 17: electron's download rolled the whole install back) in seconds: the same npm,
 * installing electron and its dependencies exactly as package-lock.json pins them, under this
 * package.json's own `allowScripts`, with Electron's download host pointed (ELECTRON_MIRROR) at a
 * loopback server that records every request. Nothing is mocked.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../electron/storage/test-support/fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
interface LockEntry {
  version?: string;
  hasInstallScript?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
interface Pkg {
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
}
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Pkg;
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> } & Record<string, unknown>;
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The lockfile's entry a package at `from` gets for dependency `name` (node's lookup: nearest node_modules up). */
function resolveIn(from: string, name: string): string | null {
  let base = from;
  for (;;) {
    const key = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[key]) return key;
    if (!base) return null;
    const i = base.lastIndexOf('/node_modules/');
    base = i < 0 ? '' : base.slice(0, i);
  }
}

/** The lockfile's entries for a package and everything it depends on, as installed in this tree. */
function lockedSubtree(top: string): Record<string, LockEntry> {
  const out: Record<string, LockEntry> = {};
  const todo = [`node_modules/${top}`];
  while (todo.length) {
    const key = todo.pop() as string;
    if (out[key]) continue;
    const entry = lock.packages[key];
    if (!entry) throw new Error(`package-lock.json has no ${key}`);
    out[key] = entry;
    for (const d of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const hit = resolveIn(key, d);
      if (hit) todo.push(hit);
    }
  }
  return out;
}

describe('npm install without Electron\'s download host', () => {
  let t: ReturnType<typeof tempDir>;
  let server: Server;
  let mirror = '';
  let requests: string[] = [];
  beforeEach(async () => {
    t = tempDir('first-install');
    requests = [];
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(503).end('Electron release host: out of reach');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
    t.cleanup();
  });

  /** `npm install` in dir, as a user's shell runs it (no ELECTRON_SKIP_BINARY_DOWNLOAD, no --ignore-scripts). */
  function npmInstall(dir: string, cache: string): Promise<{ code: number | null; out: string; ms: number }> {
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: mirror, electron_config_cache: cache, npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };
    for (const k of Object.keys(env)) if (k === 'ELECTRON_SKIP_BINARY_DOWNLOAD' || k === 'ELECTRON_OVERRIDE_DIST_PATH' || /^npm_(config_ignore_scripts|lifecycle|package)/i.test(k)) delete env[k];
    const started = Date.now();
    return new Promise((resolve, reject) => {
      // --prefer-offline: the tarballs come from npm's cache when it has them (it does after the tree's install).
      const child = spawn('npm', ['install', '--prefer-offline'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, out, ms: Date.now() - started });
      });
    });
  }

  it('installs electron as package-lock.json pins it, under package.json\'s allowScripts: exit 0, no binary asked for', async () => {
    const dir = path.join(t.dir, 'app');
    const cache = path.join(t.dir, 'electron-cache');
    mkdirSync(dir);
    mkdirSync(cache);
    const devDependencies = { electron: pkg.devDependencies.electron as string };
    const root = { name: 'first-install-probe', version: '0.0.0', devDependencies };
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...root, private: true, allowScripts: pkg.allowScripts }, null, 2));
    writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ ...lock, ...root, packages: { '': root, ...lockedSubtree('electron') } }, null, 2));

    const r = await npmInstall(dir, cache);
    expect(r.code, r.out).toBe(0);
    const installed = JSON.parse(readFileSync(path.join(dir, 'node_modules/electron/package.json'), 'utf8')) as { version: string; scripts?: Record<string, string> };
    expect(installed.version).toBe(lock.packages['node_modules/electron']?.version);
    // No binary: not downloaded (the mirror saw nothing, the download cache is empty), none unpacked.
    expect(requests).toEqual([]);
    expect(readdirSync(cache)).toEqual([]);
    expect(existsSync(path.join(dir, 'node_modules/electron/dist'))).toBe(false);
    expect(existsSync(path.join(dir, 'node_modules/electron/path.txt'))).toBe(false);
    // If this electron has an install-time script (it downloads the binary), package.json denies it,
    // and the lockfile says so, so npm knows to ask allowScripts at all.
    const lifecycle = Object.keys(installed.scripts ?? {}).filter((s) => ['preinstall', 'install', 'postinstall'].includes(s));
    if (lifecycle.length > 0) {
      expect(pkg.allowScripts.electron).toBe(false);
      expect(lock.packages['node_modules/electron']?.hasInstallScript).toBe(true);
    }
    expect(r.ms).toBeLessThan(60_000);
  });

  it('nothing else in install downloads a binary: no install scripts of our own, and every dependency script is decided', () => {
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[s], s).toBeUndefined();
    // Each locked package with an install script has an allowScripts entry (allowed or denied, on purpose);
    // electron's is denied, so the binary comes at `npm start`, not at install.
    const withScripts = Object.entries(lock.packages)
      .filter(([k, e]) => k && e.hasInstallScript)
      .map(([k]) => k.slice(k.lastIndexOf('node_modules/') + 'node_modules/'.length));
    for (const name of withScripts) expect(Object.keys(pkg.allowScripts), name).toContain(name);
    expect(pkg.allowScripts.electron).toBe(false);
  });
});

describe('the README\'s commands', () => {
  /** The README's shell blocks and inline code: where commands are written to be typed. */
  const code = [...readme.matchAll(/```sh\n([\s\S]*?)```/g), ...readme.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] as string).join('\n');

  it('every `npm run <script>`, `npm start` and `npm test` it names is a script of package.json', () => {
    const named = new Set([...code.matchAll(/\bnpm run ([\w:.-]+)/g)].map((m) => m[1] as string));
    for (const m of code.matchAll(/\bnpm (start|test)\b/g)) named.add(m[1] as string);
    expect([...named].sort()).toEqual(expect.arrayContaining(['dev', 'dist', 'start', 'test', 'web']));
    for (const s of named) expect(Object.keys(pkg.scripts), `README names npm run ${s}`).toContain(s);
  });

  it('the first block is `npm install && npm run web`, then `npm test`; .ci/run runs those two as written', () => {
    const first = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = first.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean);
    expect(commands).toEqual(['npm install && npm run web', 'npm test']);
    const ci = readFileSync(path.join(ROOT, '.ci/run'), 'utf8').split('\n').map((l) => l.trim());
    expect(ci).toContain('npm install');
    expect(ci).toContain('npm test');
    expect(ci.indexOf('npm install')).toBeLessThan(ci.indexOf('npm test'));
    // With no environment of its own for the install.
    expect(ci.filter((l) => !l.startsWith('#')).join('\n')).not.toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD|--ignore-scripts/);
  });

  it('npm start, dev and dist fetch Electron first (scripts/ensure-electron.mjs), web does not need it', () => {
    for (const s of ['start', 'dev', 'dist']) expect(pkg.scripts[s], s).toMatch(/^node scripts\/ensure-electron\.mjs && /);
    expect(pkg.scripts.web).not.toMatch(/electron-vite (dev|preview)|ensure-electron|electron-builder/);
  });
});
