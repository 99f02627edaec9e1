import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { alice, tempDir, tempLibrary } from '../test-support/fixtures.js';
import { openStorage, restoreBackup } from '../index.js';

describe('backup, restore-backup, repair, unclean shutdown', () => {
  let t: ReturnType<typeof tempLibrary>;
  let side: ReturnType<typeof tempDir>;
  beforeEach(() => { t = tempLibrary(); side = tempDir('side'); });
  afterEach(() => { t.cleanup(); side.cleanup(); });

  async function populate() {
    const p = await t.lib.projects.create(alice, { name: 'Backed up' });
    await t.lib.files.write(alice, p.id, 'src/a.txt', 'workspace file');
    writeFileSync(path.join(side.dir, 'logo.png'), Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(32, 1)]));
    const imp = await t.lib.assets.importPaths(alice, [path.join(side.dir, 'logo.png')], { projectId: p.id });
    const c = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    return { p, asset: imp.items[0]!.asset!, c };
  }

  it('backs up incrementally while open, and a restored backup is a working library', async () => {
    const { p, asset, c } = await populate();
    const bdir = path.join(side.dir, 'backup');
    const first = await t.lib.backup(bdir);
    expect(first.blobsCopied).toBeGreaterThan(0);
    expect(first.missing).toEqual([]);
    const again = await t.lib.backup(bdir);
    expect(again).toMatchObject({ blobsCopied: 0, bytesCopied: 0, workspaceFilesCopied: 0 });
    await t.lib.files.write(alice, p.id, 'src/b.txt', 'new after first backup');
    const third = await t.lib.backup(bdir);
    expect(third.workspaceFilesCopied).toBe(1);

    const dest = path.join(side.dir, 'restored');
    await restoreBackup(bdir, dest);
    const back = openStorage({ provider: 'filesystem', dir: dest });
    try {
      expect(back.projects.get(alice, p.id).name).toBe('Backed up');
      expect(back.assets.get(alice, asset.id).sha256).toBe(asset.sha256);
      expect(back.checkpoints.get(alice, c.id).entries.map((e) => e.path)).toEqual(['src', 'src/a.txt']);
      expect(readFileSync(path.join(dest, 'workspaces', p.id, 'src', 'b.txt'), 'utf8')).toBe('new after first backup');
      expect(await back.verify({ full: true })).toMatchObject({ ok: true });
    } finally {
      back.close();
    }
    await expect(restoreBackup(bdir, dest)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: /not empty/ });
    await expect(restoreBackup(side.dir, path.join(side.dir, 'x'))).rejects.toMatchObject({ message: /not a Reelvault backup/ });
    await expect(t.lib.backup(path.join(t.dir, 'inside'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('repair marks items whose content is gone, quarantines damaged content, deletes nothing, and clears marks when content returns', async () => {
    const { asset, c } = await populate();
    const blob = t.lib.ctx.blobs.pathOf(asset.sha256);
    const saved = path.join(side.dir, 'saved-blob');
    renameSync(blob, saved);
    const r = await t.lib.repair();
    expect(r).toMatchObject({ assetsMissing: 1, rendersMissing: 0, quarantined: [] });
    expect(t.lib.ctx.db.prepare('SELECT content_missing FROM assets WHERE id = ?').pluck().get(asset.id)).toBe(1);
    expect(t.lib.assets.get(alice, asset.id).id).toBe(asset.id); // still there, only marked

    renameSync(saved, blob);
    expect(await t.lib.repair()).toMatchObject({ assetsMissing: 0, cleared: 1 });

    // A damaged checkpoint file: moved aside, the checkpoint marked.
    const entry = t.lib.checkpoints.get(alice, c.id).entries.find((e) => e.kind === 'file')!;
    const file = t.lib.ctx.blobs.pathOf(entry.sha256!);
    chmodSync(file, 0o644);
    writeFileSync(file, 'corrupted!');
    const r2 = await t.lib.repair({ full: true });
    expect(r2.quarantined).toHaveLength(1);
    expect(readFileSync(r2.quarantined[0]!, 'utf8')).toBe('corrupted!');
    expect(r2.checkpointsDamaged).toBe(1);
  });

  it('repair re-links content on disk that a record names but whose row is gone', async () => {
    const { asset } = await populate();
    const db = t.lib.ctx.db;
    db.pragma('foreign_keys = OFF');
    db.prepare('DELETE FROM blobs WHERE sha256 = ?').run(asset.sha256);
    db.pragma('foreign_keys = ON');
    expect((await t.lib.verify()).problems.map((p) => p.kind)).toContain('stray-file');
    expect((await t.lib.repair()).relinked).toBe(1);
    expect((await t.lib.verify({ full: true })).ok).toBe(true);
  });

  it('notices an unclean shutdown at the next open and checks the content written last', async () => {
    expect(t.lib.openReport).toEqual({ unclean: false, checked: false, problems: [] });
    const { asset } = await populate();
    // A process that opened the library and was killed leaves its temp folder (and lock) behind.
    const killed = spawnSync(process.execPath, ['-e', `
      const D = require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});
      const fs = require('fs');
      const dir = ${JSON.stringify(path.join(t.dir, 'tmp'))} + '/s-00000000deadbeef';
      fs.mkdirSync(dir);
      const db = new D(dir + '/lock'); db.pragma('locking_mode = EXCLUSIVE'); db.exec('BEGIN EXCLUSIVE; CREATE TABLE owner (pid); COMMIT');
      fs.writeFileSync(dir + '/.blob-x.tmp', 'half');
      process.kill(process.pid, 'SIGKILL');`]);
    expect(killed.signal).toBe('SIGKILL');
    // And an older version's marker of a process that is gone.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(path.join(t.dir, `.open-${dead.stdout}`), 'x');
    unlinkSync(t.lib.ctx.blobs.pathOf(asset.sha256));
    const reopened = t.reopen();
    expect(reopened.openReport.unclean).toBe(true);
    expect(reopened.openReport.problems).toEqual([`content ${asset.sha256} is missing`]);
    expect(readdirSync(path.join(t.dir, 'tmp'))).toEqual([path.basename(reopened.ctx.dirs.tmp)]);
    expect(readdirSync(t.dir).filter((n) => n.startsWith('.open-'))).toEqual([]);
    const clean = t.reopen();
    expect(clean.openReport.unclean).toBe(false);
  });
});
