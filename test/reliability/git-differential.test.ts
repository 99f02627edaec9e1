/**
 * git as the oracle for what a checkpoint does (issue 11). Random workspace edits — content, in-place
 * edits that keep size and mtime, exec bits, NFC/NFD and case-twin names, a name that is not UTF-8,
 * folders, file↔folder swaps — are applied to a Reelvault workspace and a git work tree alike;
 * checkpoints are commits, restores are checkouts, diffs are `git diff --name-status`. After every
 * restore the two trees must be equal byte for byte, name for name, exec bit for exec bit.
 *
 * Intended differences from git (docs/reliability.md lists them): empty folders are kept (git has no
 * folders), so only files are compared; a name that is not valid UTF-8 is left out of checkpoints and
 * never touched by a restore, where git commits and checks it out — it is compared to what was last
 * written to it instead; a restore checkpoints unsaved state first (here, as a commit before checkout).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { openStorage, type Storage } from '../../electron/storage/index.js';
import { tempDir } from '../../electron/storage/test-support/fixtures.js';
import { recordFigures } from './figures.js';

const LONG = !!process.env.RELIABILITY_LONG;
const actor = { userId: 'git-oracle', sessionId: 'diff' };

/** Names chosen to collide in every way a filesystem or a normaliser can make them. */
const NAMES = ['a.txt', 'A.txt', 'caf\u00e9.txt', 'cafe\u0301.txt', 'run.sh', 'dir/x.txt', 'dir/sub/y.txt', 'Dir/x.txt', 'dir', 'notes.md'];
const BAD_NAME = Buffer.from([0x66, 0xff, 0x2e, 0x62, 0x69, 0x6e]);

