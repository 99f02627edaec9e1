/**
 * The library's edges from a terminal, as a new user or an adversary meets them (issue 11): folders
 * the library does not own, lost catalogs, backup targets, read-only and full disks. The built CLI
 * runs as a real process; disks are real too (a tmpfs mounted for the test, where this runs as root).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../storage/test-support/fixtures.js';
import { assertBuilt, CLI, cliJson, runCli } from './test-support/cli-runner.js';

const isRoot = process.getuid?.() === 0;

/** A real filesystem of `size` (tmpfs), mounted on a new folder; null where mounting is not allowed. */
function mountTmpfs(size: string): { dir: string; remountReadOnly: () => void; unmount: () => void } | null {
  if (!isRoot) return null;
  const t = tempDir('disk');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', t.dir]);
  if (r.status !== 0) { t.cleanup(); return null; }
  return {
    dir: t.dir,
    remountReadOnly: () => { expect(spawnSync('mount', ['-o', 'remount,ro', t.dir]).status).toBe(0); },
    unmount: () => { spawnSync('umount', [t.dir]); t.cleanup(); },
  };
}

/** Every file under a folder with its size and mtime, and every folder's name: what any write changes. */
function fingerprint(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const abs = path.join(d, n);
      const st = statSync(abs);
      out.push(st.isDirectory() ? `${path.relative(dir, abs)}/` : `${path.relative(dir, abs)} ${st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(abs);
    }
  };
  walk(dir);
  return out;
}

describe('the library at its edges, from the terminal', () => {
  let t: ReturnType<typeof tempDir>;
  let lib: string;
  beforeAll(() => assertBuilt());
  beforeEach(() => {
    t = tempDir('edges');
    lib = path.join(t.dir, 'lib');
    writeFileSync(path.join(t.dir, 'clip.txt'), 'clip content');
  });
  afterEach(() => t.cleanup());

  /** A small library: a project with a checkpoint and an imported asset. */
  function populate(dir = lib): { project: string } {
    const p = cliJson<{ id: string }>(dir, ['project', 'create', 'Home']);
    runCli(dir, ['files', 'put', 'Home', 'src/a.txt', '-'], { input: 'hello' });
    cliJson(dir, ['checkpoint', 'create', 'Home', 'A']);
    cliJson(dir, ['import', path.join(t.dir, 'clip.txt'), '--project', 'Home']);
    return { project: p.id };
  }

  it('defect 5: --library on an ordinary folder (like ~) refuses every command and empties nothing', () => {
    const home = path.join(t.dir, 'home');
    mkdirSync(path.join(home, 'tmp'), { recursive: true });
    writeFileSync(path.join(home, 'tmp', 'keep.txt'), 'mine');
    mkdirSync(path.join(home, 'workspaces', 'site'), { recursive: true });
    const before = fingerprint(home);
    for (const args of [['project', 'list'], ['gc', '--grace-hours', '0'], ['verify']]) {
      const r = runCli(home, args);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`^reelvault: ${home.replace(/[/.]/g, '\\$&')} is not a Reelvault library .* \\[CONFLICT\\]\\n$`, 's'));
    }
    expect(fingerprint(home)).toEqual(before);
  });

  it('defect 4: an emptied library.db, then gc — refused; repair --rebuild brings the projects back and gc keeps their content', () => {
    const { project } = populate();
    const blobs = () => readdirSync(path.join(lib, 'blobs', 'sha256')).flatMap((s) => readdirSync(path.join(lib, 'blobs', 'sha256', s)));
    const stored = blobs();
    truncateSync(path.join(lib, 'library.db'), 0);
    const gc = runCli(lib, ['gc', '--grace-hours', '0']);
    expect(gc.code).toBe(1);
    expect(gc.err).toMatch(/catalog of the library .* is empty.*repair --rebuild.*\[CONFLICT\]/s);
    expect(blobs()).toEqual(stored);
    const rebuilt = cliJson<{ projects: number; assets: number; checkpoints: number }>(lib, ['repair', '--rebuild']);
    expect(rebuilt).toMatchObject({ projects: 1, assets: 1, checkpoints: 1 });
    expect(cliJson<{ id: string }[]>(lib, ['project', 'list']).map((p) => p.id)).toEqual([project]);
    expect(cliJson<{ removedBlobs: number }>(lib, ['gc', '--grace-hours', '0']).removedBlobs).toBe(0);
    expect(blobs()).toEqual(stored);
    expect(cliJson<{ ok: boolean }>(lib, ['verify', '--full']).ok).toBe(true);
  });

  it('defect 6: backup onto an existing library is refused, and its projects stay', () => {
    populate();
    const other = path.join(t.dir, 'other');
    populate(other);
    const before = cliJson<unknown[]>(other, ['project', 'list']);
    const r = runCli(lib, ['backup', other]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is a Reelvault library, not a backup folder.*\[CONFLICT\]/);
    expect(cliJson<unknown[]>(other, ['project', 'list'])).toEqual(before);
    // An ordinary non-empty folder is refused too; an empty one is fine.
    mkdirSync(path.join(t.dir, 'docs'));
    writeFileSync(path.join(t.dir, 'docs', 'cv.pdf'), 'x');
    expect(runCli(lib, ['backup', path.join(t.dir, 'docs')]).err).toMatch(/is not empty and is not a Reelvault backup/);
    expect(runCli(lib, ['backup', path.join(t.dir, 'fresh-backup')]).code).toBe(0);
  });

  it('defect 6: a backup whose folder has a crashed session\'s -wal beside its db still backs up, and nothing is lost', () => {
    populate();
    const bdir = path.join(t.dir, 'backup');
    expect(runCli(lib, ['backup', bdir]).code).toBe(0);
    // Someone opened the backup's catalog and was killed mid-write: a WAL with pages is left beside it.
    const killed = spawnSync('sh', ['-c', `sqlite3 ${path.join(bdir, 'library.db')} "PRAGMA journal_mode=WAL; CREATE TABLE scribble(x); INSERT INTO scribble VALUES (1);" && sleep 30 & sleep 1; kill -9 $!`]);
    expect(killed.status).toBe(0);
    writeFileSync(path.join(bdir, 'library.db-wal'), Buffer.alloc(4096, 7));
    runCli(lib, ['files', 'put', 'Home', 'src/b.txt', '-'], { input: 'after the first backup' });
    const again = runCli(lib, ['backup', bdir]);
    expect(again.code, again.err).toBe(0);
    const aside = readdirSync(bdir).filter((n) => n.startsWith('replaced-'));
    expect(aside).toHaveLength(1);
    expect(readdirSync(path.join(bdir, aside[0] as string)).sort()).toEqual(['library.db', 'library.db-wal']);
    const restored = path.join(t.dir, 'restored');
    expect(runCli(null, ['restore-backup', bdir, restored]).code).toBe(0);
    expect(cliJson<{ ok: boolean }>(restored, ['verify', '--full']).ok).toBe(true);
    expect(cliJson<{ path: string }[]>(restored, ['files', 'ls', 'Home', 'src']).map((f) => f.path)).toEqual(['src/a.txt', 'src/b.txt']);
  });

  it('defect 14: a killed backup leaves its temp files, and the next backup into that folder removes them', () => {
    populate();
    const bdir = path.join(t.dir, 'backup');
    expect(runCli(lib, ['backup', bdir]).code).toBe(0);
    // What a backup killed mid-copy left: its own session folder (its lock died with it) with a big temp file.
    const dead = path.join(bdir, 'tmp', 's-00000000feedface');
    mkdirSync(dead);
    writeFileSync(path.join(dead, '.copy-1-abc.tmp'), Buffer.alloc(1 << 20));
    writeFileSync(path.join(bdir, 'tmp', `.db-999999-abcdef.tmp`), 'older version, process gone');
    expect(runCli(lib, ['backup', bdir]).code).toBe(0);
    expect(readdirSync(path.join(bdir, 'tmp'))).toEqual([]);
  });

  it('defect 14: names with ESC or newlines are shown escaped, not obeyed; --json keeps them exact', () => {
    const evil = 'Evil\u001b]0;pwned\u0007\u001b[2J\nFAKE LINE';
    cliJson(lib, ['project', 'create', evil]);
    const human = runCli(lib, ['project', 'list']);
    expect(human.code).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(human.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(human.out).toContain('Evil\\x1b]0;pwned\\x07\\x1b[2J\\nFAKE LINE');
    expect(human.out.split('\n').filter((l) => l.startsWith('FAKE LINE'))).toEqual([]);
    expect(cliJson<{ name: string }[]>(lib, ['project', 'list'])[0]?.name).toBe(evil);
  });

  it('defect 14: `assets ls` and `files ls` show names with ESC or newlines escaped, not obeyed; --json keeps them exact', () => {
    const evil = 'clip\u001b]0;pwned\u0007\u001b[2J\nFAKE LINE.txt';
    const shown = 'clip\\x1b]0;pwned\\x07\\x1b[2J\\nFAKE LINE.txt';
    const p = cliJson<{ id: string; namespace: { workspacePath: string } }>(lib, ['project', 'create', 'Home']);
    writeFileSync(path.join(t.dir, evil), 'evil clip');
    cliJson(lib, ['import', path.join(t.dir, evil), '--project', 'Home']);
    // A file made in the workspace by another program: no name check stood in its way.
    writeFileSync(path.join(p.namespace.workspacePath, evil), 'evil file');
    for (const args of [['assets', 'ls'], ['files', 'ls', 'Home']]) {
      const human = runCli(lib, args);
      expect(human.code, human.err).toBe(0);
      // eslint-disable-next-line no-control-regex
      expect(human.out, args.join(' ')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(human.out, args.join(' ')).toContain(shown);
      expect(human.out.split('\n').filter((l) => l.startsWith('FAKE LINE'))).toEqual([]);
    }
    expect(cliJson<{ items: { name: string }[] }>(lib, ['assets', 'ls']).items.map((a) => a.name)).toEqual([evil]);
    expect(cliJson<{ path: string }[]>(lib, ['files', 'ls', 'Home']).map((f) => f.path)).toContain(evil);
  });

  it('defect 2, from the terminal: files rm of an ignored file and files put over a never-checkpointed one keep their bytes; checkpoint cat gives them back', () => {
    const p = cliJson<{ id: string; namespace: { workspacePath: string } }>(lib, ['project', 'create', 'Home']);
    const ws = p.namespace.workspacePath;
    writeFileSync(path.join(ws, '.reelvaultignore'), 'raw/\n');
    mkdirSync(path.join(ws, 'raw'));
    writeFileSync(path.join(ws, 'raw', 'take.txt'), 'ignored take, only here');
    expect(runCli(lib, ['files', 'rm', 'Home', 'raw/take.txt']).code).toBe(0);
    // Written after that safety checkpoint: in none.
    writeFileSync(path.join(ws, 'notes.md'), 'notes, never checkpointed');
    expect(runCli(lib, ['files', 'put', 'Home', 'notes.md', '-'], { input: 'replaced' }).code).toBe(0);
    expect(existsSync(path.join(ws, 'raw', 'take.txt'))).toBe(false);
    const list = cliJson<{ id: string; name: string; kind: string }[]>(lib, ['checkpoint', 'ls', 'Home']);
    expect(list.map((k) => [k.name, k.kind])).toEqual([['Before deleting raw/take.txt', 'auto'], ['Before overwriting notes.md', 'auto']]);
    const [first, second] = list.map((k) => k.id);
    expect(runCli(lib, ['checkpoint', 'cat', first as string, 'raw/take.txt']).out).toBe('ignored take, only here');
    expect(runCli(lib, ['checkpoint', 'cat', second as string, 'notes.md']).out).toBe('notes, never checkpointed');
    expect(readFileSync(path.join(ws, 'notes.md'), 'utf8')).toBe('replaced');
  });

  it('defect 14: import --json exits non-zero when an item failed, with the failure in the JSON', () => {
    const r = runCli(lib, ['--json', 'import', path.join(t.dir, 'clip.txt'), path.join(t.dir, 'missing.mov')]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ imported: 1, failed: 1 });
  });

  describe('defect 13: read-only and full disks', () => {
    let disk: ReturnType<typeof mountTmpfs>;
    afterEach(() => disk?.unmount());

    it('a library on a read-only disk lists, shows, verifies and backs up — and writes nothing', (ctx) => {
      disk = mountTmpfs('64m');
      if (!disk) return ctx.skip('needs root to mount a read-only filesystem');
      const ro = path.join(disk.dir, 'lib');
      populate(ro);
      disk.remountReadOnly();
      const before = fingerprint(ro);
      expect(cliJson<{ name: string }[]>(ro, ['project', 'list']).map((p) => p.name)).toEqual(['Home']);
      expect(cliJson<{ path: string }[]>(ro, ['files', 'ls', 'Home']).map((f) => f.path)).toEqual(['src']);
      expect(cliJson<{ ok: boolean }>(ro, ['verify', '--full']).ok).toBe(true);
      expect(runCli(ro, ['backup', path.join(t.dir, 'bk')]).code).toBe(0);
      expect(existsSync(path.join(t.dir, 'bk', 'library.db'))).toBe(true);
      const write = runCli(ro, ['project', 'create', 'New']);
      expect(write.code).toBe(1);
      expect(write.err).toMatch(/is open read-only .*nothing was changed \[FORBIDDEN\]/);
      expect(fingerprint(ro)).toEqual(before);
    });

    it('`reelvault serve` on a read-only disk serves the library read-only: it lists over HTTP, refuses writes with FORBIDDEN, writes nothing', async (ctx) => {
      disk = mountTmpfs('64m');
      if (!disk) return ctx.skip('needs root to mount a read-only filesystem');
      const ro = path.join(disk.dir, 'lib');
      populate(ro);
      disk.remountReadOnly();
      const before = fingerprint(ro);
      // A stand-in for the built UI (the command needs one, not what is in it) and a settings file of the test's own.
      const ui = path.join(t.dir, 'ui');
      mkdirSync(ui);
      writeFileSync(path.join(ui, 'index.html'), '<!doctype html><div id="root"></div>');
      const env = { REELVAULT_RENDERER_DIR: ui, REELVAULT_SETTINGS: path.join(t.dir, 'settings.json'), REELVAULT_USER: 'tester' };
      const child = spawn(process.execPath, [CLI, '--library', ro, 'serve', '--port', '0'], { env: { ...process.env, REELVAULT_LIBRARY: '', ...env } });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const url = await new Promise<URL>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no URL within 30 s: ${out}`)), 30_000);
          child.stdout.on('data', () => {
            const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=([0-9a-f]{64})/.exec(out);
            if (m) { clearTimeout(timer); resolve(new URL(m[0])); }
          });
          void exited.then(() => reject(new Error(`serve exited: ${out}`)));
        });
        expect(out).toContain('(read-only: this process cannot write to it)');
        const token = url.searchParams.get('token') as string;
        const api = async (channel: string, input: unknown) => {
          const r = await fetch(new URL(`/api/${channel}`, url), { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
          return (await r.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
        };
        const projects = (await api('projects.list', {})).value as { id: string; name: string }[];
        expect(projects.map((p) => p.name)).toEqual(['Home']);
        const pid = (projects[0] as { id: string }).id;
        expect(((await api('files.list', { projectId: pid })).value as { path: string }[]).map((f) => f.path)).toEqual(['src']);
        expect(((await api('checkpoints.list', { projectId: pid })).value as { name: string }[]).map((c) => c.name)).toEqual(['A']);
        expect((await api('library.verify', {})).value).toMatchObject({ ok: true });
        for (const [channel, input] of [['projects.create', { name: 'New' }], ['files.writeText', { projectId: pid, path: 'src/a.txt', text: 'x' }], ['files.delete', { projectId: pid, path: 'src' }]] as const) {
          const r = await api(channel, input);
          expect(r.ok ? 'written' : r.error?.code, channel).toBe('FORBIDDEN');
          expect(r.error?.message).toMatch(/is open read-only .*nothing was changed/);
        }
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      expect(fingerprint(ro)).toEqual(before);
    });

    it('a library whose folder this user cannot write (not root) opens read-only', (ctx) => {
      if (!isRoot) return ctx.skip('needs root to run the CLI as another user');
      populate();
      chmodSync(t.dir, 0o755);
      const before = fingerprint(lib);
      const nobody = { uid: 65534, gid: 65534 };
      const r = runCli(lib, ['--json', 'project', 'list'], nobody);
      expect(r.code, r.err).toBe(0);
      expect((JSON.parse(r.out) as { name: string }[]).map((p) => p.name)).toEqual(['Home']);
      expect(runCli(lib, ['verify'], nobody).code).toBe(0);
      expect(runCli(lib, ['project', 'create', 'X'], nobody).err).toMatch(/\[FORBIDDEN\]/);
      expect(fingerprint(lib)).toEqual(before);
    });

    it('a full disk: reading commands still work, a write fails with a clear IO error, nothing is left behind', (ctx) => {
      disk = mountTmpfs('16m');
      if (!disk) return ctx.skip('needs root to mount a small filesystem');
      const full = path.join(disk.dir, 'lib');
      populate(full);
      // Fill the disk to the last byte.
      spawnSync('sh', ['-c', `dd if=/dev/zero of=${path.join(disk.dir, 'filler')} bs=64k 2>/dev/null; sync`]);
      const before = fingerprint(full);
      expect(cliJson<{ name: string }[]>(full, ['project', 'list']).map((p) => p.name)).toEqual(['Home']);
      expect(cliJson<{ ok: boolean }>(full, ['verify']).ok).toBe(true);
      expect(runCli(full, ['backup', path.join(t.dir, 'bk')]).code).toBe(0);
      const write = runCli(full, ['project', 'create', 'New']);
      expect(write.code).toBe(1);
      expect(write.err).toMatch(/\[(FORBIDDEN|IO)\]\n$/);
      expect(write.err).not.toMatch(/INTERNAL/);
      expect(fingerprint(full)).toEqual(before);
      // Space again: the library works as before.
      spawnSync('rm', [path.join(disk.dir, 'filler')]);
      expect(runCli(full, ['project', 'create', 'New']).code).toBe(0);
      expect(readFileSync(path.join(full, 'reelvault-library.json'), 'utf8')).toMatch(/reelvault-library/);
    });
  });
});
