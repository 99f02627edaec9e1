import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { alice, bob, readAll, tempDir, tempLibrary } from '../test-support/fixtures.js';
import type { Project } from '../../../shared/models.js';

describe('workspace files', () => {
  let t: ReturnType<typeof tempLibrary>;
  let p: Project;
  beforeEach(async () => {
    t = tempLibrary();
    p = await t.lib.projects.create(alice, { name: 'Files' });
  });
  afterEach(() => t.cleanup());
  const ws = (...parts: string[]) => path.join(p.namespace.workspacePath, ...parts);

  it('writes bytes, text, streams and source paths atomically, creating parent folders', async () => {
    await t.lib.files.write(alice, p.id, 'a/b/text.txt', 'hello');
    await t.lib.files.write(alice, p.id, 'bytes.bin', new Uint8Array([1, 2, 3]));
    await t.lib.files.write(alice, p.id, 'stream.txt', Readable.from([Buffer.from('one '), Buffer.from('two')]));
    const src = tempDir('src');
    writeFileSync(path.join(src.dir, 'in.txt'), 'from a path');
    await t.lib.files.write(alice, p.id, 'copied.txt', { fromPath: path.join(src.dir, 'in.txt') });
    src.cleanup();
    expect(readFileSync(ws('a/b/text.txt'), 'utf8')).toBe('hello');
    expect([...readFileSync(ws('bytes.bin'))]).toEqual([1, 2, 3]);
    expect(readFileSync(ws('stream.txt'), 'utf8')).toBe('one two');
    expect(readFileSync(ws('copied.txt'), 'utf8')).toBe('from a path');
    expect(readdirSync(t.lib.ctx.dirs.tmp)).toEqual(['lock']);
  });

  it('a failing stream leaves the old file intact and no temp file behind', async () => {
    await t.lib.files.write(alice, p.id, 'keep.txt', 'original');
    async function* broken() {
      yield Buffer.from('partial');
      throw new Error('disk pulled');
    }
    await expect(t.lib.files.write(alice, p.id, 'keep.txt', broken())).rejects.toThrow('disk pulled');
    expect(readFileSync(ws('keep.txt'), 'utf8')).toBe('original');
    expect(readdirSync(t.lib.ctx.dirs.tmp)).toEqual(['lock']);
  });

  it('lists, stats, reads, moves, makes folders and deletes', async () => {
    await t.lib.files.write(alice, p.id, 'src/a.ts', 'A');
    await t.lib.files.mkdir(alice, p.id, 'empty/inner');
    expect((await t.lib.files.list(alice, p.id)).map((f) => [f.path, f.kind])).toEqual([['empty', 'dir'], ['src', 'dir']]);
    expect((await t.lib.files.list(alice, p.id, '', { recursive: true })).map((f) => f.path)).toEqual(['empty', 'empty/inner', 'src', 'src/a.ts']);
    expect(await t.lib.files.stat(alice, p.id, 'src/a.ts')).toMatchObject({ path: 'src/a.ts', kind: 'file', size: 1 });
    expect((await readAll(await t.lib.files.read(alice, p.id, 'src/a.ts'))).toString()).toBe('A');
    await t.lib.files.write(alice, p.id, 'src/b.ts', 'B');
    await expect(t.lib.files.move(alice, p.id, 'src/a.ts', 'src/b.ts')).rejects.toMatchObject({ code: 'CONFLICT' });
    await t.lib.files.move(alice, p.id, 'src/a.ts', 'lib/a.ts');
    expect(readFileSync(ws('lib/a.ts'), 'utf8')).toBe('A');
    expect(existsSync(ws('src/a.ts'))).toBe(false);
    await t.lib.files.delete(alice, p.id, 'src');
    expect(existsSync(ws('src'))).toBe(false);
    await expect(t.lib.files.stat(alice, p.id, 'src/b.ts')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.lib.files.delete(alice, p.id, '')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('keeps a name as its bytes (NFD stays NFD), and refuses to make its NFC twin beside it', async () => {
    await t.lib.files.write(alice, p.id, 'caf\u0065\u0301.txt', 'nfd');
    const list = await t.lib.files.list(alice, p.id);
    expect(list.map((f) => f.path)).toEqual(['caf\u0065\u0301.txt']);
    expect(readdirSync(ws(), { encoding: 'buffer' }).map((b) => b.toString('hex'))).toEqual([Buffer.from('caf\u0065\u0301.txt').toString('hex')]);
    expect((await readAll(await t.lib.files.read(alice, p.id, 'caf\u0065\u0301.txt'))).toString()).toBe('nfd');
    // On macOS and Windows the two are one file: a new twin is refused for the workspace's sake.
    await expect(t.lib.files.write(alice, p.id, 'caf\u00e9.txt', 'nfc')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('files of a project the actor may not see answer NOT_FOUND', async () => {
    await t.lib.files.write(alice, p.id, 'a.txt', 'secret');
    await expect(t.lib.files.read(bob, p.id, 'a.txt')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.lib.files.write(bob, p.id, 'a.txt', 'overwrite')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(readFileSync(ws('a.txt'), 'utf8')).toBe('secret');
  });

  it('refuses a symlink that leads outside, for reading and for writing through it', async () => {
    const outside = tempDir('outside');
    try {
      writeFileSync(path.join(outside.dir, 'passwd'), 'outside secret');
      symlinkSync(outside.dir, ws('escape'));
      symlinkSync(path.join(outside.dir, 'passwd'), ws('link.txt'));
      await expect(t.lib.files.read(alice, p.id, 'escape/passwd')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(t.lib.files.read(alice, p.id, 'link.txt')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(t.lib.files.write(alice, p.id, 'escape/new.txt', 'x')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(t.lib.files.mkdir(alice, p.id, 'escape/dir')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(readdirSync(outside.dir)).toEqual(['passwd']);
      // A dangling link to outside is refused too.
      symlinkSync(path.join(outside.dir, 'nope'), ws('dangling'));
      await expect(t.lib.files.write(alice, p.id, 'dangling/x.txt', 'x')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(existsSync(path.join(outside.dir, 'nope'))).toBe(false);
    } finally {
      outside.cleanup();
    }
  });

  it('a symlink that stays inside the workspace is fine', async () => {
    mkdirSync(ws('real'));
    writeFileSync(ws('real', 'f.txt'), 'in');
    symlinkSync(ws('real'), ws('alias'));
    expect((await readAll(await t.lib.files.read(alice, p.id, 'alias/f.txt'))).toString()).toBe('in');
  });
});
