/**
 * Hostile paths against the workspace API and folder imports: nothing is ever written or read outside
 * the workspace or library; collisions are reported, never silently overwritten.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODES } from '../../shared/errors.js';
import { alice, tempDir, tempLibrary } from '../../electron/storage/test-support/fixtures.js';
import type { Project } from '../../shared/models.js';
import { recordFigures } from './figures.js';
import { normalizeRelPath } from '../../electron/storage/index.js';

const LONG = process.env.RELIABILITY_LONG === '1';

/** Deleting the planted link itself is allowed (it is inside); the fuzz keeps it to keep probing it. */
function deletesThePlantedLink(rel: string): boolean {
  try {
    return normalizeRelPath(rel) === 'planted-link';
  } catch {
    return false;
  }
}

/** Every file under a folder with its content, to prove a folder untouched. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = path.join(d, n);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) { out.push(`${p}/`); walk(p); } else out.push(`${p}=${st ? readFileSync(p).toString('base64') : '?'}`);
    }
  };
  walk(dir);
  return out;
}

describe('hostile paths', () => {
  let t: ReturnType<typeof tempLibrary>;
  let outside: ReturnType<typeof tempDir>;
  let p: Project;
  beforeEach(async () => {
    t = tempLibrary();
    outside = tempDir('outside');
    writeFileSync(path.join(outside.dir, 'secret.txt'), 'outside');
    p = await t.lib.projects.create(alice, { name: 'paths' });
  });
  afterEach(() => { t.cleanup(); outside.cleanup(); });
  const ws = (...parts: string[]) => path.join(p.namespace.workspacePath, ...parts);

  it('names are kept as their bytes: an NFD name stays NFD, and its NFC or case twin is refused as a collision', async () => {
    await t.lib.files.write(alice, p.id, 'Cafe\u0301.txt', 'nfd');
    await expect(t.lib.files.write(alice, p.id, 'Caf\u00e9.txt', 'nfc')).rejects.toMatchObject({ code: 'CONFLICT', message: /collide/ });
    expect(readdirSync(ws())).toEqual(['Cafe\u0301.txt']);
    expect(readFileSync(ws('Cafe\u0301.txt'), 'utf8')).toBe('nfd');
    await expect(t.lib.files.write(alice, p.id, 'CAF\u00c9.txt', 'twin')).rejects.toMatchObject({ code: 'CONFLICT', message: /collide/ });
    await t.lib.files.mkdir(alice, p.id, 'Scenes');
    await expect(t.lib.files.write(alice, p.id, 'scenes/a.txt', 'x')).rejects.toMatchObject({ code: 'CONFLICT' });
    // A case-only rename of one file is no collision: it stays one file, under its new name.
    await t.lib.files.write(alice, p.id, 'other.txt', 'o');
    await t.lib.files.move(alice, p.id, 'other.txt', 'OTHER.TXT');
    expect(readdirSync(ws()).sort()).toEqual(['Cafe\u0301.txt', 'OTHER.TXT', 'Scenes'].sort());
    await t.lib.files.write(alice, p.id, 'third.txt', '3');
    await expect(t.lib.files.move(alice, p.id, 'third.txt', 'Other.txt')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses Windows reserved names, trailing dots, forbidden characters, over-long names and .git', async () => {
    for (const bad of ['CON', 'nul.txt', 'com1.mp4', 'LPT9', 'dir/aux.json', 'name.', 'name ', 'a<b', 'what?.txt', 'x'.repeat(256), '\u00e9'.repeat(128), 'tab\there']) {
      await expect(t.lib.files.write(alice, p.id, bad, 'x'), bad).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    for (const git of ['.git/config', '.GIT/hooks/pre-commit', 'sub/.git/HEAD']) {
      await expect(t.lib.files.write(alice, p.id, git, 'x'), git).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(readdirSync(ws())).toEqual([]);
    // Reading an existing file with such a name still works: it is only refused when created.
    writeFileSync(ws('made-elsewhere.'), 'fine');
    expect((await t.lib.files.stat(alice, p.id, 'made-elsewhere.')).size).toBe(4);
  });

  it('a path through an existing file is a clear conflict (found by the fuzzer: "%2e%2e" then "%2e%2e/0")', async () => {
    await t.lib.files.write(alice, p.id, '%2e%2e', 'a file');
    await expect(t.lib.files.write(alice, p.id, '%2e%2e/0', 'x')).rejects.toMatchObject({ code: 'CONFLICT', message: /is a file/ });
    await expect(t.lib.files.mkdir(alice, p.id, '%2e%2e/sub')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(readFileSync(ws('%2e%2e'), 'utf8')).toBe('a file');
  });

  it('imports follow no links out of a chosen folder; hardlinked files are read as the files they are', async () => {
    const src = tempDir('import-src');
    try {
      writeFileSync(path.join(src.dir, 'clip.txt'), 'mine');
      symlinkSync(path.join(outside.dir, 'secret.txt'), path.join(src.dir, 'link-to-secret.txt'));
      symlinkSync(outside.dir, path.join(src.dir, 'link-to-outside'));
      linkSync(path.join(outside.dir, 'secret.txt'), path.join(src.dir, 'hard.txt'));
      const before = snapshot(outside.dir);
      const s = await t.lib.assets.importPaths(alice, [src.dir]);
      expect(s.items.map((i) => path.basename(i.source)).sort()).toEqual(['clip.txt', 'hard.txt']);
      expect(snapshot(outside.dir)).toEqual(before);
    } finally {
      src.cleanup();
    }
  });

  it('a restore never writes through a symlink planted in the workspace, and never removes one it cannot keep', async () => {
    mkdirSync(ws('sub'));
    writeFileSync(ws('sub', 'c.txt'), 'checkpointed');
    writeFileSync(ws('a.txt'), 'A');
    const c = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    await t.lib.files.delete(alice, p.id, 'sub');
    await t.lib.files.delete(alice, p.id, 'a.txt');
    symlinkSync(outside.dir, ws('sub'));
    symlinkSync(path.join(outside.dir, 'secret.txt'), ws('a.txt'));
    const before = snapshot(outside.dir);
    await expect(t.lib.checkpoints.restore(alice, c.id)).rejects.toMatchObject({ code: 'CONFLICT', message: /a\.txt \(a symlink\).*sub \(a symlink\).*nothing was changed/ });
    expect(snapshot(outside.dir)).toEqual(before);
    expect(lstatSync(ws('sub')).isSymbolicLink()).toBe(true);
    // Moved out of the way, the restore goes through.
    rmSync(ws('sub'));
    rmSync(ws('a.txt'));
    await t.lib.checkpoints.restore(alice, c.id);
    expect(readFileSync(ws('sub', 'c.txt'), 'utf8')).toBe('checkpointed');
    expect(statSync(ws('sub')).isDirectory()).toBe(true);
    expect(readFileSync(ws('a.txt'), 'utf8')).toBe('A');
    expect(snapshot(outside.dir)).toEqual(before);
  });

  it('fuzzed paths: nothing outside the workspace is read or written; every refusal is a contract code', async () => {
    symlinkSync(outside.dir, ws('planted-link'));
    const libBefore = readdirSync(t.dir).sort();
    const outsideBefore = snapshot(outside.dir);
    const realWs = realpathSync(ws());
    const seg = fc.oneof(
      fc.constantFrom('..', '.', '', 'a', 'B', 'planted-link', '.git', 'CON', 'nul', 'é', 'e\u0301', 'C:', '\\\\srv', '~', 'x'.repeat(300), '..\\..', '%2e%2e', '\0'),
      fc.string({ maxLength: 6 }),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    );
    const pathArb = fc.tuple(fc.constantFrom('', '/', '\\', 'C:\\', '//'), fc.array(seg, { minLength: 1, maxLength: 5 }), fc.constantFrom('/', '\\'))
      .map(([lead, parts, sep]) => lead + parts.join(sep));
    let runs = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(pathArb, fc.constantFrom('write', 'read', 'mkdir', 'move', 'stat', 'delete'), async (rel, op) => {
        runs++;
        try {
          if (op === 'write') await t.lib.files.write(alice, p.id, rel, 'fuzz');
          else if (op === 'read') (await t.lib.files.read(alice, p.id, rel)).destroy();
          else if (op === 'mkdir') await t.lib.files.mkdir(alice, p.id, rel);
          else if (op === 'move') await t.lib.files.move(alice, p.id, rel, 'moved-here');
          else if (op === 'stat') await t.lib.files.stat(alice, p.id, rel);
          else if (!deletesThePlantedLink(rel)) await t.lib.files.delete(alice, p.id, rel);
        } catch (err) {
          refused++;
          expect(ERROR_CODES).toContain((err as { code?: string }).code);
        }
        expect(snapshot(outside.dir)).toEqual(outsideBefore);
        expect(readdirSync(t.dir).sort()).toEqual(libBefore);
        for (const f of readdirSync(ws())) {
          const real = realpathSync(ws(f));
          if (f !== 'planted-link') expect(real.startsWith(realWs)).toBe(true);
        }
      }),
      { numRuns: LONG ? 10_000 : 1000 },
    );
    recordFigures('paths', { runs, refused });
    expect(existsSync(ws('planted-link'))).toBe(true);
  }, 240_000);
});
