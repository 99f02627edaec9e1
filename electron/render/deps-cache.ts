import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fsp, type WriteStream } from 'node:fs';
import path from 'node:path';
import { ReelvaultError } from '../../shared/errors.js';
import { COMPLETE, folderBytes, leaseEntry, pruneDepsCache, type PruneLimits } from './deps-cache-prune.js';
import { runLogged } from './logged-process.js';
import { npmCommand } from './render-tools.js';

/** Files of a project that decide what `npm install` puts in node_modules. */
const INSTALL_INPUTS = ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', '.npmrc'] as const;

export interface DepsOptions {
  cacheDir: string;
  log: WriteStream;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Packages done and (when a lockfile says) in all, while npm installs. */
  onProgress?: (done: number, total: number | null) => void;
  /** After a new install, the cache is pruned to these limits (never an entry in use). */
  prune?: PruneLimits;
}

export interface DepsResult {
  /** The shared node_modules folder to link the render folder to. */
  nodeModules: string;
  key: string;
  /** False: found in the cache; true: installed now. */
  installed: boolean;
  /** The entry is leased (kept from pruning) until this is called: when the render that uses it is done. */
  release(): Promise<void>;
}

type Found = Omit<DepsResult, 'release'>;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function canonical(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k] as Json)}`).join(',')}}`;
  return JSON.stringify(v);
}

/**
 * The cache key of an install: what it is built from (the lockfile, else package.json's dependency
 * fields), for this platform, CPU and Node major (node_modules hold native binaries). The project's
 * own name and version are left out, so every project of the same dependencies — every project
 * from the same template — shares one install.
 */
export function depsKey(files: Partial<Record<(typeof INSTALL_INPUTS)[number], string>>, env: { platform: string; arch: string; node: string } = { platform: process.platform, arch: process.arch, node: process.versions.node }): string {
  const h = createHash('sha256').update(`reelvault-deps-1\0${env.platform}-${env.arch}\0node${env.node.split('.')[0]}\0`);
  const lock = files['npm-shrinkwrap.json'] ?? files['package-lock.json'];
  if (lock !== undefined) {
    type Lock = { packages?: Record<string, Record<string, Json>> };
    let parsed: Lock | null;
    try { parsed = JSON.parse(lock) as Lock; } catch { parsed = null; }
    if (parsed && typeof parsed === 'object') {
      const packages = { ...(parsed.packages ?? {}) };
      if (packages['']) {
        const { name: _n, version: _v, ...root } = packages[''];
        packages[''] = root;
      }
      h.update('lock\0').update(canonical(packages as Json));
    } else {
      h.update('lock-raw\0').update(lock);
    }
  } else {
    const pkg = JSON.parse(files['package.json'] ?? '{}') as Record<string, Json>;
    const fields = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'overrides', 'workspaces'];
    h.update('pkg\0').update(canonical(Object.fromEntries(fields.map((f) => [f, pkg[f] ?? null])) as Json));
  }
  h.update('\0npmrc\0').update(files['.npmrc'] ?? '');
  return h.digest('hex').slice(0, 40);
}

async function readInputs(projectDir: string): Promise<Partial<Record<(typeof INSTALL_INPUTS)[number], string>>> {
  const out: Partial<Record<(typeof INSTALL_INPUTS)[number], string>> = {};
  for (const f of INSTALL_INPUTS) {
    const text = await fsp.readFile(path.join(projectDir, f), 'utf8').catch(() => undefined);
    if (text !== undefined) out[f] = text;
  }
  return out;
}

/** npm's words for "the registry is out of reach". */
const OFFLINE = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network request|request to https?:\/\/\S+ failed/i;

/** Installs under way in this process, by key: a second asker (the compositions list and a render at once) waits for the first. */
const inflight = new Map<string, Promise<Found>>();

/**
 * node_modules for a project's dependencies, from the cache when an install of the same inputs is
 * there, else installed now with npm (`npm ci` with a lockfile, `npm install` without) into a
 * staging folder that is renamed into the cache only when complete — a cancelled or failed install
 * leaves no entry that looks finished, and two processes installing at once both end up with one.
 * The entry comes leased: no prune removes it until the caller releases it.
 */
export async function ensureDependencies(projectDir: string, opts: DepsOptions): Promise<DepsResult> {
  const inputs = await readInputs(projectDir);
  if (inputs['package.json'] === undefined) throw new ReelvaultError('INVALID_INPUT', 'this checkpoint has no package.json: it is not a Remotion project');
  const key = depsKey(inputs);
  // A second try covers an entry pruned by another process between finding and leasing it.
  for (let attempt = 0; ; attempt++) {
    const found = await installOnce(key, inputs, opts);
    const lease = await leaseEntry(path.dirname(found.nodeModules));
    if (lease) {
      if (found.installed && opts.prune) await prune(opts.cacheDir, opts.prune, opts.log);
      return { ...found, release: lease.release };
    }
    if (attempt > 0) throw new ReelvaultError('IO', `the dependency cache entry ${key} went away while it was being used (another process pruned ${opts.cacheDir}?)`);
  }
}

