/**
 * Crash safety (short form, run by npm test): each operation killed with SIGKILL at a stride of its
 * durable steps and at random times. `npm run reliability` runs every step and many more random kills.
 * Needs the built library (npm test builds it first): the child process runs dist/.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { scenarios } from './crash-scenarios.js';
import { runScenario } from './crash-harness.js';
import { recordFigures } from './figures.js';

const LONG = process.env.RELIABILITY_LONG === '1';

describe('crash safety: kill at every step', () => {
  it('has the built library to run in the child', () => {
    expect(existsSync(new URL('../../dist/electron/storage/index.js', import.meta.url)), 'run npm run build first').toBe(true);
  });
  for (const s of scenarios) {
    it(`${s.op}: every item old or new, nothing acknowledged lost`, async () => {
      const r = await runScenario(s, LONG ? { stride: 1, randomKills: 60 } : { stride: 9, randomKills: 3 });
      recordFigures('crash', r);
      expect(r.failures).toEqual([]);
      expect(r.steps).toBeGreaterThan(5);
      expect(r.kills).toBeGreaterThan(0);
    }, LONG ? 1_800_000 : 180_000);
  }
});
