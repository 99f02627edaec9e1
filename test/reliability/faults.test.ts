/**
 * Disk faults: ENOSPC, EIO and EROFS thrown at each durable step of each operation (a stride of them
 * in npm test, all in `npm run reliability`). Every failure must be a clear IO error, leave nothing
 * corrupted (the crash suite's checks), and the library must work again once the disk is healthy.
 * A truly read-only folder cannot be made here (tests run as root, which ignores permissions), so
 * EROFS is injected the same way.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toErrorPayload } from '../../shared/errors.js';
import { openStorage, type Storage } from '../../electron/storage/index.js';
import { tempDir } from '../../electron/storage/test-support/fixtures.js';
import { actor, perform, scenarios, type Ack, type Scenario, type State } from './crash-scenarios.js';
import { checkAfter } from './crash-harness.js';
import { armFault } from './fault-inject.js';
import { recordFigures } from './figures.js';

const LONG = process.env.RELIABILITY_LONG === '1';
const CODES = ['ENOSPC', 'EIO', 'EROFS'];

async function fresh(s: Scenario): Promise<{ lib: Storage; dir: string; state: State; cleanup: () => void }> {
  const t = tempDir(`fault-${s.op}`);
  const data = path.join(t.dir, 'data');
  mkdirSync(data);
  const lib = openStorage({ provider: 'filesystem', dir: path.join(t.dir, 'lib') });
  const state = await s.setup(lib, data);
  return { lib, dir: path.join(t.dir, 'lib'), state, cleanup: t.cleanup };
}

/** Something a user would do next, which must work once the disk is healthy again. */
async function worksAgain(lib: Storage, dir: string): Promise<void> {
  const f = path.join(dir, '..', 'after-fault.txt');
  writeFileSync(f, `after the fault ${Math.random()}`);
  const s = await lib.assets.importPaths(actor, [f]);
  expect(s.imported).toBe(1);
  const p = await lib.projects.create(actor, { name: 'after the fault' });
  await lib.files.write(actor, p.id, 'a.txt', 'ok');
  await lib.checkpoints.create(actor, p.id, { name: 'ok' });
}

describe('disk faults: ENOSPC, EIO, EROFS at every write step', () => {
  for (const s of scenarios) {
    it(`${s.op}: a clear IO error, nothing corrupted, works again`, async () => {
      const counting = await fresh(s);
      const meter = await armFault(0, 'ENOSPC');
      try {
        await perform(counting.lib, s.op, counting.state, () => undefined);
      } finally {
        meter.disarm();
        counting.lib.close();
        counting.cleanup();
      }
      const steps = meter.steps;
      expect(steps).toBeGreaterThan(3);
      const stride = LONG ? 1 : Math.max(1, Math.floor(steps / 6));
      let injected = 0;
      const failures: string[] = [];
      for (const code of CODES) {
        for (let k = 1; k <= steps; k += stride) {
          const f = await fresh(s);
          const acks: Ack[] = [];
          const fault = await armFault(k, code);
          let error: unknown = null;
          try {
            await perform(f.lib, s.op, f.state, (a) => acks.push(a));
          } catch (err) {
            error = err;
          } finally {
            fault.disarm();
          }
          try {
            if (fault.fired) {
              injected++;
              // Some steps are cleanup whose failure is harmless (a temp file left for the next open
              // to remove); otherwise the fault must surface as an IO error naming its cause.
              if (error) {
                const p = toErrorPayload(error);
                if (p.code !== 'IO' || !p.message.includes(code)) throw new Error(`unclear error ${p.code}: ${p.message}`);
              }
            } else if (error) throw error;
            f.lib.close();
            await checkAfter(s, f.dir, f.state, acks);
            const again = openStorage({ provider: 'filesystem', dir: f.dir });
            try { await worksAgain(again, f.dir); } finally { again.close(); }
          } catch (err) {
            failures.push(`${code} at step ${k} (${fault.fired}): ${(err as Error).message}`);
          } finally {
            f.cleanup();
          }
        }
      }
      recordFigures('faults', { op: s.op, steps, codes: CODES.length, injected, failures });
      expect(failures).toEqual([]);
      expect(injected).toBeGreaterThan(0);
    }, LONG ? 1_800_000 : 240_000);
  }
});
