import { readFileSync, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ReelvaultError } from '../../shared/errors.js';
import type { CompositionInfo, RenderCodec } from '../../shared/render-models.js';
import { runLogged } from './logged-process.js';
import { parseCompositions, parseRemotionLine, VERSION_MISMATCH, type RemotionEvent } from './remotion-output.js';
import { nodeCommand } from './render-tools.js';

export interface RemotionRunOptions {
  /** The project folder (materialised checkpoint) with node_modules linked in. */
  dir: string;
  browser: string | null;
  log: WriteStream;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

/**
 * The project's own Remotion CLI (node_modules/@remotion/cli), run with Node: it reads the
 * project's remotion.config.ts (webpack overrides, image format), finds its entry point and checks
 * its packages' versions, as `npx remotion` would — the same render the user gets in a terminal.
 */
export function remotionCli(dir: string): string {
  let pkgFile: string;
  try {
    pkgFile = createRequire(path.join(dir, 'package.json')).resolve('@remotion/cli/package.json');
  } catch {
    throw new ReelvaultError('INVALID_INPUT', 'this project does not depend on @remotion/cli: add it (npm install @remotion/cli) to render it here');
  }
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : (pkg.bin?.remotion ?? 'remotion-cli.js');
  return path.join(path.dirname(pkgFile), bin);
}

/**
 * Every render runs in a folder of its own, so webpack's cache (kept in the shared node_modules) never
 * hits: writing it only cost time (~10 s of a 30 s render here) and is raced by two renders at once.
 */
function commonArgs(browser: string | null): string[] {
  return ['--bundle-cache=false', ...(browser ? [`--browser-executable=${browser}`] : [])];
}

async function run(args: string[], opts: RemotionRunOptions, onLine?: (line: string) => void) {
  const cli = remotionCli(opts.dir);
  const node = nodeCommand(opts.env);
  opts.log.write(`[reelvault] ${node} ${cli} ${args.join(' ')}\n`);
  let mismatch = false;
  const result = await runLogged(node, [cli, ...args], {
    cwd: opts.dir,
    // CI=1 keeps Remotion's output to plain lines (no redraws) even if a terminal were attached.
    env: { ...(opts.env ?? process.env), CI: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
    signal: opts.signal,
    log: opts.log,
    onLine: (line) => {
      if (VERSION_MISMATCH.test(line)) mismatch = true;
      onLine?.(line);
    },
  }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new ReelvaultError('NOT_FOUND', `Node.js was not found (${node}); install it, or name it with REELVAULT_NODE`);
    throw err;
  });
  if (result.aborted) throw new ReelvaultError('IO', 'cancelled');
  if (result.code !== 0) {
    const said = result.tail.filter((l) => /error|failed|cannot|could not/i.test(l)).slice(-3).join(' · ') || result.tail.slice(-3).join(' · ');
    throw new ReelvaultError('IO', `remotion ${args[0]} failed (exit ${String(result.code ?? result.signal)})${mismatch ? ' — its packages are of different versions (see the log)' : ''}: ${said}`);
  }
  return { ...result, mismatch };
}

/** The compositions the project registers, as Remotion evaluates them (bundling the project once). */
export async function listCompositions(opts: RemotionRunOptions): Promise<CompositionInfo[]> {
  const lines: string[] = [];
  await run(['compositions', ...commonArgs(opts.browser)], opts, (l) => lines.push(l));
  const found = parseCompositions(lines.join('\n'));
  if (found.length === 0) throw new ReelvaultError('NOT_FOUND', 'the project registers no compositions (remotion compositions listed none)');
  return found;
}

export interface RenderArgs {
  composition: string;
  /** Relative to dir. */
  output: string;
  codec: RenderCodec;
  crf?: number | undefined;
  frames?: { from: number; to: number } | undefined;
  onEvent?: (e: RemotionEvent) => void;
}

/** `remotion render <composition> <output>` with per-frame progress read from its lines. */
export async function renderComposition(opts: RemotionRunOptions, r: RenderArgs): Promise<{ versionMismatch: boolean }> {
  const args = ['render', r.composition, r.output, `--codec=${r.codec}`, '--overwrite', ...commonArgs(opts.browser)];
  if (r.crf !== undefined) args.push(`--crf=${r.crf}`);
  if (r.frames) args.push(`--frames=${r.frames.from}-${r.frames.to}`);
  const result = await run(args, opts, (line) => {
    const e = parseRemotionLine(line);
    if (e) r.onEvent?.(e);
  });
  return { versionMismatch: result.mismatch };
}
