/**
 * Every contract channel fuzzed through the handler table both hosts bind (createApi → dispatch):
 * schema-aware inputs (mostly valid, with real ids, so they reach the library) and arbitrary values.
 * Properties: dispatch never throws or rejects, every failure is a contract code, nothing is written
 * outside the library and a sandbox folder, and the library still verifies. Seeds print on failure.
 * Path fields only ever name places inside the sandbox: a fuzzer must not write to random places on
 * the machine running it (the desktop host's path channels export and back up by design).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { CHANNELS, contract, type Channel } from '../../shared/contract.js';
import { ERROR_CODES } from '../../shared/errors.js';
import { createApi, type Api } from '../../electron/api/index.js';
import { openStorage, type Storage } from '../../electron/storage/index.js';
import { tempDir } from '../../electron/storage/test-support/fixtures.js';
import { arbitraryFor } from './zod-arbitrary.js';
import { recordFigures } from './figures.js';

const LONG = process.env.RELIABILITY_LONG === '1';
const HEAVY = new Set<string>(['library.gc', 'library.backup']);
const RUNS = Number(process.env.CHANNEL_FUZZ_RUNS ?? (LONG ? 5000 : 1000));

function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = path.join(d, n);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) { out.push(`${p}/`); walk(p); } else out.push(`${p} ${st?.size ?? '?'}`);
    }
  };
  walk(dir);
  return out;
}

describe('contract channels, fuzzed', () => {
  let root: ReturnType<typeof tempDir>;
  let storage: Storage;
  let apis: Api[];
  let sandbox: string;
  let outside: string;
  let ids: Record<string, string[]>;
  let outsideBefore: string[];
  const stats = { runs: 0, ok: 0, rejected: 0 };

  beforeAll(async () => {
    root = tempDir('fuzz');
    sandbox = path.join(root.dir, 'sandbox');
    outside = path.join(root.dir, 'outside');
    mkdirSync(sandbox);
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'keep.txt'), 'must never change');
    writeFileSync(path.join(sandbox, 'media.png'), Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(40, 1)]));
    storage = openStorage({ provider: 'filesystem', dir: path.join(root.dir, 'lib') });
    const actor = { userId: 'fuzz', sessionId: 'fuzz' };
    // Both hosts' flavours of the same table: the web host refuses path channels, the desktop runs them.
    apis = [
      createApi({ storage, host: 'web', libraryDir: path.join(root.dir, 'lib'), actor }),
      createApi({ storage, host: 'desktop', libraryDir: path.join(root.dir, 'lib'), actor }),
    ];
    const p = await storage.projects.create(actor, { name: 'fuzz target', template: 'remotion' });
    const c = await storage.checkpoints.create(actor, p.id, { name: 'v1' });
    const imp = await storage.assets.importPaths(actor, [path.join(sandbox, 'media.png')]);
    writeFileSync(path.join(sandbox, 'render.mp4'), Buffer.alloc(2048, 3));
    const r = await storage.renders.store(actor, p.id, { path: path.join(sandbox, 'render.mp4') });
    ids = { prj: [p.id], ckp: [c.id], ast: [imp.items[0]!.asset!.id], rnd: [r.id], sha: [imp.items[0]!.asset!.sha256] };
    outsideBefore = tree(outside);
  });
  afterAll(() => {
    for (const a of apis) a.close();
    storage.close();
    root.cleanup();
  });

  /** Fields the fuzzer must control: real ids half the time, and paths only inside the sandbox. */
  const pick = (key: string, schema: z.ZodType): fc.Arbitrary<unknown> | undefined => {
    const def = (schema as unknown as { _zod: { def: { type: string } } })._zod.def;
    if (def.type !== 'string') return undefined;
    const idKey = /^(id|projectId|checkpointId)$/.test(key);
    if (idKey || key === 'ids') {
      const all = [...ids.prj!, ...ids.ckp!, ...ids.ast!, ...ids.rnd!];
      return fc.oneof(fc.constantFrom(...all), fc.constantFrom('prj_x', 'ckp_0', 'ast_zz', 'rnd_1', ''), fc.string({ maxLength: 30 }));
    }
    if (key === 'sha256') return fc.oneof(fc.constantFrom(...ids.sha!), fc.stringMatching(/^[0-9a-f]{64}$/));
    if (/^(path|paths|dest|dir)$/.test(key)) {
      // Absolute ones inside the sandbox (desktop path channels), relative ones for workspace paths.
      return fc.oneof(
        fc.constantFrom('a.txt', 'src/new.ts', '../escape', '/etc/passwd', 'C:\\x', '.git/config', 'CON', ''),
        fc.array(fc.constantFrom('x', 'y', '..', '.', 'é', 'planted'), { minLength: 1, maxLength: 4 }).map((p) => p.join('/')),
        fc.constantFrom(sandbox, path.join(sandbox, 'media.png'), path.join(sandbox, 'out.mp4'), path.join(sandbox, 'backup'), path.join(sandbox, 'sub', 'new')),
      );
    }
    return undefined;
  };

  for (const channel of CHANNELS) {
    it(`${channel}: never throws, every refusal a contract code, nothing outside touched`, async () => {
      const schema = contract[channel as Channel].input as unknown as z.ZodType;
      const input = fc.oneof({ weight: 4, arbitrary: arbitraryFor(schema, pick) }, { weight: 1, arbitrary: fc.anything() });
      await fc.assert(
        fc.asyncProperty(input, fc.integer({ min: 0, max: 1 }), async (raw, which) => {
          stats.runs++;
          // Desktop-only services (native dialogs) do not exist here: those calls are FORBIDDEN.
          const r = await apis[which]!.dispatch(channel, raw);
          if (r.ok) stats.ok++;
          else {
            stats.rejected++;
            expect(ERROR_CODES).toContain(r.error.code);
            expect(r.error.code, `${channel} ${JSON.stringify(raw)?.slice(0, 200)}: ${r.error.message}`).not.toBe('INTERNAL');
          }
        }),
        // Fewer runs where each call works on the whole library (gc sweeps it, a backup copies all of it: 1,000
        // backups took a minute alone) or on native services: the same paths, without a minute per channel.
        { numRuns: channel.startsWith('desktop.') || HEAVY.has(channel) ? Math.min(RUNS, 200) : RUNS },
      );
      expect(tree(outside)).toEqual(outsideBefore);
      expect(readFileSync(path.join(outside, 'keep.txt'), 'utf8')).toBe('must never change');
    }, LONG ? 1_200_000 : 120_000);
  }

  it('the library still verifies after all of it', async () => {
    const v = await storage.verify({ full: true });
    expect(v.problems.filter((p) => p.kind !== 'stray-file')).toEqual([]);
    recordFigures('channels', { runs: stats.runs, channels: CHANNELS.length, ok: stats.ok, rejected: stats.rejected });
  });
});
