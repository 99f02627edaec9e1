import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { alice, tempDir } from '../test-support/fixtures.js';
import { openStorage } from '../index.js';
import { MARKER_FILE } from './library-folder.js';
import { CLI } from '../../cli/test-support/cli-runner.js';

describe('the library deletes only what it made (issue 11)', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => { t = tempDir('folder'); });
  afterEach(() => t.cleanup());

  it('defect 5: an ordinary folder is refused — its tmp/ and workspaces/ are left as they were, and gc never runs there', async () => {
    const home = path.join(t.dir, 'home');
    mkdirSync(path.join(home, 'tmp'), { recursive: true });
    mkdirSync(path.join(home, 'workspaces', 'old-site'), { recursive: true });
    writeFileSync(path.join(home, 'tmp', 'draft.txt'), 'my notes');
    writeFileSync(path.join(home, 'workspaces', 'old-site', 'index.html'), '<h1>hi</h1>');
    const old = new Date(Date.now() - 3 * 3600_000);
    utimesSync(path.join(home, 'workspaces', 'old-site'), old, old);
    expect(() => openStorage({ provider: 'filesystem', dir: home })).toThrow(/is not a Reelvault library \(it has no reelvault-library.json\) and is not empty/);
    expect(readFileSync(path.join(home, 'tmp', 'draft.txt'), 'utf8')).toBe('my notes');
    expect(readFileSync(path.join(home, 'workspaces', 'old-site', 'index.html'), 'utf8')).toBe('<h1>hi</h1>');
    expect(readdirSync(home).sort()).toEqual(['tmp', 'workspaces']);
  });

  it('a new or empty folder becomes a library with a marker; the marker and catalog carry one id', () => {
    const dir = path.join(t.dir, 'new-lib');
    const lib = openStorage({ provider: 'filesystem', dir });
    try {
      const marker = JSON.parse(readFileSync(path.join(dir, MARKER_FILE), 'utf8')) as { id: string; format: string; version: number };
      expect(marker).toMatchObject({ format: 'reelvault-library', version: 1 });
      expect(lib.ctx.libraryId).toBe(marker.id);
      expect(lib.ctx.db.prepare("SELECT value FROM meta WHERE key = 'library_id'").pluck().get()).toBe(marker.id);
    } finally {
      lib.close();
    }
  });

  it("the app's own data folder may already hold Electron's files and still become a library", () => {
    const dir = path.join(t.dir, 'userData');
    mkdirSync(path.join(dir, 'GPUCache'), { recursive: true });
    writeFileSync(path.join(dir, 'Preferences'), '{}');
    expect(() => openStorage({ provider: 'filesystem', dir })).toThrow(/not a Reelvault library/);
    const lib = openStorage({ provider: 'filesystem', dir, appOwned: true });
    lib.close();
    expect(existsSync(path.join(dir, MARKER_FILE))).toBe(true);
    expect(readFileSync(path.join(dir, 'Preferences'), 'utf8')).toBe('{}');
  });

  it('a catalog copied in from another library is refused (its rows would not match this content)', () => {
    const a = path.join(t.dir, 'a');
    const b = path.join(t.dir, 'b');
    openStorage({ provider: 'filesystem', dir: a }).close();
    openStorage({ provider: 'filesystem', dir: b }).close();
    writeFileSync(path.join(b, 'library.db'), readFileSync(path.join(a, 'library.db')));
    expect(() => openStorage({ provider: 'filesystem', dir: b })).toThrow(/belongs to another library/);
  });

  it('a foreign SQLite file named library.db is not taken for a catalog', () => {
    const dir = path.join(t.dir, 'other-app');
    mkdirSync(dir);
    spawnSync('sqlite3', [path.join(dir, 'library.db'), 'CREATE TABLE books (title TEXT); PRAGMA user_version = 3;']);
    expect(() => openStorage({ provider: 'filesystem', dir })).toThrow(/is not a Reelvault library: its library.db is not a Reelvault catalog/);
  });

  it("defect 7: a second process opening the library does not touch the first one's temp files mid-import", async () => {
    const dir = path.join(t.dir, 'lib');
    const lib = openStorage({ provider: 'filesystem', dir });
    try {
      // A file past the small-file size goes through a temp file; the hook holds the import there.
      const src = path.join(t.dir, 'big.bin');
      writeFileSync(src, randomBytes(5 << 20));
      let release: () => void = () => undefined;
      let paused: () => void = () => undefined;
      const atPause = new Promise<void>((r) => (paused = r));
      lib.ctx.blobs.testHooks.afterCopy = () => new Promise<void>((r) => { release = r; paused(); });
      const importing = lib.assets.importPaths(alice, [src]);
      await atPause;
      const ours = readdirSync(lib.ctx.dirs.tmp).filter((n) => n !== 'lock');
      expect(ours).toHaveLength(1);
      // Another process opens the same library (the CLI beside the app) and closes it again.
      const other = spawnSync(process.execPath, [CLI, '--library', dir, 'project', 'list'], { encoding: 'utf8', env: { ...process.env, REELVAULT_LIBRARY: '' } });
      expect(other.status, other.stderr).toBe(0);
      expect(readdirSync(lib.ctx.dirs.tmp).filter((n) => n !== 'lock')).toEqual(ours);
      release();
      const r = await importing;
      expect(r).toMatchObject({ imported: 1, failed: 0 });
      expect((await lib.verify({ full: true })).ok).toBe(true);
    } finally {
      lib.close();
    }
  });
});
