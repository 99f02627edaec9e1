import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { alice, bob, tempLibrary } from '../test-support/fixtures.js';
import { describeVisibleBlob } from '../blobs/blob-access.js';
import type { Project } from '../../../shared/models.js';

/**
 * Ages every file so the racily-clean window does not apply (as if written a minute ago). Setting the
 * times moves ctime to now, which cannot be set back, and ctime is part of the signature (tree-scan.ts):
 * so this also waits out the window itself.
 */
async function age(files: string[]): Promise<void> {
  const past = new Date(Date.now() - 60_000);
  for (const f of files) utimesSync(f, past, past);
  await new Promise((r) => setTimeout(r, 150));
}

/** Paths into, and a writer for, the workspace of the project the getter returns (set per test). */
function workspaceOf(project: () => Project) {
  const ws = (...parts: string[]) => path.join(project().namespace.workspacePath, ...parts);
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(ws(rel)), { recursive: true });
    writeFileSync(ws(rel), text);
  };
  return { ws, write };
}

describe('checkpoints', () => {
  let t: ReturnType<typeof tempLibrary>;
  let p: Project;
  const { ws, write } = workspaceOf(() => p);
  beforeEach(async () => {
    t = tempLibrary();
    p = await t.lib.projects.create(alice, { name: 'Versions' });
  });
  afterEach(() => t.cleanup());

  it('records files and folders (empty ones too) with hashes, sizes and modes', async () => {
    write('src/a.ts', 'A');
    mkdirSync(ws('assets/empty'), { recursive: true });
    const c = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    expect(c).toMatchObject({ name: 'v1', description: null, kind: 'user', fileCount: 1, totalBytes: 1 });
    const full = t.lib.checkpoints.get(alice, c.id);
    expect(full.entries.map((e) => [e.path, e.kind])).toEqual([['assets', 'dir'], ['assets/empty', 'dir'], ['src', 'dir'], ['src/a.ts', 'file']]);
    expect(full.entries.find((e) => e.path === 'src/a.ts')).toMatchObject({ sha256: '559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd', size: 1 });
  });

  it('re-reads no file content when nothing changed, and only changed files after an edit', async () => {
    for (let i = 0; i < 50; i++) write(`f/${i}.txt`, `file ${i}`);
    await age(Array.from({ length: 50 }, (_, i) => ws(`f/${i}.txt`)));
    await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    const counters = t.lib.ctx.blobs.counters;
    const before = counters.bytesHashed;
    await t.lib.checkpoints.create(alice, p.id, { name: 'v2 unchanged' });
    expect(counters.bytesHashed).toBe(before);
    write('f/7.txt', 'changed seven!');
    const edited = counters.bytesHashed;
    await t.lib.checkpoints.create(alice, p.id, { name: 'v3' });
    expect(counters.bytesHashed - edited).toBe(Buffer.byteLength('changed seven!'));
  });

  it('a stat cache written by another process, or a gc, is read again, not trusted from memory', async () => {
    for (let i = 0; i < 5; i++) write(`f/${i}.txt`, `file ${i}`);
    write('.reelvaultignore', 'skip/\n');
    write('skip/x.txt', 'ignored');
    await age([...Array.from({ length: 5 }, (_, i) => ws(`f/${i}.txt`)), ws('.reelvaultignore')]);
    await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    // A second process (the CLI, say) checkpoints an edit: its stat cache rows are now the library's.
    const other = (await import('../index.js')).openStorage({ provider: 'filesystem', dir: t.dir });
    try {
      write('f/1.txt', 'edited elsewhere');
      await age([ws('f/1.txt')]);
      await other.checkpoints.create(alice, p.id, { name: 'v2 elsewhere' });
    } finally {
      other.close();
    }
    const counters = t.lib.ctx.blobs.counters;
    let before = counters.bytesHashed;
    const v3 = await t.lib.checkpoints.create(alice, p.id, { name: 'v3' });
    // Read back from SQLite: nothing to re-read, even for the file edited in the other process.
    expect(counters.bytesHashed).toBe(before);
    // A changed .reelvaultignore is seen at once.
    write('.reelvaultignore', '');
    const v4 = await t.lib.checkpoints.create(alice, p.id, { name: 'v4' });
    expect(t.lib.checkpoints.get(alice, v4.id).entries.map((e) => e.path)).toContain('skip/x.txt');
    expect(t.lib.checkpoints.get(alice, v3.id).entries.map((e) => e.path)).not.toContain('skip/x.txt');
    // gc takes content only the stat cache knows: the next checkpoint reads and stores it again.
    await t.lib.files.delete(alice, p.id, 'skip/x.txt');
    write('.reelvaultignore', 'skip/\n');
    for (const c of t.lib.checkpoints.list(alice, p.id)) t.lib.checkpoints.delete(alice, c.id);
    await t.lib.gc({ graceMs: 0 });
    before = counters.bytesHashed;
    const v5 = await t.lib.checkpoints.create(alice, p.id, { name: 'v5' });
    expect(counters.bytesHashed).toBeGreaterThan(before);
    expect((await t.lib.verify({ full: true })).problems).toEqual([]);
    expect(t.lib.checkpoints.get(alice, v5.id).fileCount).toBe(6);
  });

  it('leaves out node_modules, .git, build output and what .reelvaultignore names', async () => {
    write('src/index.ts', 'x');
    write('node_modules/react/index.js', 'dep');
    write('.git/HEAD', 'ref');
    write('out/video.mp4', 'render');
    write('drafts/big.mov', 'draft');
    write('notes.log', 'log');
    write('.reelvaultignore', 'drafts/\n*.log\n');
    const c = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    const paths = t.lib.checkpoints.get(alice, c.id).entries.map((e) => e.path);
    expect(paths).toEqual(['.reelvaultignore', 'src', 'src/index.ts']);
  });

  it('lists oldest first; the same name twice gives two checkpoints; no description is fine', async () => {
    write('a.txt', '1');
    const c1 = await t.lib.checkpoints.create(alice, p.id, { name: 'same' });
    write('a.txt', '22');
    const c2 = await t.lib.checkpoints.create(alice, p.id, { name: 'same', description: 'second' });
    expect(c1.id).not.toBe(c2.id);
    const list = t.lib.checkpoints.list(alice, p.id);
    expect(list.map((c) => [c.id, c.name, c.description, c.totalBytes])).toEqual([[c1.id, 'same', null, 1], [c2.id, 'same', 'second', 2]]);
    expect(t.lib.checkpoints.get(alice, c1.id).entries.find((e) => e.path === 'a.txt')!.size).toBe(1);
  });

  it('restore rewrites only differing files, removes added files, recreates folders, and saves the current state first', async () => {
    write('keep.txt', 'same');
    write('change.txt', 'v1');
    write('gone.txt', 'deleted later');
    mkdirSync(ws('empty'));
    write('node_modules/dep.js', 'installed');
    const v1 = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    const keepIno = statSync(ws('keep.txt')).ino;

    write('change.txt', 'v2 edits');
    write('added.txt', 'new since');
    await t.lib.files.delete(alice, p.id, 'gone.txt');
    await t.lib.files.delete(alice, p.id, 'empty');

    const r = await t.lib.checkpoints.restore(alice, v1.id);
    expect(r.safety).not.toBeNull();
    expect(r.safety!.name).toMatch(/^Before restore /);
    expect(r).toMatchObject({ written: 2, removed: 1, foldersCreated: 1 });
    expect(readFileSync(ws('change.txt'), 'utf8')).toBe('v1');
    expect(readFileSync(ws('gone.txt'), 'utf8')).toBe('deleted later');
    expect(existsSync(ws('added.txt'))).toBe(false);
    expect(statSync(ws('empty')).isDirectory()).toBe(true);
    expect(statSync(ws('keep.txt')).ino).toBe(keepIno);
    expect(readFileSync(ws('node_modules/dep.js'), 'utf8')).toBe('installed');

    // The safety checkpoint holds the edits: restoring it brings them back.
    await t.lib.checkpoints.restore(alice, r.safety!.id);
    expect(readFileSync(ws('change.txt'), 'utf8')).toBe('v2 edits');
    expect(readFileSync(ws('added.txt'), 'utf8')).toBe('new since');
    expect(existsSync(ws('gone.txt'))).toBe(false);
  });

  it('makes no safety checkpoint when the current state is already checkpointed', async () => {
    write('a.txt', '1');
    const v1 = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    write('a.txt', '2');
    await t.lib.checkpoints.create(alice, p.id, { name: 'v2' });
    const r = await t.lib.checkpoints.restore(alice, v1.id);
    expect(r.safety).toBeNull();
    expect(t.lib.checkpoints.list(alice, p.id)).toHaveLength(2);
  });

  it('a change of permissions alone is saved before a restore puts the old ones back', async () => {
    write('key.pem', 'secret');
    chmodSync(ws('key.pem'), 0o644);
    const v1 = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    write('other.txt', 'x');
    await t.lib.checkpoints.create(alice, p.id, { name: 'v2' });
    // Same names and contents as v2, same exec bits: only the full mode tells this state apart.
    chmodSync(ws('key.pem'), 0o600);
    const r = await t.lib.checkpoints.restore(alice, v1.id);
    expect(r.safety).not.toBeNull();
    expect(t.lib.checkpoints.get(alice, r.safety!.id).entries.find((e) => e.path === 'key.pem')!.mode & 0o777).toBe(0o600);
  });

  it('restores file modes', async () => {
    write('run.sh', '#!/bin/sh');
    chmodSync(ws('run.sh'), 0o755);
    const v1 = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    chmodSync(ws('run.sh'), 0o644);
    await t.lib.checkpoints.restore(alice, v1.id);
    expect(statSync(ws('run.sh')).mode & 0o777).toBe(0o755);
  });

  it('captures and restores project settings and the names, tags and links of assets and renders', async () => {
    const src = path.join(t.dir, 'tmp-src.txt');
    writeFileSync(src, 'asset body');
    const imported = await t.lib.assets.importPaths(alice, [src], { projectId: p.id, tags: ['draft'] });
    const assetId = imported.items[0]!.asset!.id;
    const v1 = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    t.lib.projects.update(alice, p.id, { name: 'Renamed', fps: 60 });
    t.lib.assets.update(alice, assetId, { name: 'final.txt' });
    t.lib.assets.tag(alice, [assetId], ['final']);
    t.lib.assets.unlink(alice, [assetId], p.id);
    await t.lib.checkpoints.restore(alice, v1.id);
    expect(t.lib.projects.get(alice, p.id)).toMatchObject({ name: 'Versions', fps: 30 });
    expect(t.lib.assets.get(alice, assetId)).toMatchObject({ name: 'tmp-src.txt', tags: ['draft'], projectIds: [p.id] });
  });

  it('delete removes a checkpoint, and is refused while a render points at it', async () => {
    write('a.txt', '1');
    const v1 = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    const v2 = await t.lib.checkpoints.create(alice, p.id, { name: 'v2' });
    t.lib.checkpoints.delete(alice, v2.id);
    expect(t.lib.checkpoints.list(alice, p.id).map((c) => c.id)).toEqual([v1.id]);
    const video = path.join(t.dir, 'tmp-video.mp4');
    writeFileSync(video, 'not really a video');
    await t.lib.renders.store(alice, p.id, { path: video }, { checkpointId: v1.id });
    expect(() => t.lib.checkpoints.delete(alice, v1.id)).toThrow(/render/);
    expect(() => t.lib.checkpoints.delete(bob, v1.id)).toThrow(/not found/);
  });

  it('diff reports added, removed, modified and renamed files with text hunks and JSON keys', async () => {
    write('script.txt', 'line 1\nline 2\nline 3\n');
    write('config.json', JSON.stringify({ fps: 30, scenes: [{ title: 'a' }], keep: true }, null, 2));
    write('old/name.txt', 'moved content');
    write('removed.txt', 'bye');
    write('image.bin', '\u0000\u0001binary');
    const a = await t.lib.checkpoints.create(alice, p.id, { name: 'a' });
    write('script.txt', 'line 1\nline two\nline 3\n');
    write('config.json', JSON.stringify({ fps: 60, scenes: [{ title: 'b' }], keep: true }, null, 2));
    await t.lib.files.move(alice, p.id, 'old/name.txt', 'new/name.txt');
    await t.lib.files.delete(alice, p.id, 'removed.txt');
    write('added.txt', 'hello');
    write('image.bin', '\u0000\u0002binary');
    const b = await t.lib.checkpoints.create(alice, p.id, { name: 'b' });
    const d = await t.lib.checkpoints.diff(alice, p.id, { checkpointId: a.id }, { checkpointId: b.id });
    const files = Object.fromEntries(d.files.map((f) => [f.path, f]));
    expect(files['added.txt']).toMatchObject({ status: 'added', newSize: 5 });
    expect(files['removed.txt']).toMatchObject({ status: 'removed', oldSize: 3 });
    expect(files['new/name.txt']).toMatchObject({ status: 'renamed', oldPath: 'old/name.txt' });
    expect(files['script.txt']).toMatchObject({ status: 'modified', content: 'text' });
    expect(files['script.txt']!.hunks![0]!.lines).toEqual([' line 1', '-line 2', '+line two', ' line 3']);
    expect(files['config.json']).toMatchObject({ status: 'modified', content: 'json', changedKeys: ['fps', 'scenes[0].title'] });
    expect(files['image.bin']).toMatchObject({ status: 'modified', content: 'binary' });
    // The move left old/ behind, empty: folders are content too, so it is unchanged, not removed.
    expect(files['old']).toBeUndefined();
    expect(files['new']).toMatchObject({ status: 'added', kind: 'dir' });
    expect(d.counts).toEqual({ added: 2, removed: 1, modified: 3, renamed: 1 });
  });

  it('diff against the live workspace sees unsaved edits without storing them', async () => {
    write('a.txt', 'one\n');
    const a = await t.lib.checkpoints.create(alice, p.id, { name: 'a' });
    write('a.txt', 'two\n');
    const written = t.lib.ctx.blobs.counters.bytesWritten;
    const d = await t.lib.checkpoints.diff(alice, p.id, { checkpointId: a.id }, { workspace: true });
    expect(d.files).toMatchObject([{ path: 'a.txt', status: 'modified', hunks: [{ lines: ['-one', '+two'] }] }]);
    expect(t.lib.ctx.blobs.counters.bytesWritten).toBe(written);
  });
});