type Op =
  | { k: 'write'; name: number; text: string }
  | { k: 'inplace'; name: number; text: string }
  | { k: 'chmod'; name: number; exec: boolean }
  | { k: 'rm'; name: number }
  | { k: 'swap'; name: number }
  | { k: 'bad'; text: string }
  | { k: 'checkpoint' }
  | { k: 'restore'; which: number }
  | { k: 'diff'; a: number; b: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('write' as const), name: fc.nat(NAMES.length - 1), text: fc.string({ maxLength: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('inplace' as const), name: fc.nat(NAMES.length - 1), text: fc.string({ maxLength: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('chmod' as const), name: fc.nat(NAMES.length - 1), exec: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('rm' as const), name: fc.nat(NAMES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('swap' as const), name: fc.nat(NAMES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('bad' as const), text: fc.string({ maxLength: 8 }) }) },
  { weight: 3, arbitrary: fc.constant({ k: 'checkpoint' as const }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('restore' as const), which: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('diff' as const), a: fc.nat(50), b: fc.nat(50) }) },
);

function git(repo: string, args: string[], input?: string): Buffer {
  return execFileSync('git', ['-C', repo, '-c', 'core.quotepath=off', '-c', 'core.precomposeunicode=false', ...args], { input, maxBuffer: 1 << 26 });
}

/** Every file of a tree (not .git) with its content and exec bit; names as bytes (hex) so NFC ≠ NFD. */
function filesOf(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: Buffer, rel: Buffer[]) => {
    for (const name of readdirSync(dir, { encoding: 'buffer' })) {
      if (rel.length === 0 && name.toString() === '.git') continue;
      const abs = Buffer.concat([dir, Buffer.from('/'), name]);
      const st = lstatSync(abs);
      const r = [...rel, name];
      if (st.isDirectory()) walk(abs, r);
      else if (st.isFile()) out.set(Buffer.concat(r.flatMap((p, i) => (i ? [Buffer.from('/'), p] : [p]))).toString('hex'), `${st.mode & 0o100 ? 'x' : '-'} ${readFileSync(abs).toString('hex')}`);
    }
  };
  walk(Buffer.from(root), []);
  return out;
}

const isUtf8 = (hex: string) => {
  const b = Buffer.from(hex, 'hex');
  return Buffer.from(b.toString('utf8')).equals(b);
};

/** Both trees, with names that are not UTF-8 left out (Reelvault does not checkpoint them). */
function comparable(root: string): Record<string, string> {
  return Object.fromEntries([...filesOf(root)].filter(([k]) => isUtf8(k)).sort());
}

/** Applies one edit to a tree the way a person or a tool would; both trees get the same edit. */
function edit(root: string, o: Op): void {
  const abs = (n: number) => path.join(root, ...(NAMES[n] as string).split('/'));
  const clearWay = (p: string) => {
    // Make room: parents must be folders (a file in the way goes), the path itself must not be a folder.
    let dir = path.dirname(p);
    const chain: string[] = [];
    while (dir.length > root.length) { chain.unshift(dir); dir = path.dirname(dir); }
    for (const d of chain) if (existsSync(d) && !statSync(d).isDirectory()) rmSync(d);
    mkdirSync(path.dirname(p), { recursive: true });
    if (existsSync(p) && statSync(p).isDirectory()) rmSync(p, { recursive: true });
  };
  switch (o.k) {
    case 'write': {
      const p = abs(o.name);
      clearWay(p);
      writeFileSync(p, o.text);
      break;
    }
    case 'inplace': {
      // Same size, same inode, mtime put back: what `cp -p` or a sync tool leaves.
      const p = abs(o.name);
      if (!existsSync(p) || !statSync(p).isFile()) return;
      const st = statSync(p);
      const old = readFileSync(p);
      if (old.length === 0) return;
      const next = Buffer.from(o.text.padEnd(old.length, '#').slice(0, old.length));
      if (next.length !== old.length) return;
      writeFileSync(p, next);
      utimesSync(p, st.atime, st.mtime);
      break;
    }
    case 'chmod': {
      const p = abs(o.name);
      if (existsSync(p) && statSync(p).isFile()) chmodSync(p, o.exec ? 0o755 : 0o644);
      break;
    }
    case 'rm': {
      const p = abs(o.name);
      if (existsSync(p)) rmSync(p, { recursive: true });
      break;
    }
    case 'swap': {
      // A file becomes a folder holding a file, or a folder becomes a file.
      const p = abs(o.name);
      if (existsSync(p) && statSync(p).isDirectory()) {
        rmSync(p, { recursive: true });
        writeFileSync(p, 'was a folder');
      } else {
        // clearWay removes the file at p (a parent of inner.txt) and makes the folder.
        clearWay(path.join(p, 'inner.txt'));
        writeFileSync(path.join(p, 'inner.txt'), 'was a file');
      }
      break;
    }
    case 'bad':
      writeFileSync(Buffer.concat([Buffer.from(root + '/'), BAD_NAME]), o.text);
      break;
    default:
  }
}

interface Figures {
  runs: number;
  ops: number;
  checkpoints: number;
  restores: number;
  diffs: number;
}

async function runScenario(ops: Op[], base: string, figures: Figures): Promise<void> {
  const ws = path.join(base, 'ws');
  const repo = path.join(base, 'git');
  mkdirSync(ws, { recursive: true });
  mkdirSync(repo, { recursive: true });
  git(repo, ['init', '-q']);
  git(repo, ['config', 'user.email', 'oracle@example.com']);
  git(repo, ['config', 'user.name', 'oracle']);
  git(repo, ['config', 'core.fileMode', 'true']);
  const lib: Storage = openStorage({ provider: 'filesystem', dir: path.join(base, 'lib'), sweepIntervalMs: 3_600_000 });
  try {
    const p = await lib.projects.adopt(actor, { path: ws, name: 'oracle' });
    const pairs: { ckp: string; commit: string }[] = [];
    let badText: string | null = null;
    const commit = (msg: string) => {
      git(repo, ['add', '-A']);
      git(repo, ['commit', '-q', '--allow-empty', '-m', msg]);
      return git(repo, ['rev-parse', 'HEAD']).toString().trim();
    };
    for (const o of ops) {
      figures.ops++;
      if (o.k === 'checkpoint') {
        const c = await lib.checkpoints.create(actor, p.id, { name: `c${pairs.length}` });
        pairs.push({ ckp: c.id, commit: commit(`c${pairs.length}`) });
        // The checkpoint holds what git's commit holds (names that are not UTF-8 aside).
        const entries = lib.checkpoints.get(actor, c.id).entries.filter((e) => e.kind === 'file').map((e) => Buffer.from(e.path).toString('hex')).sort();
        const tracked = git(repo, ['ls-files', '-z']).toString('hex').split('00').filter(Boolean).filter(isUtf8).sort();
        expect(entries).toEqual(tracked);
        figures.checkpoints++;
      } else if (o.k === 'restore') {
        if (pairs.length === 0) continue;
        const pair = pairs[o.which % pairs.length] as { ckp: string; commit: string };
        await lib.checkpoints.restore(actor, pair.ckp);
        // git: unsaved state committed first (our safety checkpoint), then a forced checkout.
        commit('safety');
        git(repo, ['checkout', '-q', '-f', pair.commit]);
        expect(comparable(ws)).toEqual(comparable(repo));
        // The name that is not UTF-8 is never touched by a restore: it holds what was last written.
        const bad = Buffer.concat([Buffer.from(ws + '/'), BAD_NAME]);
        if (badText !== null) expect(readFileSync(bad, 'utf8')).toBe(badText);
        figures.restores++;
      } else if (o.k === 'diff') {
        if (pairs.length === 0) continue;
        const a = pairs[o.a % pairs.length] as { ckp: string; commit: string };
        const b = pairs[o.b % pairs.length] as { ckp: string; commit: string };
        const ours = await lib.checkpoints.diff(actor, p.id, { checkpointId: a.ckp }, { checkpointId: b.ckp }, { content: false });
        const mine = ours.files
          .filter((f) => f.kind === 'file')
          .flatMap((f) => (f.status === 'renamed' ? [`D ${f.oldPath}`, `A ${f.path}`] : [`${{ added: 'A', removed: 'D', modified: 'M' }[f.status]} ${f.path}`]))
          .sort();
        const out = git(repo, ['diff', '--name-status', '--no-renames', '-z', a.commit, b.commit]).toString('hex').split('00').filter(Boolean);
        const theirs: string[] = [];
        for (let i = 0; i + 1 < out.length; i += 2) {
          const name = out[i + 1] as string;
          if (isUtf8(name)) theirs.push(`${Buffer.from(out[i] as string, 'hex').toString()} ${Buffer.from(name, 'hex').toString()}`);
        }
        expect(mine).toEqual(theirs.sort());
        figures.diffs++;
      } else {
        edit(ws, o);
        edit(repo, o);
        if (o.k === 'bad') badText = o.text;
      }
    }
    expect((await lib.verify({ full: true })).ok).toBe(true);
  } finally {
    lib.close();
  }
}

describe('checkpoints against git as the oracle', () => {
  let root: ReturnType<typeof tempDir>;
  beforeEach(() => { root = tempDir('git-oracle'); });
  afterEach(() => root.cleanup());

  it('random edits, checkpoints (commits), restores (checkouts) and diffs agree with git', async () => {
    const figures: Figures = { runs: 0, ops: 0, checkpoints: 0, restores: 0, diffs: 0 };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: LONG ? 60 : 30 }), async (ops) => {
        figures.runs++;
        await runScenario(ops, path.join(root.dir, String(n++)), figures);
      }),
      { numRuns: LONG ? 400 : 25 },
    );
    recordFigures('git-differential', figures);
    expect(figures.restores).toBeGreaterThan(0);
  }, LONG ? 3_600_000 : 240_000);
});
