/**
 * `reelvault checkpoint diff` on a pair too costly to diff line by line (issue 11, defect 11): it
 * ends, says so with the counts, and `checkpoint cat` prints either side.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../storage/test-support/fixtures.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/electron/cli/main.js');

describe('reelvault checkpoint diff on a costly pair (issue 11, defect 11)', () => {
  let lib: ReturnType<typeof tempDir>;
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
    lib = tempDir('cli-diff-budget');
  });
  afterAll(() => lib.cleanup());

  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, '--library', lib.dir, '--user', 'tester', ...args], { encoding: 'utf8', env: { ...process.env, REELVAULT_LIBRARY: '' }, maxBuffer: 16 * 1024 * 1024 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const json = <T>(args: string[]): T => JSON.parse(run(['--json', ...args]).out) as T;

  it('prints the stopped diff with its counts, and both sides can be read', () => {
    const p = json<{ id: string; namespace: { workspacePath: string } }>(['project', 'create', 'Heavy']);
    const big = path.join(p.namespace.workspacePath, 'big.txt');
    writeFileSync(big, 'a\n'.repeat(250_000));
    writeFileSync(path.join(p.namespace.workspacePath, 'small.txt'), 'one\n');
    const a = json<{ id: string }>(['checkpoint', 'create', 'Heavy', 'A']);
    writeFileSync(big, 'b\n'.repeat(250_000));
    writeFileSync(path.join(p.namespace.workspacePath, 'small.txt'), 'two\n');
    const b = json<{ id: string }>(['checkpoint', 'create', 'Heavy', 'B']);

    const r = run(['checkpoint', 'diff', 'Heavy', a.id, b.id]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('M big.txt  (500 kB -> 500 kB)\n    (This diff is too large to show line by line — at least 250,000 lines removed and 250,000 added.)\n');
    expect(r.out).toContain('M small.txt');
    expect(r.out).toContain('  -one\n  +two\n');
    expect(r.out).toContain('1 file was not diffed line by line (work budget); see both sides with: reelvault checkpoint cat <checkpoint> <path>');

    const d = json<{ files: { path: string; content?: string; budget?: unknown }[] }>(['checkpoint', 'diff', 'Heavy', a.id, b.id]);
    expect(d.files.find((f) => f.path === 'big.txt')).toMatchObject({ content: 'too-costly', budget: { reason: 'file', removedAtLeast: 250_000, addedAtLeast: 250_000 } });

    const cat = run(['checkpoint', 'cat', a.id, 'big.txt']);
    expect(cat.code).toBe(0);
    expect(cat.out).toBe('a\n'.repeat(250_000));
    const missing = run(['checkpoint', 'cat', a.id, 'nope.txt']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\.txt/);
  });
});
