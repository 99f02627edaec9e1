import { accessSync, constants as fsc, statSync } from 'node:fs';
import { createRequire } from 'node:module';

export type MediaTool = 'ffmpeg' | 'ffprobe';

export interface ResolvedBinary {
  tool: MediaTool;
  path: string;
  /** Where the path came from, so diagnostics can say which binary ran. */
  source: 'env' | 'package' | 'path';
}

const ENV_VARS: Record<MediaTool, string> = { ffmpeg: 'REELVAULT_FFMPEG', ffprobe: 'REELVAULT_FFPROBE' };
const PACKAGES: Record<MediaTool, string> = { ffmpeg: '@ffmpeg-installer/ffmpeg', ffprobe: '@ffprobe-installer/ffprobe' };

const require = createRequire(import.meta.url);

/**
 * Binaries cannot be executed from inside an asar archive; electron-builder unpacks them next
 * to it (asarUnpack), so the path the installer package reports must point there instead.
 */
export function unpackedPath(p: string): string {
  return p.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
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

/** The installer packages throw (sometimes a bare string) when their platform package is missing. */
function packagePath(tool: MediaTool): string | undefined {
  try {
    const mod = require(PACKAGES[tool]) as { path?: unknown };
    return typeof mod.path === 'string' ? unpackedPath(mod.path) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Env override first (a user who sets it means it, so a bad value is an error rather than a
 * silent fallback), then the registry package's binary, then whatever is on PATH.
 */
export function resolveBinary(tool: MediaTool, env: NodeJS.ProcessEnv = process.env): ResolvedBinary {
  const override = env[ENV_VARS[tool]];
  if (override) {
    if (!isExecutableFile(override)) {
      throw new Error(`${ENV_VARS[tool]}=${override} is not an executable file`);
    }
    return { tool, path: override, source: 'env' };
  }
  const fromPackage = packagePath(tool);
  if (fromPackage && isExecutableFile(fromPackage)) return { tool, path: fromPackage, source: 'package' };
  return { tool, path: tool, source: 'path' };
}

export const resolveFfmpeg = (env?: NodeJS.ProcessEnv): ResolvedBinary => resolveBinary('ffmpeg', env);
export const resolveFfprobe = (env?: NodeJS.ProcessEnv): ResolvedBinary => resolveBinary('ffprobe', env);