describe('checkpoints sharing a manifest', () => {
  let t: ReturnType<typeof tempLibrary>;
  let p: Project;
  const { ws, write } = workspaceOf(() => p);
  const rowsOf = (id: string) => ({
    entries: t.lib.ctx.db.prepare('SELECT count(*) FROM checkpoint_entries WHERE checkpoint_id = ?').pluck().get(id) as number,
    dirs: t.lib.ctx.db.prepare('SELECT count(*) FROM checkpoint_dirs WHERE checkpoint_id = ?').pluck().get(id) as number,
    manifestId: t.lib.ctx.db.prepare('SELECT manifest_id FROM checkpoints WHERE id = ?').pluck().get(id) as string | null,
  });
  beforeEach(async () => {
    t = tempLibrary();
    p = await t.lib.projects.create(alice, { name: 'Shared' });
    write('src/a.txt', 'alpha');
    write('src/deep/b.txt', 'beta');
    write('only-here.txt', 'content no other checkpoint has');
    mkdirSync(ws('empty'));
    const past = new Date(Date.now() - 60_000);
    for (const f of ['src/a.txt', 'src/deep/b.txt', 'only-here.txt']) utimesSync(ws(f), past, past);
  });
  afterEach(() => t.cleanup());

  it('an unchanged second checkpoint writes no manifest rows and reads back the same manifest', async () => {
    const c1 = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    const c2 = await t.lib.checkpoints.create(alice, p.id, { name: 'v2' });
    const c3 = await t.lib.checkpoints.create(alice, p.id, { name: 'v3' });
    expect(rowsOf(c1.id)).toMatchObject({ manifestId: null });
    expect(rowsOf(c1.id).entries).toBe(6);
    expect(rowsOf(c1.id).dirs).toBe(4);
    expect(rowsOf(c2.id)).toEqual({ entries: 0, dirs: 0, manifestId: c1.id });
    // Always the owner, never a chain through c2.
    expect(rowsOf(c3.id)).toEqual({ entries: 0, dirs: 0, manifestId: c1.id });
    const e1 = t.lib.checkpoints.get(alice, c1.id).entries;
    expect(t.lib.checkpoints.get(alice, c2.id).entries).toEqual(e1);
    expect(t.lib.checkpoints.get(alice, c3.id).entries).toEqual(e1);
    expect(c2).toMatchObject({ fileCount: 3, totalBytes: c1.totalBytes, treeHash: c1.treeHash });
    expect((await t.lib.checkpoints.diff(alice, p.id, { checkpointId: c1.id }, { checkpointId: c2.id })).files).toEqual([]);
  });

  it('does not share when only a mode bit the tree hash leaves out differs', async () => {
    chmodSync(ws('src/a.txt'), 0o644);
    const c1 = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    chmodSync(ws('src/a.txt'), 0o600);
    const c2 = await t.lib.checkpoints.create(alice, p.id, { name: 'v2' });
    expect(c2.treeHash).toBe(c1.treeHash);
    expect(rowsOf(c2.id).manifestId).toBeNull();
    expect(t.lib.checkpoints.get(alice, c2.id).entries.find((e) => e.path === 'src/a.txt')!.mode).toBe(0o600);
    expect(t.lib.checkpoints.get(alice, c1.id).entries.find((e) => e.path === 'src/a.txt')!.mode).toBe(0o644);
  });

  it('deleting the owner hands its rows to a sharer, which still restores, diffs and serves media', async () => {
    const c1 = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    const c2 = await t.lib.checkpoints.create(alice, p.id, { name: 'v2' });
    const c3 = await t.lib.checkpoints.create(alice, p.id, { name: 'v3' });
    const manifest = t.lib.checkpoints.get(alice, c1.id).entries;
    // The foreign key refuses a bare delete of an owner others share.
    expect(() => t.lib.ctx.db.prepare('DELETE FROM checkpoints WHERE id = ?').run(c1.id)).toThrow(/FOREIGN KEY/);
    t.lib.checkpoints.delete(alice, c1.id);
    expect(rowsOf(c2.id)).toMatchObject({ entries: 6, dirs: 4, manifestId: null });
    expect(rowsOf(c3.id)).toEqual({ entries: 0, dirs: 0, manifestId: c2.id });
    expect(t.lib.checkpoints.get(alice, c2.id).entries).toEqual(manifest);
    expect(t.lib.checkpoints.get(alice, c3.id).entries).toEqual(manifest);

    write('src/a.txt', 'alpha, edited');
    writeFileSync(ws('only-here.txt'), 'replaced');
    const c4 = await t.lib.checkpoints.create(alice, p.id, { name: 'v4' });
    const d = await t.lib.checkpoints.diff(alice, p.id, { checkpointId: c3.id }, { checkpointId: c4.id });
    expect(d.files.map((f) => [f.path, f.status])).toEqual([['only-here.txt', 'modified'], ['src/a.txt', 'modified']]);
    const sha = manifest.find((e) => e.path === 'only-here.txt')!.sha256!;
    expect(describeVisibleBlob(t.lib.ctx, alice, sha)).toMatchObject({ nameHint: 'only-here.txt' });
    expect(describeVisibleBlob(t.lib.ctx, bob, sha)).toBeNull();

    // Deleting the new owner too leaves c3 owning the rows.
    t.lib.checkpoints.delete(alice, c2.id);
    expect(rowsOf(c3.id)).toMatchObject({ entries: 6, dirs: 4, manifestId: null });
    await t.lib.checkpoints.restore(alice, c3.id);
    expect(readFileSync(ws('src/a.txt'), 'utf8')).toBe('alpha');
    expect(readFileSync(ws('only-here.txt'), 'utf8')).toBe('content no other checkpoint has');
    expect(statSync(ws('empty')).isDirectory()).toBe(true);
    expect((await t.lib.verify()).problems).toEqual([]);
  });

  it('gc keeps content referenced only through a shared manifest', async () => {
    const c1 = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    const c2 = await t.lib.checkpoints.create(alice, p.id, { name: 'v2' });
    const sha = t.lib.checkpoints.get(alice, c2.id).entries.find((e) => e.path === 'only-here.txt')!.sha256!;
    t.lib.checkpoints.delete(alice, c1.id);
    writeFileSync(ws('only-here.txt'), 'gone from the workspace');
    await t.lib.checkpoints.create(alice, p.id, { name: 'v3' });
    await t.lib.gc({ graceMs: 0 });
    expect(existsSync(t.lib.ctx.blobs.pathOf(sha))).toBe(true);
    expect((await t.lib.verify({ full: true })).problems).toEqual([]);
    await t.lib.checkpoints.restore(alice, c2.id);
    expect(readFileSync(ws('only-here.txt'), 'utf8')).toBe('content no other checkpoint has');
  });

  it('repair counts a sharer\'s missing files through its owner', async () => {
    const c1 = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    const c2 = await t.lib.checkpoints.create(alice, p.id, { name: 'v2' });
    const sha = t.lib.checkpoints.get(alice, c1.id).entries.find((e) => e.path === 'only-here.txt')!.sha256!;
    rmSync(t.lib.ctx.blobs.pathOf(sha), { force: true });
    const r = await t.lib.repair();
    expect(r.checkpointsDamaged).toBe(2);
    const missing = t.lib.ctx.db.prepare('SELECT missing_files FROM checkpoints WHERE id = ?').pluck();
    expect([missing.get(c1.id), missing.get(c2.id)]).toEqual([1, 1]);
  });

  it('verify reports a manifest_id that points nowhere, or at a sharer', async () => {
    const c1 = await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    const c2 = await t.lib.checkpoints.create(alice, p.id, { name: 'v2' });
    const c3 = await t.lib.checkpoints.create(alice, p.id, { name: 'v3' });
    const db = t.lib.ctx.db;
    db.pragma('foreign_keys = OFF');
    db.prepare('UPDATE checkpoints SET manifest_id = ? WHERE id = ?').run('ckp_nowhere', c2.id);
    db.prepare('UPDATE checkpoints SET manifest_id = ? WHERE id = ?').run(c2.id, c3.id);
    db.pragma('foreign_keys = ON');
    const v = await t.lib.verify();
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([
      expect.objectContaining({ kind: 'integrity', item: `checkpoint ${c2.id}`, detail: expect.stringMatching(/ckp_nowhere points at no checkpoint/) }),
      expect.objectContaining({ kind: 'integrity', item: `checkpoint ${c3.id}`, detail: expect.stringMatching(/chain/) }),
    ]);
    expect(rowsOf(c1.id).entries).toBe(6);
  });

  it('deleting the project removes every checkpoint, owners and sharers alike', async () => {
    await t.lib.checkpoints.create(alice, p.id, { name: 'v1' });
    await t.lib.checkpoints.create(alice, p.id, { name: 'v2' });
    t.lib.projects.delete(alice, p.id);
    await t.lib.trash.empty(alice);
    expect(t.lib.ctx.db.prepare('SELECT count(*) FROM checkpoints').pluck().get()).toBe(0);
    expect(t.lib.ctx.db.prepare('SELECT count(*) FROM checkpoint_entries').pluck().get()).toBe(0);
  });
});
