import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Each channel's one-line JSDoc, read from the contract module's own file: tsc keeps comments in
 * the JavaScript it emits, so the built CLI reads dist/shared/contract.js and tests read the
 * TypeScript source. Read at run time rather than copied at build time, so a new channel is a new
 * tool with nothing to regenerate (contract.test.ts checks every channel has its one line).
 */
export function readContractDocs(candidates: readonly URL[] = defaultCandidates()): Map<string, string> {
  for (const url of candidates) {
    const file = fileURLToPath(url);
    if (existsSync(file)) return parseContractDocs(readFileSync(file, 'utf8'));
  }
  return new Map();
}

function defaultCandidates(): URL[] {
  return [new URL('../../shared/contract.js', import.meta.url), new URL('../../shared/contract.ts', import.meta.url)];
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
