import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import path from 'node:path';
import { migrationsRun, openDatabase, schemaVersion } from './db.js';
import { fileURLToPath } from 'node:url';
import { MIGRATION_VERSIONS, MIGRATIONS } from './migrations/index.js';
import { openStorage } from '../index.js';
import { alice } from '../test-support/fixtures.js';
import { mkdirSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tempDir } from '../test-support/fixtures.js';
import { ReelvaultError } from '../../../shared/errors.js';

/** Brings a raw catalog to `version` with the shipped migrations, as the Reelvault of that version did. */
function migrateTo(db: Database.Database, version: number): void {
  for (let v = 0; v < version; v++) db.transaction(() => { db.exec(MIGRATIONS[v] as string); db.pragma(`user_version = ${v + 1}`); })();
}

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

  it('migrates a version 7 library: its checkpoints keep their own rows, and new ones share', async () => {
    t = tempDir();
    // A library as version 7 left it: a project with one checkpoint and its manifest rows.
    const lib = openStorage({ provider: 'filesystem', dir: t.dir });
    const p = await lib.projects.create(alice, { name: 'Old' });
    const ws = p.namespace.workspacePath;
    mkdirSync(path.join(ws, 'src'), { recursive: true });
    writeFileSync(path.join(ws, 'src', 'a.txt'), 'alpha');
    const past = new Date(Date.now() - 60_000);
    utimesSync(path.join(ws, 'src', 'a.txt'), past, past);
    lib.close();
    const file = path.join(t.dir, 'library.db');
    // Rebuilt at version 7 from the shipped migrations, with a checkpoint written the version 7 way.
    const old = path.join(t.dir, 'v7.db');
    const v7 = new Database(old);
    v7.pragma('foreign_keys = ON');
    migrateTo(v7, 7);
    const cur = new Database(file, { readonly: true });
    const project = cur.prepare('SELECT * FROM projects').get() as Record<string, unknown>;
    cur.close();
    v7.prepare(`INSERT INTO projects (${Object.keys(project).join(', ')}) VALUES (${Object.keys(project).map(() => '?').join(', ')})`).run(...Object.values(project));
    const sha = '8ed3f6ad685b959ead7022518e1af76cd816f8e8ec7ccdda1ed4018e8f2223f8';
    v7.prepare("INSERT INTO blobs VALUES (?, 5, '2026-01-01T00:00:00.000Z')").run(sha);
    v7.prepare(`INSERT INTO checkpoints (id, project_id, name, description, kind, tree_hash, file_count, total_bytes, meta, created_at, seq)
                VALUES ('ckp_old', ?, 'old', NULL, 'user', 'x', 1, 5, ?, '2026-01-01T00:00:00.000Z', 1)`)
      .run(project.id, JSON.stringify({ project: { name: 'Old', theme: 'dark', fps: 30, width: 1920, height: 1080 }, assets: [], renders: [] }));
    v7.prepare("INSERT INTO checkpoint_entries VALUES ('ckp_old', 'src', 'dir', NULL, 0, 493), ('ckp_old', 'src/a.txt', 'file', ?, 5, 420)").run(sha);
    v7.close();
    for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
    renameSync(old, file);

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion());
    const cols = (db.pragma('table_info(checkpoints)') as { name: string }[]).map((c) => c.name);
    expect(cols).toEqual(expect.arrayContaining(['manifest_id', 'manifest_hash']));
    expect(db.prepare("SELECT manifest_id, manifest_hash FROM checkpoints WHERE id = 'ckp_old'").get()).toEqual({ manifest_id: null, manifest_hash: null });
    db.close();

    const again = openStorage({ provider: 'filesystem', dir: t.dir });
    try {
      expect(again.checkpoints.get(alice, 'ckp_old').entries.map((e) => [e.path, e.sha256])).toEqual([['src', null], ['src/a.txt', sha]]);
      const c1 = await again.checkpoints.create(alice, p.id, { name: 'first on v8' });
      const c2 = await again.checkpoints.create(alice, p.id, { name: 'second on v8' });
      const manifestOf = again.ctx.db.prepare('SELECT manifest_id FROM checkpoints WHERE id = ?').pluck();
      // The old checkpoint has no manifest digest, so the first new one writes its own rows.
      expect(manifestOf.get(c1.id)).toBeNull();
      expect(manifestOf.get(c2.id)).toBe(c1.id);
      expect(again.checkpoints.get(alice, c2.id).entries).toEqual(again.checkpoints.get(alice, c1.id).entries);
      const d = await again.checkpoints.diff(alice, p.id, { checkpointId: 'ckp_old' }, { checkpointId: c2.id });
      expect(d.files.map((f) => f.path).filter((f) => f.startsWith('src'))).toEqual([]);
      expect((await again.verify()).problems).toEqual([]);
    } finally {
      again.close();
    }
  });

  /** The catalog's schema as SQLite reports it: every table, index, trigger and view with its SQL. */
  const schemaOf = (db: Database.Database) =>
    db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();

  it('migrates a catalog at every older version to the schema a new one gets', () => {
    t = tempDir();
    const fresh = openDatabase(path.join(t.dir, 'fresh.db'));
    const want = schemaOf(fresh);
    fresh.close();
    expect(want.length).toBeGreaterThan(0);
    for (let from = 0; from < MIGRATIONS.length; from++) {
      const file = path.join(t.dir, `v${from}.db`);
      const old = new Database(file);
      old.pragma('foreign_keys = ON');
      migrateTo(old, from);
      old.close();
      const db = openDatabase(file);
      expect(db.pragma('user_version', { simple: true }), `from version ${from}`).toBe(schemaVersion());
      expect(migrationsRun(db), `from version ${from}`).toBe(MIGRATIONS.length - from);
      expect(schemaOf(db), `from version ${from}`).toEqual(want);
      expect(db.pragma('foreign_key_check'), `from version ${from}`).toEqual([]);
      db.close();
    }
  });

  it('applies each migration in a transaction of its own: one that fails leaves the catalog at the version before it', () => {
    t = tempDir();
    const file = path.join(t.dir, 'library.db');
    const last = MIGRATIONS.length - 1;
    const old = new Database(file);
    migrateTo(old, last);
    // Something of the last migration's already there: its SQL fails halfway, so nothing of it may stay.
    const firstCreate = /CREATE (?:TABLE|INDEX) (\w+)/.exec(MIGRATIONS[last] as string);
    expect(firstCreate).not.toBeNull();
    // The last thing it creates is there already (a table, or an index on a table of the test's own).
    const [, kind, clash] = [...(MIGRATIONS[last] as string).matchAll(/CREATE (TABLE|INDEX) (\w+)/g)].at(-1) ?? [];
    expect(clash).toBeTruthy();
    old.exec(kind === 'TABLE' ? `CREATE TABLE ${clash} (x)` : `CREATE TABLE clash_holder (x); CREATE INDEX ${clash} ON clash_holder(x)`);
    old.close();
    expect(() => openDatabase(file)).toThrow(/already exists|already a table named/);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(last);
    const made = check.prepare("SELECT name FROM sqlite_master WHERE name = ?").pluck();
    expect(firstCreate?.[1]).not.toBe(clash);
    expect(made.get(firstCreate?.[1]), 'what the failed migration made before failing').toBeUndefined();
    check.close();
  });

  it('keeps one file per migration in core/migrations, numbered as listed', () => {
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
    const files = readdirSync(dir).filter((f) => /^\d{3}-.+\.ts$/.test(f) && !f.endsWith('.test.ts')).sort();
    expect(files.map((f) => Number(f.slice(0, 3)))).toEqual(MIGRATION_VERSIONS);
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
