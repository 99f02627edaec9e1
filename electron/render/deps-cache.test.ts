/**
 * The install cache with a stand-in npm (a script named by REELVAULT_NPM): installed once into a
 * staging folder and renamed into the cache, found there the next time, and an offline failure says so.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../storage/test-support/fixtures.js';
import { ensureDependencies } from './deps-cache.js';

function fakeNpm(dir: string, body: string): string {
  const file = path.join(dir, 'npm');
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe.skipIf(process.platform === 'win32')('ensureDependencies', () => {
  let t: ReturnType<typeof tempDir>;
  let log: WriteStream;
  let project: string;
  beforeEach(() => {
    t = tempDir('deps');
    project = path.join(t.dir, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'p', dependencies: { remotion: '4.0.529' } }));
    log = createWriteStream(path.join(t.dir, 'log.txt'));
  });
  afterEach(() => {
    log.end();
    t.cleanup();
  });

  it('installs once into the cache (npm install without a lockfile), then finds it', async () => {
    const calls = path.join(t.dir, 'calls.txt');
    const npm = fakeNpm(t.dir, `echo "$@" >> ${calls}\nmkdir -p node_modules/remotion\necho '{"version":"4.0.529"}' > node_modules/remotion/package.json\necho "npm http fetch GET 200 https://registry.npmjs.org/remotion/-/remotion-4.0.529.tgz 5ms"`);
    const cacheDir = path.join(t.dir, 'cache');
    const progress: [number, number | null][] = [];
    const first = await ensureDependencies(project, { cacheDir, log, env: { ...process.env, REELVAULT_NPM: npm }, onProgress: (d, n) => progress.push([d, n]) });
    expect(first.installed).toBe(true);
    expect(existsSync(path.join(first.nodeModules, 'remotion/package.json'))).toBe(true);
    expect(readFileSync(calls, 'utf8')).toMatch(/^install --no-audit/);
    expect(progress.at(-1)).toEqual([1, 1]);
    // No staging folder is left behind; the entry is complete.
    expect(readdirSync(cacheDir)).toEqual([first.key]);
    const again = await ensureDependencies(project, { cacheDir, log, env: { ...process.env, REELVAULT_NPM: npm } });
    expect(again).toMatchObject({ installed: false, key: first.key, nodeModules: first.nodeModules });
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('uses npm ci with a lockfile, and says so clearly when the registry cannot be reached', async () => {
    writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/remotion': { version: '4.0.529' } } }));
    const npm = fakeNpm(t.dir, `echo "ci? $1"\necho "npm error code ENOTFOUND" >&2\necho "npm error request to https://registry.npmjs.org/remotion failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org" >&2\nexit 1`);
    const cacheDir = path.join(t.dir, 'cache');
    await expect(ensureDependencies(project, { cacheDir, log, env: { ...process.env, REELVAULT_NPM: npm } })).rejects.toMatchObject({
      code: 'IO',
      message: expect.stringMatching(/not installed and npm cannot reach the registry \(offline\?\)/),
    });
    // Nothing that looks installed is left in the cache.
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('refuses a checkpoint without package.json', async () => {
    const empty = path.join(t.dir, 'empty');
    mkdirSync(empty);
    await expect(ensureDependencies(empty, { cacheDir: path.join(t.dir, 'cache'), log })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
