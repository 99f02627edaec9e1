import { randomBytes } from 'node:crypto';
import { existsSync, promises as fsp, type WriteStream } from 'node:fs';
import path from 'node:path';
import { ReelvaultError, invalid } from '../../shared/errors.js';
import type { Actor } from '../../shared/models.js';
import type { Storage } from '../storage/index.js';
import { ensureDependencies } from './deps-cache.js';
import { pruneLimits } from './deps-cache-prune.js';
import type { PhasedProgress } from './phased-progress.js';
import { findBrowser } from './render-tools.js';

/** A checkpoint written out for Remotion: the project folder, the folder around it, and its removal. */
export interface RenderWorkdir {
  dir: string;
  work: string;
  cleanup(): Promise<unknown>;
}

/**
 * A checkpoint's files in a fresh folder with its dependencies linked in: where Remotion runs.
 * Returns the folder and a cleanup that removes it (node_modules is a link: the cache stays).
 */
export async function prepareWorkdir(
  storage: Storage,
  deps: { cacheDir: string; env: NodeJS.ProcessEnv },
  actor: Actor,
  checkpointId: string,
  log: WriteStream,
  signal: AbortSignal,
  progress: PhasedProgress,
): Promise<RenderWorkdir> {
  const work = path.join(storage.ctx.dirs.tmp, `render-${randomBytes(6).toString('hex')}`);
  const dir = path.join(work, 'project');
  let release: (() => Promise<void>) | null = null;
  // The folder goes first (its node_modules link with it), then the lease that kept the cache entry from pruning.
  const cleanup = () =>
    fsp
      .rm(work, { recursive: true, force: true })
      .catch(() => undefined)
      .then(() => release?.())
      .catch(() => undefined);
  try {
    progress.stage('preparing', 'Writing the checkpoint’s files');
    const made = await storage.renders.materialise(actor, checkpointId, dir);
    log.write(`[reelvault] checkpoint ${checkpointId}: ${made.files} files, ${made.bytes} bytes written to ${dir}\n`);
    const pkg = JSON.parse(await fsp.readFile(path.join(dir, 'package.json'), 'utf8').catch(() => '{}')) as Record<string, Record<string, string> | undefined>;
    const declared = { ...pkg.dependencies, ...pkg.devDependencies };
    if (!declared['@remotion/cli']) throw invalid('this checkpoint is not a Remotion project: its package.json does not depend on @remotion/cli');
    if (existsSync(path.join(dir, 'node_modules'))) throw new ReelvaultError('INTERNAL', 'node_modules is in the checkpoint');
    const installed = await ensureDependencies(dir, {
      cacheDir: deps.cacheDir,
      log,
      signal,
      env: deps.env,
      prune: pruneLimits(deps.env),
      onProgress: (done, total) => progress.stage('installing', total ? `Installing dependencies: ${done}/${total} packages` : `Installing dependencies: ${done} packages`, total ? done / total : null),
    });
    release = installed.release;
    if (installed.installed) progress.stage('installing', 'Dependencies installed', 1);
    await fsp.symlink(installed.nodeModules, path.join(dir, 'node_modules'), 'junction');
    return { dir, work, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** The browser Remotion is given, said in the log; null lets Remotion use (or fetch) its own. */
export function renderBrowser(env: NodeJS.ProcessEnv, log: WriteStream): string | null {
  const b = findBrowser(env);
  log.write(b.path ? `[reelvault] browser: ${b.path} (${b.source === 'env' ? 'from the environment' : 'found on this machine'})\n` : '[reelvault] browser: none found (CHROMIUM_PATH); Remotion uses its own headless shell, downloading it if it can\n');
  return b.path;
}
