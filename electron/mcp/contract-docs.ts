import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Each channel's one-line JSDoc, read from the contract's own domain files (shared/contract/*):
 * tsc keeps comments in the JavaScript it emits, so the built CLI reads dist/shared/contract/*.js
 * and tests read the TypeScript sources. Read at run time rather than copied at build time, so a new
 * channel is a new tool with nothing to regenerate (contract.test.ts checks every channel has its
 * one line). Each candidate is a folder; the first that holds contract files is read.
 */
export function readContractDocs(candidates: readonly URL[] = defaultCandidates()): Map<string, string> {
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (!existsSync(dir)) continue;
    const files = contractFiles(dir);
    if (files.length === 0) continue;
    const docs = new Map<string, string>();
    for (const file of files) for (const [k, v] of parseContractDocs(readFileSync(file, 'utf8'))) if (!docs.has(k)) docs.set(k, v);
    return docs;
  }
  return new Map();
}

/** The domain files of a contract folder: emitted JavaScript or TypeScript sources, not tests or declarations. */
export function contractFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => /\.(js|ts)$/.test(n) && !/\.(d|test)\.ts$/.test(n))
    .sort()
    .map((n) => path.join(dir, n));
}

function defaultCandidates(): URL[] {
  return [new URL('../../shared/contract/', import.meta.url)];
}

/** `/** Text. *\/` on the line right above `  'domain.verb': {` (or `"domain.verb":`, as some emitters print it). */
export function parseContractDocs(source: string): Map<string, string> {
  const docs = new Map<string, string>();
  const lines = source.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const key = /^\s+['"]([a-z]+\.[a-zA-Z]+)['"]:/.exec(lines[i] ?? '');
    if (!key?.[1]) continue;
    const doc = /^\s*\/\*\*\s*(.+?)\s*\*\/\s*$/.exec(lines[i - 1] ?? '');
    if (doc?.[1] && !docs.has(key[1])) docs.set(key[1], doc[1]);
  }
  return docs;
}
