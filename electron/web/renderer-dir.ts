import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the built renderer is: out/renderer at the package root, found by walking up from this
 * module (dist/electron/web when built, electron/web under tests). Nothing is built at run time.
 */
export function findRendererDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.REELVAULT_RENDERER_DIR) return existsSync(path.join(env.REELVAULT_RENDERER_DIR, 'index.html')) ? path.resolve(env.REELVAULT_RENDERER_DIR) : null;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'out', 'renderer');
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
    dir = path.dirname(dir);
  }
  return null;
}