async function prune(cacheDir: string, limits: PruneLimits, log: WriteStream): Promise<void> {
  try {
    const r = await pruneDepsCache(cacheDir, limits);
    if (r.removed.length || r.swept.length) log.write(`[reelvault] dependencies: pruned the cache (removed ${r.removed.length}, swept ${r.swept.length} unfinished installs; kept ${r.kept.length}, ${r.bytesKept} bytes)\n`);
  } catch (err) {
    // Pruning is housekeeping: the render goes on.
    log.write(`[reelvault] dependencies: pruning the cache failed: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

async function installOnce(key: string, inputs: Partial<Record<(typeof INSTALL_INPUTS)[number], string>>, opts: DepsOptions): Promise<Found> {
  const running = inflight.get(key);
  if (running) {
    opts.log.write(`[reelvault] dependencies: waiting for the install of ${key} already under way\n`);
    // Its failure (a cancel of the other job) is not ours: then install ourselves.
    const shared = await running.catch(() => null);
    if (shared) return { ...shared, installed: false };
  }
  const mine = install(key, inputs, opts);
  inflight.set(key, mine);
  try {
    return await mine;
  } finally {
    if (inflight.get(key) === mine) inflight.delete(key);
  }
}

async function install(key: string, inputs: Partial<Record<(typeof INSTALL_INPUTS)[number], string>>, opts: DepsOptions): Promise<Found> {
  const entry = path.join(opts.cacheDir, key);
  const nodeModules = path.join(entry, 'node_modules');
  if (existsSync(path.join(entry, COMPLETE)) && existsSync(nodeModules)) {
    opts.log.write(`[reelvault] dependencies: cached install ${key} (${entry})\n`);
    return { nodeModules, key, installed: false };
  }
  await fsp.mkdir(opts.cacheDir, { recursive: true });
  // The pid in the name lets a later prune tell a killed install's leftovers from one under way.
  const staging = path.join(opts.cacheDir, `.staging-${key}-${process.pid}-${randomBytes(4).toString('hex')}`);
  await fsp.mkdir(staging);
  try {
    for (const [name, text] of Object.entries(inputs)) await fsp.writeFile(path.join(staging, name), text);
    const lock = inputs['npm-shrinkwrap.json'] ?? inputs['package-lock.json'];
    let total: number | null = null;
    if (lock) {
      try {
        total = Object.keys((JSON.parse(lock) as { packages?: object }).packages ?? {}).length - 1;
      } catch {
        total = null;
      }
    }
    const npm = npmCommand(opts.env);
    const args = [lock ? 'ci' : 'install', '--no-audit', '--no-fund', '--no-update-notifier', '--prefer-offline', '--loglevel=http'];
    opts.log.write(`[reelvault] dependencies: not cached (${key}); running ${npm.command} ${args.join(' ')}\n`);
    let tarballs = 0;
    let manifests = 0;
    const run = await runLogged(npm.command, args, {
      cwd: staging,
      env: { ...(opts.env ?? process.env), npm_config_progress: 'false' },
      shell: npm.shell,
      signal: opts.signal,
      log: opts.log,
      onLine: (line) => {
        if (/^npm http (?:fetch GET 200|cache) \S*\.tgz/.test(line) || /\.tgz \d+ms/.test(line)) tarballs++;
        else if (/^npm http fetch GET 200 /.test(line)) manifests++;
        else return;
        opts.onProgress?.(tarballs, total ?? Math.max(tarballs, manifests));
      },
    }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') throw new ReelvaultError('NOT_FOUND', `npm was not found (${npm.command}); install Node.js with npm, or name it with REELVAULT_NPM`);
      throw err;
    });
    if (run.aborted) throw new ReelvaultError('IO', 'cancelled');
    if (run.code !== 0) {
      const said = run.tail.filter((l) => /ERR!|error/i.test(l)).slice(-3).join(' · ') || run.tail.slice(-2).join(' · ');
      if (OFFLINE.test(run.tail.join('\n'))) {
        throw new ReelvaultError('IO', `the project's dependencies are not installed and npm cannot reach the registry (offline?): ${said}. Render again once online; the install is then cached for every render of these dependencies`);
      }
      throw new ReelvaultError('IO', `npm ${args[0]} failed (exit ${String(run.code ?? run.signal)}): ${said}`);
    }
    await fsp.mkdir(path.join(staging, 'node_modules'), { recursive: true });
    // Its size is measured once, here, so pruning to a byte budget need not walk node_modules again.
    const bytes = await folderBytes(staging);
    await fsp.writeFile(path.join(staging, COMPLETE), JSON.stringify({ key, at: new Date().toISOString(), packages: tarballs, bytes }) + '\n');
    try {
      await fsp.rename(staging, entry);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // Another process finished the same install first: use its entry.
      if ((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(path.join(entry, COMPLETE))) return { nodeModules, key, installed: true };
      if (code === 'ENOTEMPTY' || code === 'EEXIST') {
        // A half-made entry from an older crash: ours replaces it.
        await fsp.rm(entry, { recursive: true, force: true });
        await fsp.rename(staging, entry);
      } else {
        throw err;
      }
    }
    opts.log.write(`[reelvault] dependencies: installed into the cache (${entry})\n`);
    return { nodeModules, key, installed: true };
  } finally {
    await fsp.rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}
