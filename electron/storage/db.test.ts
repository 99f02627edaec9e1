import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import path from 'node:path';
import { openDatabase, schemaVersion } from './db.js';
import { tempDir } from './test-support/fixtures.js';
import { ReelvaultError } from '../../shared/errors.js';

describe('database', () => {
  let t: ReturnType<typeof tempDir>;
  afterEach(() => t.cleanup());

  it('creates the schema at the current user_version, in WAL mode with foreign keys on', () => {
    t = tempDir();
    const db = openDatabase(path.join(t.dir, 'library.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['projects', 'assets', 'renders', 'checkpoints', 'checkpoint_entries', 'blobs', 'stat_cache']));
    db.close();
  });

  it('reopens an existing database without re-running migrations', () => {
    t = tempDir();
    const file = path.join(t.dir, 'library.db');
    const db = openDatabase(file);
    db.prepare("INSERT INTO blobs VALUES ('x', 1, '2026-01-01T00:00:00.000Z')").run();
    db.close();
    const again = openDatabase(file);
    expect(again.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(1);
    again.close();
  });

  it('refuses a database written by a newer Reelvault and leaves it untouched', () => {
    t = tempDir();
    const file = path.join(t.dir, 'library.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${schemaVersion() + 5}`);
    raw.close();
    let err: unknown;
    try { openDatabase(file); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ReelvaultError);
    expect((err as ReelvaultError).code).toBe('CONFLICT');
    expect((err as Error).message).toMatch(/newer Reelvault/);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(schemaVersion() + 5);
    expect(check.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'projects'").pluck().get()).toBe(0);
    check.close();
  });
});
