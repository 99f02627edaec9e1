import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Suites append their figures (trials, faults injected, failures) as JSON lines; `npm run
 * reliability` turns them into docs/reliability.md. Set RELIABILITY_FIGURES to the file to append to.
 */
export function recordFigures(suite: string, figures: object): void {
  const file = process.env.RELIABILITY_FIGURES;
  if (!file) return;
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, JSON.stringify({ suite, ...figures }) + '\n');
}

export const here = path.dirname(fileURLToPath(import.meta.url));
