#!/usr/bin/env node
// Runs the unit and integration suites (vitest) on Node 24 LTS as well as on the Node that runs npm,
// so the Node versions the README states are tested, not hoped (the reliability suites run once, below).
//
// Where Node 24 comes from: the npm registry's `node-<platform>-<arch>` package, which carries the
// official binary and headers; it is fetched with `npm pack` (the registry, npm's own cache, no
// install scripts) and unpacked under node_modules/.cache. Nothing else is downloaded.
//
// better-sqlite3 is a native addon built for one Node ABI. Its Node 24 build is compiled from the
// installed package's own sources into the same cache (the headers come with the Node package, so
// node-gyp needs no download), and a small preload (node24-addon-hook.mjs) makes Node 24 load that
// file instead of node_modules/better-sqlite3/build: the tree's Node 20 build is never touched.
//
// Usage: npm run test:node24 [-- vitest args]. NODE24_SPEC picks another version (default "24").
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const cache = path.join(root, 'node_modules', '.cache', 'reelvault-node24');
const spec = process.env.NODE24_SPEC ?? '24';
const platform = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
const pkgName = `node-${platform}-${process.arch}`;
const started = Date.now();

function say(msg) {
  console.log(`test:node24: ${msg}`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} exited ${r.status ?? r.signal}`);
  return r;
}

/** The newest version the registry has for the spec, or what the cache holds when the registry cannot answer. */
function wantedVersion() {
  const r = spawnSync('npm', ['view', `${pkgName}@${spec}`, 'version', '--json'], { encoding: 'utf8' });
  if (r.status === 0) {
    const v = JSON.parse(r.stdout);
    return Array.isArray(v) ? v.at(-1) : v;
  }
  const have = existsSync(cache) ? readdirSync(cache).filter((d) => d.startsWith('node-v')) : [];
  if (have.length) return have.sort().at(-1).slice('node-v'.length);
  throw new Error(`npm view ${pkgName}@${spec} failed: ${r.stderr}`);
}

/** node_modules/.cache/reelvault-node24/node-v<version>: bin/node and include/node. */
function ensureNode(version) {
  const dir = path.join(cache, `node-v${version}`);
  const bin = path.join(dir, platform === 'win' ? 'node.exe' : 'bin/node');
  if (existsSync(bin)) return { dir, bin };
  mkdirSync(cache, { recursive: true });
  say(`fetching ${pkgName}@${version} from the npm registry`);
  const packed = spawnSync('npm', ['pack', `${pkgName}@${version}`, '--pack-destination', cache, '--json', '--silent'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (packed.status !== 0) throw new Error(`npm pack ${pkgName}@${version} failed`);
  const tgz = path.join(cache, JSON.parse(packed.stdout)[0].filename);
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  run('tar', ['xzf', tgz, '-C', tmp, '--strip-components=1']);
  rmSync(tgz);
  renameSync(tmp, dir);
  return { dir, bin };
}

/** better_sqlite3.node for this Node's ABI, compiled once per better-sqlite3 version and ABI. */
function ensureSqlite(node) {
  const abi = spawnSync(node.bin, ['-p', 'process.versions.modules'], { encoding: 'utf8' }).stdout.trim();
  const srcPkg = path.dirname(require.resolve('better-sqlite3/package.json'));
  const { version } = JSON.parse(readFileSync(path.join(srcPkg, 'package.json'), 'utf8'));
  const out = path.join(cache, `better-sqlite3-${version}-abi${abi}`, 'better_sqlite3.node');
  // A cached build is used only if it loads (one from a wrong-ABI build of an earlier version of this script does not).
  if (existsSync(out) && spawnSync(node.bin, ['-e', `process.dlopen({ exports: {} }, ${JSON.stringify(out)})`]).status === 0) return out;
  say(`building better-sqlite3 ${version} for Node ABI ${abi} (once; kept in ${path.relative(root, cache)})`);
  const work = path.join(cache, `build-better-sqlite3-${version}-abi${abi}`);
  rmSync(work, { recursive: true, force: true });
  // A copy of the package's sources: its build/ (the Node 20 build) stays as it is.
  cpSync(srcPkg, work, { recursive: true, filter: (p) => !p.startsWith(path.join(srcPkg, 'build')) && !p.startsWith(path.join(srcPkg, 'node_modules')) });
  const gyp = process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp) ? process.env.npm_config_node_gyp : require.resolve('node-gyp/bin/node-gyp.js');
  // The compiler's warnings about SQLite's sources are noise; they are shown only if the build fails.
  // Under `npm test`, npm hands its config to scripts as npm_config_* variables — here `nodedir=/usr`, the
  // system Node 20's headers — and node-gyp lets them beat --nodedir: the build came out for ABI 115.
  // So the build gets an environment without them.
  const gypEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl|arch|dist_url|node_gyp)$/i.test(k)));
  const built = spawnSync(node.bin, [gyp, 'rebuild', '--release', `--nodedir=${node.dir}`, `--jobs=${os.availableParallelism()}`], { cwd: work, env: gypEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  if (built.status !== 0) {
    process.stderr.write(`${built.stdout}\n${built.stderr}`.split('\n').slice(-60).join('\n') + '\n');
    throw new Error(`node-gyp could not build better-sqlite3 for Node ABI ${abi} (exit ${built.status ?? built.signal})`);
  }
  // Checked before it is kept: a build for the wrong ABI would fail every test with a riddle.
  const addon = path.join(work, 'build', 'Release', 'better_sqlite3.node');
  const load = spawnSync(node.bin, ['-e', `process.dlopen({ exports: {} }, ${JSON.stringify(addon)})`], { encoding: 'utf8' });
  if (load.status !== 0) throw new Error(`the better-sqlite3 build does not load in Node ABI ${abi}: ${load.stderr.split('\n').find((l) => l.includes('NODE_MODULE_VERSION') || l.includes('Error')) ?? load.stderr}`);
  mkdirSync(path.dirname(out), { recursive: true });
  cpSync(addon, out);
  rmSync(work, { recursive: true, force: true });
  return out;
}

try {
  const node = ensureNode(wantedVersion());
  const binding = ensureSqlite(node);
  const prepared = ((Date.now() - started) / 1000).toFixed(1);
  const hook = path.join(root, 'scripts', 'node24-addon-hook.mjs');
  const env = {
    ...process.env,
    // Children that start `node` by name, and those that use process.execPath, both get Node 24.
    PATH: `${path.dirname(node.bin)}${path.delimiter}${process.env.PATH}`,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${JSON.stringify(pathToFileURL(hook).href)}`.trim(),
    REELVAULT_BETTER_SQLITE3_BINDING: binding,
  };
  const version = spawnSync(node.bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  say(`Node ${version} ready in ${prepared} s; running vitest on it`);
  const vitest = path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
  // The reliability suites (crash, fault, fuzz and interleaving runs of our own logic, a third of the
  // suite's time) run once, on the Node that runs npm test; here, everything else: the unit and
  // integration suites, which meet the runtime (fs, streams, child processes, the SQLite addon, S3).
  const args = process.argv.length > 2 ? process.argv.slice(2) : ['--exclude', 'test/reliability/**', '--exclude', 'electron/storage/remote/remote-crash.test.ts'];
  const r = spawnSync(node.bin, [vitest, 'run', ...args], { stdio: 'inherit', env, cwd: root });
  say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s (Node ${version})`);
  process.exit(r.status ?? 1);
} catch (err) {
  console.error(`test:node24: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
