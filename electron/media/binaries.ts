import { accessSync, constants as fsc, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { MediaToolInfo, RefusedTool } from '../../shared/contract.js';
import { MediaError } from './media-error.js';
import { runTool } from './run-tool.js';
import { parseToolVersion, staleReason } from './tool-version.js';

export type MediaTool = 'ffmpeg' | 'ffprobe';

/** The binary media work runs, with what it said about itself. */
export interface ResolvedBinary {
  tool: MediaTool;
  path: string;
  /** Where the path came from, so diagnostics can say which binary ran. */
  source: 'env' | 'path';
  version: string | null;
  buildYear: number | null;
  /** Set when the binary runs although it is a risk: forced by the env variable while old or unreadable. */
  warning: string | null;
}

export const ENV_VARS: Record<MediaTool, string> = { ffmpeg: 'REELVAULT_FFMPEG', ffprobe: 'REELVAULT_FFPROBE' };

/**
 * Folders a package manager installs into that a desktop app launched from the Finder or the Dock
 * does not have on its PATH (macOS gives GUI apps only /usr/bin:/bin:/usr/sbin:/sbin). Linux
 * desktop sessions and Windows pass the user's PATH on.
 */
const USUAL_DIRS: Partial<Record<NodeJS.Platform, string[]>> = {
  darwin: ['/opt/homebrew/bin', '/usr/local/bin', '/opt/local/bin'],
};

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** Today, for the age of a build (tests pin it). */
  now?: Date;
  /** Extra folders searched after PATH; the platform's usual ones by default. */
  usualDirs?: string[];
}

export function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, process.platform === 'win32' ? fsc.R_OK : fsc.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Every executable named `tool` on PATH, then in the usual folders, each real file once, in that order. */
export function candidatesOnPath(tool: MediaTool, env: NodeJS.ProcessEnv, usualDirs: string[]): string[] {
  const name = process.platform === 'win32' ? `${tool}.exe` : tool;
  const dirs = [...(env.PATH ?? env.Path ?? '').split(path.delimiter), ...usualDirs].filter((d) => d && path.isAbsolute(d));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const d of dirs) {
    const p = path.join(d, name);
    if (!isExecutableFile(p)) continue;
    let real = p;
    try {
      real = realpathSync(p);
    } catch {
      // Listed and executable a moment ago: keep the name it was found under.
    }
    if (seen.has(real)) continue;
    seen.add(real);
    out.push(p);
  }
  return out;
}

/** What the binary says about itself (its first line of -version), or null when it cannot say. */
async function readVersion(p: string) {
  try {
    const r = await runTool(p, ['-version'], { timeoutMs: 10_000, maxStdoutBytes: 64 * 1024 });
    return r.code === 0 ? parseToolVersion(r.stdout.toString('utf8')) : null;
  } catch {
    return null;
  }
}

/**
 * Which ffmpeg (or ffprobe) media work runs, and why:
 * 1. REELVAULT_FFMPEG / REELVAULT_FFPROBE when set — the user means it, so a path that is not an
 *    executable is an error, and an old build still runs, with its warning shown wherever the
 *    tools are reported;
 * 2. otherwise the first current build on PATH, then in the platform's usual install folders;
 *    builds years old (tool-version.ts) are passed over and listed as refused;
 * 3. none current: nothing runs. Media work fails with the reason, and the app still works.
 * No binary ships with the app: the npm installer packages carried a 2018 ffmpeg, and a bundled
 * build can only age, where the system's is updated with the system.
 */
