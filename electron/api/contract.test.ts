/** The contract's own rules: names, one-line docs, and the version it reports. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHANNELS, EVENT_NAMES, contract, isChannel, isEventName } from '../../shared/contract.js';
import { APP_VERSION } from '../../shared/version.js';
import { contractFiles } from '../mcp/contract-docs.js';

// The contract's domain files, each read on its own: a doc must sit in the file of its channel.
const sources = contractFiles(fileURLToPath(new URL('../../shared/contract/', import.meta.url))).map((f) => ({ f, text: readFileSync(f, 'utf8') }));

describe('contract', () => {
  it('names every channel domain.verb, and every input is one object', () => {
    for (const c of CHANNELS) {
      expect(c).toMatch(/^[a-z]+\.[a-z][a-zA-Z]+$/);
      expect(contract[c].input.safeParse([]).success, c).toBe(false);
    }
  });

  it('documents every channel and event with a one-line JSDoc right above it', () => {
    for (const name of [...CHANNELS, ...EVENT_NAMES]) {
      const found = sources.filter((s) => s.text.includes(`  '${name}':`));
      expect(found.length, name).toBe(1);
      const source = found[0]?.text ?? '';
      const at = source.indexOf(`  '${name}':`);
      const before = source.slice(0, at).trimEnd().split('\n').at(-1) ?? '';
      expect(before, name).toMatch(/^\s*\/\*\* .+ \*\/$/);
    }
  });

  it('keeps each domain file to its own domain, so composing the parts can overwrite no channel', () => {
    let declared = 0;
    for (const { f, text } of sources) {
      const keys = [...text.matchAll(/^ {2}'([a-z]+)\.[a-zA-Z]+':/gm)].map((m) => m[1]);
      declared += keys.length;
      const domains = new Set(keys);
      // jobs.ts also holds media.redo (the media queue's own channel); events.ts names events of several.
      if (!f.endsWith('events.ts')) expect(domains.size, f).toBeLessThanOrEqual(f.endsWith('jobs.ts') ? 2 : 1);
    }
    expect(declared).toBe(CHANNELS.length + EVENT_NAMES.length);
  });

  it('tells channels and events apart from anything else, prototype names included', () => {
    expect(isChannel('projects.create')).toBe(true);
    expect(isEventName('library.changed')).toBe(true);
    for (const n of ['__proto__', 'constructor', 'hasOwnProperty', 'library.changed', 42, null]) expect(isChannel(n)).toBe(false);
    expect(isEventName('projects.create')).toBe(false);
  });

  it('reports the version package.json has', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(APP_VERSION).toBe(pkg.version);
  });
});
