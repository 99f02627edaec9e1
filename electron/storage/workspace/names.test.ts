import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alice, readAll, tempDir, tempLibrary } from '../test-support/fixtures.js';
import type { Project } from '../../../shared/models.js';

const NFC = 'caf\u00e9.txt';
const NFD = 'cafe\u0301.txt';
/** "f", a lone 0xff (never valid UTF-8), ".txt". */
const BAD = Buffer.from([0x66, 0xff, 0x2e, 0x74, 0x78, 0x74]);

/** The workspace's names as bytes (hex), sorted: what is really on disk. */
function namesOnDisk(dir: string): string[] {
  return readdirSync(dir, { encoding: 'buffer' }).map((b) => b.toString('hex')).sort();
}

describe('names are kept as their bytes (issue 11)', () => {
  let t: ReturnType<typeof tempLibrary>;
  let p: Project;
  let ws: string;
  beforeEach(async () => {
    t = tempLibrary();
    p = await t.lib.projects.create(alice, { name: 'Names' });
    ws = p.namespace.workspacePath;
  });
  afterEach(() => t.cleanup());

  it('defect 9: an NFD name is restored as NFD and removed when a restore should remove it', async () => {
    writeFileSync(path.join(ws, 'keep.txt'), 'k');
    const a = await t.lib.checkpoints.create(alice, p.id, { name: 'A' });
    writeFileSync(path.join(ws, NFD), 'decomposed');
    const b = await t.lib.checkpoints.create(alice, p.id, { name: 'B' });
    expect(t.lib.checkpoints.get(alice, b.id).entries.map((e) => e.path)).toContain(NFD);
    await t.lib.checkpoints.restore(alice, a.id);
    expect(namesOnDisk(ws)).toEqual([Buffer.from('keep.txt').toString('hex')]);
    await t.lib.checkpoints.restore(alice, b.id);
    // Written back with the very bytes it had (NFD), not normalised to NFC.
    expect(namesOnDisk(ws)).toEqual([Buffer.from(NFD).toString('hex'), Buffer.from('keep.txt').toString('hex')].sort());
    expect(readFileSync(path.join(ws, NFD), 'utf8')).toBe('decomposed');
  });

  it('defect 9: two names that differ only in normalization are two files, both checkpointed and restored', async () => {
    writeFileSync(path.join(ws, NFC), 'composed');
    writeFileSync(path.join(ws, NFD), 'decomposed');
    const a = await t.lib.checkpoints.create(alice, p.id, { name: 'twins' });
    expect(t.lib.checkpoints.get(alice, a.id).entries.map((e) => e.path).sort()).toEqual([NFC, NFD].sort());
    writeFileSync(path.join(ws, NFC), 'changed');
    await t.lib.checkpoints.restore(alice, a.id);
    expect(readFileSync(path.join(ws, NFC), 'utf8')).toBe('composed');
    expect(readFileSync(path.join(ws, NFD), 'utf8')).toBe('decomposed');
    const listed = await t.lib.files.list(alice, p.id);
    expect(listed.map((f) => f.path).sort()).toEqual([NFC, NFD].sort());
    expect((await readAll(await t.lib.files.read(alice, p.id, NFD))).toString()).toBe('decomposed');
    expect((await readAll(await t.lib.files.read(alice, p.id, NFC))).toString()).toBe('composed');
  });

  it('defect 9: a case-only rename (title.tsx → Title.tsx) is allowed; a new case twin beside a file still is not', async () => {
    await t.lib.files.write(alice, p.id, 'src/title.tsx', 'export const T = 1;');
    await t.lib.files.move(alice, p.id, 'src/title.tsx', 'src/Title.tsx');
    expect(readdirSync(path.join(ws, 'src'))).toEqual(['Title.tsx']);
    await expect(t.lib.files.write(alice, p.id, 'src/TITLE.tsx', 'x')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('defect 8: a name that is not UTF-8 is listed, reported by the checkpoint, left alone by a restore — never dropped silently', async () => {
    writeFileSync(path.join(ws, 'ok.txt'), 'fine');
    const a = await t.lib.checkpoints.create(alice, p.id, { name: 'A' });
    writeFileSync(Buffer.concat([Buffer.from(ws + '/'), BAD]), 'latin-1 name');
    writeFileSync(path.join(ws, 'later.txt'), 'added later');
    const b = await t.lib.checkpoints.create(alice, p.id, { name: 'B' });
    expect(b.skipped).toEqual([{ path: 'f\\xff.txt', reason: expect.stringMatching(/not valid UTF-8/) }]);
    expect(t.lib.checkpoints.get(alice, b.id).entries.map((e) => e.path)).toEqual(['later.txt', 'ok.txt']);
    const listed = await t.lib.files.list(alice, p.id);
    expect(listed.find((f) => f.nameNotUtf8)).toMatchObject({ path: 'f\\xff.txt', kind: 'file', size: 12 });
    await t.lib.checkpoints.restore(alice, a.id);
    expect(existsSync(path.join(ws, 'later.txt'))).toBe(false);
    expect(readFileSync(Buffer.concat([Buffer.from(ws + '/'), BAD]), 'utf8')).toBe('latin-1 name');
  });

  it('defect 8: a backup copies a name that is not UTF-8 byte for byte', async () => {
    writeFileSync(Buffer.concat([Buffer.from(ws + '/'), BAD]), 'latin-1 name');
    const side = tempDir('bk');
    try {
      await t.lib.backup(path.join(side.dir, 'b'));
      const copied = path.join(side.dir, 'b', 'workspaces', p.id);
      expect(namesOnDisk(copied)).toEqual([BAD.toString('hex')]);
    } finally {
      side.cleanup();
    }
  });

  it('defect 8: a folder import that meets a name that is not UTF-8 imports the rest and says which one failed', async () => {
    const side = tempDir('imp');
    try {
      mkdirSync(path.join(side.dir, 'footage'));
      writeFileSync(path.join(side.dir, 'footage', 'a.txt'), 'a');
      writeFileSync(Buffer.concat([Buffer.from(path.join(side.dir, 'footage') + '/'), BAD]), 'bad');
      writeFileSync(path.join(side.dir, 'footage', 'z.txt'), 'z');
      const r = await t.lib.assets.importPaths(alice, [path.join(side.dir, 'footage')]);
      expect(r).toMatchObject({ imported: 2, failed: 1 });
      expect(r.items.find((i) => i.status === 'failed')).toMatchObject({ source: path.join(side.dir, 'footage', 'f\\xff.txt'), error: expect.stringMatching(/not valid UTF-8/) });
    } finally {
      side.cleanup();
    }
  });
});