export async function describeTool(tool: MediaTool, opts: ResolveOptions = {}): Promise<MediaToolInfo> {
  const env = opts.env ?? process.env;
  const now = opts.now ?? new Date();
  const override = env[ENV_VARS[tool]];
  if (override) {
    if (!isExecutableFile(override)) {
      const remedy = `Point ${ENV_VARS[tool]} at an executable ${tool}, or unset it to use a current one from PATH.`;
      return { tool, path: null, source: 'env', version: null, buildYear: null, problem: `${ENV_VARS[tool]}=${override} is not an executable file`, remedy, refused: [] };
    }
    const v = await readVersion(override);
    const stale = staleReason(v, now);
    return {
      tool,
      path: override,
      source: 'env',
      version: v?.version ?? null,
      buildYear: v?.buildYear ?? null,
      problem: stale ? `${override} ${stale}; it runs because ${ENV_VARS[tool]} names it — untrusted media is decoded by an outdated build` : null,
      remedy: stale ? `Unset ${ENV_VARS[tool]} to use a current build from PATH, or point it at a current one.` : null,
      refused: [],
    };
  }
  const refused: RefusedTool[] = [];
  for (const p of candidatesOnPath(tool, env, opts.usualDirs ?? USUAL_DIRS[process.platform] ?? [])) {
    const v = await readVersion(p);
    const stale = staleReason(v, now);
    if (v && v.program !== tool) {
      refused.push({ path: p, version: v.version, buildYear: v.buildYear, reason: `answers as ${v.program}, not ${tool}` });
    } else if (stale) {
      refused.push({ path: p, version: v?.version ?? null, buildYear: v?.buildYear ?? null, reason: stale });
    } else if (v) {
      return { tool, path: p, source: 'path', version: v.version, buildYear: v.buildYear, problem: null, remedy: null, refused };
    }
  }
  const found = refused.length > 0 ? `refused ${refused.map((r) => `${r.path}: ${r.reason}`).join('; ')}` : 'none found on PATH';
  return {
    tool,
    path: null,
    source: null,
    version: null,
    buildYear: null,
    problem: `no current ${tool} — ${found}`,
    remedy: `Install a current FFmpeg (Debian/Ubuntu: apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg), or set ${ENV_VARS[tool]} to one you trust.`,
    refused,
  };
}

/** One look per tool and setting for the life of the process: -version is a process spawn. */
const cache = new Map<string, Promise<MediaToolInfo>>();

function cached(tool: MediaTool, env: NodeJS.ProcessEnv): Promise<MediaToolInfo> {
  const key = JSON.stringify([tool, env[ENV_VARS[tool]] ?? '', env.PATH ?? env.Path ?? '', new Date().getUTCFullYear()]);
  let p = cache.get(key);
  if (!p) {
    p = describeTool(tool, { env });
    cache.set(key, p);
  }
  return p;
}

/** The ffmpeg and ffprobe that media work runs, for `library info` and the status bar. */
export function mediaTools(env: NodeJS.ProcessEnv = process.env): Promise<MediaToolInfo[]> {
  return Promise.all([cached('ffmpeg', env), cached('ffprobe', env)]);
}

/** The problem and what to do about it, as one line for a terminal. */
export function problemLine(info: MediaToolInfo): string | null {
  return info.problem ? `${info.problem}. ${info.remedy ?? ''}`.trim() : null;
}

/** The short reason a job records when no binary runs (the tile shows it; the detail is in library info). */
export function unavailableReason(info: MediaToolInfo): string {
  if (info.source === 'env') return `${info.tool} misconfigured`;
  return info.refused.length > 0 ? `${info.tool} too old` : `${info.tool} not found`;
}

/** The binary to run, or a MediaError saying why there is none. */
export async function resolveBinary(tool: MediaTool, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedBinary> {
  const info = await cached(tool, env);
  if (!info.path || !info.source) throw new MediaError(unavailableReason(info), problemLine(info) ?? undefined);
  return { tool, path: info.path, source: info.source, version: info.version, buildYear: info.buildYear, warning: info.problem };
}

export const resolveFfmpeg = (env?: NodeJS.ProcessEnv): Promise<ResolvedBinary> => resolveBinary('ffmpeg', env);
export const resolveFfprobe = (env?: NodeJS.ProcessEnv): Promise<ResolvedBinary> => resolveBinary('ffprobe', env);
