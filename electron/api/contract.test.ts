/** The contract's own rules: names, one-line docs, and the version it reports. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CHANNELS, EVENT_NAMES, contract, isChannel, isEventName } from '../../shared/contract.js';
import { APP_VERSION } from '../../shared/version.js';

const source = readFileSync(new URL('../../shared/contract.ts', import.meta.url), 'utf8');

describe('contract', () => {
  it('names every channel domain.verb, and every input is one object', () => {
    for (const c of CHANNELS) {
      expect(c).toMatch(/^[a-z]+\.[a-z][a-zA-Z]+$/);
      expect(contract[c].input.safeParse([]).success, c).toBe(false);
    }
  });

  it('documents every channel and event with a one-line JSDoc right above it', () => {
    for (const name of [...CHANNELS, ...EVENT_NAMES]) {
      const at = source.indexOf(`  '${name}':`);
      expect(at, name).toBeGreaterThan(0);
      const before = source.slice(0, at).trimEnd().split('\n').at(-1) ?? '';
      expect(before, name).toMatch(/^\s*\/\*\* .+ \*\/$/);
    }
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
