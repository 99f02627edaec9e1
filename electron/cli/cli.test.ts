/**
 * The built CLI, run as a real process against a real library folder (npm test builds it first).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../storage/test-support/fixtures.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/electron/cli/main.js');

describe('reelvault CLI', () => {
  let lib: ReturnType<typeof tempDir>;
  let media: ReturnType<typeof tempDir>;
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
  });
  beforeEach(() => {
    lib = tempDir('cli-lib');
    media = tempDir('cli-media');
  });
  afterEach(() => { lib.cleanup(); media.cleanup(); });

  function run(args: string[], input?: string) {
    const r = spawnSync(process.execPath, [CLI, '--library', lib.dir, '--user', 'tester', ...args], { encoding: 'utf8', input, env: { ...process.env, REELVAULT_LIBRARY: '' } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }
  function json<T = unknown>(args: string[], input?: string): T {
    const r = run(['--json', ...args], input);
    if (r.code !== 0) throw new Error(`reelvault ${args.join(' ')} exited ${r.code}: ${r.err}`);
    return JSON.parse(r.out) as T;
  }

  it('a new user: create a project, import media, checkpoint, edit, diff, restore — files come back', () => {
    mkdirSync(path.join(media.dir, 'footage'));
    writeFileSync(path.join(media.dir, 'footage', 'a.mp4'), Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(100, 1)]));
    writeFileSync(path.join(media.dir, 'footage', 'copy-of-a.mp4'), Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(100, 1)]));
    writeFileSync(path.join(media.dir, 'logo.png'), Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(20)]));

    const p = json<{ id: string; namespace: { workspacePath: string } }>(['project', 'create', 'Launch', '--template', 'remotion', '--fps', '25', '--width', '1080', '--height', '1920']);
    const ws = p.namespace.workspacePath;
    expect(readFileSync(path.join(ws, 'src/Root.tsx'), 'utf8')).toContain('export const FPS = 25;');

    const imp = json<{ imported: number; duplicates: number }>(['import', media.dir, '--tag', 'launch', '--project', 'Launch']);
    expect(imp).toMatchObject({ imported: 2, duplicates: 1 });
    const found = json<{ items: { name: string; type: string }[] }>(['assets', 'search', 'logo']);
    expect(found.items).toMatchObject([{ name: 'logo.png', type: 'image' }]);
    expect(json<{ items: unknown[] }>(['assets', 'ls', '--project', p.id, '--tag', 'launch']).items).toHaveLength(2);

    const v1 = json<{ id: string; fileCount: number }>(['checkpoint', 'create', 'Launch', 'first cut', '-d', 'before edits']);
    expect(v1.fileCount).toBe(6); // the remotion template: package.json, remotion.config.ts, tsconfig.json, src/index.ts, src/Root.tsx, src/props.json

    writeFileSync(path.join(media.dir, 'scene.tsx'), 'export const Scene = 1;\n');
    run(['files', 'put', 'Launch', 'src/Scene.tsx', path.join(media.dir, 'scene.tsx')]);
    expect(run(['files', 'put', 'Launch', 'remotion.config.ts', '-'], '// edited\n').code).toBe(0);
    expect(run(['files', 'rm', 'Launch', 'tsconfig.json']).code).toBe(0);

    const diffText = run(['checkpoint', 'diff', 'Launch', v1.id]);
    expect(diffText.code).toBe(0);
    expect(diffText.out).toContain('1 added, 1 removed, 1 modified, 0 renamed');
    expect(diffText.out).toContain('+// edited');
    const diff = json<{ files: { path: string; status: string }[] }>(['checkpoint', 'diff', 'Launch', v1.id, 'workspace']);
    expect(diff.files.map((f) => [f.path, f.status])).toEqual([['remotion.config.ts', 'modified'], ['src/Scene.tsx', 'added'], ['tsconfig.json', 'removed']]);

    const restored = json<{ safety: { id: string } | null; written: number; removed: number }>(['checkpoint', 'restore', v1.id]);
    expect(restored.safety).not.toBeNull();
    expect(restored).toMatchObject({ written: 2, removed: 1 });
    expect(existsSync(path.join(ws, 'tsconfig.json'))).toBe(true);
    expect(existsSync(path.join(ws, 'src/Scene.tsx'))).toBe(false);
    expect(readFileSync(path.join(ws, 'remotion.config.ts'), 'utf8')).toContain("import { Config } from '@remotion/cli/config'");

    const list = json<{ name: string; kind: string }[]>(['checkpoint', 'ls', 'Launch']);
    expect(list.map((c) => c.kind)).toEqual(['user', 'auto']);
    expect(run(['verify', '--full']).out).toMatch(/^OK: \d+ stored files checked and re-hashed/);
  });

  it('stores, lists and exports renders', () => {
    json(['project', 'create', 'R']);
    const video = path.join(media.dir, 'final.mp4');
    writeFileSync(video, 'fake video bytes');
    // What is not a decodable video is refused as a render; --no-probe stores it as given, unread.
    const refused = run(['render', 'add', 'R', video]);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/not a decodable video: not a media file \[INVALID_INPUT\]/);
    const r = json<{ id: string; width: number; checkpointId: string }>(['render', 'add', 'R', video, '--no-probe', '--resolution', '1280x720', '--fps', '30', '--codec', 'h264']);
    expect(r.width).toBe(1280);
    expect(json<{ id: string }[]>(['render', 'ls', 'R']).map((x) => x.id)).toEqual([r.id]);
    const out = path.join(media.dir, 'exported.mp4');
    expect(run(['render', 'export', r.id, out]).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('fake video bytes');
    expect(run(['render', 'rm', r.id]).code).toBe(0);
    expect(json<{ id: string }[]>(['trash', 'ls']).map((x) => x.id)).toEqual([r.id]);
  });

  it('review notes from the terminal: add on frames and a checkpoint, list, export CSV to a file', () => {
    json(['project', 'create', 'Notes', '--fps', '25']);
    const video = path.join(media.dir, 'cut.mp4');
    writeFileSync(video, 'fake video bytes');
    const r = json<{ id: string; checkpointId: string }>(['render', 'add', 'Notes', video, '--no-probe', '--fps', '25']);
    json(['notes', 'add', r.id, 'logo late', '--frame', '37']);
    json(['notes', 'add', r.id, 'music, too loud', '--frame', '50', '--to', '75']);
    json(['notes', 'add', r.checkpointId, 'approved']);
    expect(run(['notes', 'add', r.checkpointId, 'x', '--frame', '3']).err).toMatch(/INVALID_INPUT/);
    const listed = json<{ body: string; frameFrom: number | null }[]>(['notes', 'ls', r.id]);
    expect(listed.map((n) => [n.frameFrom, n.body])).toEqual([[37, 'logo late'], [50, 'music, too loud']]);
    expect(json<unknown[]>(['notes', 'ls', 'Notes'])).toHaveLength(3);
    const out = path.join(media.dir, 'notes.csv');
    expect(json<{ count: number }>(['notes', 'export', 'Notes', '-o', out])).toMatchObject({ count: 3 });
    const csv = readFileSync(out, 'utf8').split('\r\n');
    expect(csv[1]).toMatch(/^cut\.mp4,,37,37,00:00:01:12,00:00:01:12,/);
    expect(csv[2]).toMatch(/^cut\.mp4,,50,75,00:00:02:00,00:00:03:00,.*,"music, too loud"$/);
    // Edit: the new text reads back, the frames stay; an empty text or an unknown id is a clear error.
    const logo = json<{ id: string }[]>(['notes', 'ls', r.id])[0]!;
    expect(json<{ body: string; frameFrom: number }>(['notes', 'edit', logo.id, '--text', 'logo late by 6 frames'])).toMatchObject({ body: 'logo late by 6 frames', frameFrom: 37 });
    expect(run(['notes', 'edit', logo.id, '--text', 'logo late, fixed']).out).toContain(`Edited note ${logo.id}`);
    expect(json<{ id: string; body: string }[]>(['notes', 'ls', r.id]).find((n) => n.id === logo.id)?.body).toBe('logo late, fixed');
    expect(run(['notes', 'edit', logo.id, '--text', '   ']).err).toMatch(/INVALID_INPUT/);
    const unknown = run(['notes', 'edit', 'note_nothere', '--text', 'x']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toMatch(/NOT_FOUND/);
    // Never over an existing file; text to stdout.
    expect(run(['notes', 'export', 'Notes', '-o', out]).err).toMatch(/already exists/);
    expect(run(['notes', 'export', r.id, '--format', 'text']).out).toContain('[render “cut.mp4” · 00:00:01:12 (frame 37)]');
  });

  it('trash, restore, empty and gc from the terminal', () => {
    const p = json<{ id: string }>(['project', 'create', 'Temp']);
    run(['project', 'delete', p.id]);
    expect(json<unknown[]>(['project', 'list'])).toEqual([]);
    run(['trash', 'restore', p.id]);
    expect(json<{ id: string }[]>(['project', 'list']).map((x) => x.id)).toEqual([p.id]);
    run(['project', 'rm', p.id]);
    expect(json<{ removed: number }>(['trash', 'empty'])).toEqual({ removed: 1 });
    expect(json<{ removedBlobs: number }>(['gc', '--grace-hours', '0'])).toMatchObject({ removedBlobs: 0 });
  });

  it('errors are one clear line on stderr and a non-zero exit', () => {
    const missing = run(['project', 'show', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('reelvault: project nope not found [NOT_FOUND]\n');
    const bad = run(['project', 'create', 'X', '--fps', '500']);
    expect(bad.code).toBe(1);
    expect(bad.err.trim().split('\n')).toEqual(['reelvault: fps must be between 1 and 240 [INVALID_INPUT]']);
    const badJson = run(['--json', 'project', 'create', 'X', '--fps', 'many']);
    expect(JSON.parse(badJson.err)).toEqual({ error: { code: 'INVALID_INPUT', message: 'fps must be a number, got "many"' } });
    const usage = run(['frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/unknown command/);
    json(['project', 'create', 'Twin']);
    json(['project', 'create', 'Twin']);
    expect(run(['project', 'show', 'Twin']).err).toMatch(/2 projects are named "Twin"; use an id/);
  });

  it('--json output of project list is parseable and human output is a table', () => {
    json(['project', 'create', 'Alpha', '--scope', 'sandbox']);
    const human = run(['project', 'list']);
    expect(human.out.split('\n')[0]).toMatch(/^ID\s+NAME\s+FORMAT\s+SCOPE\s+UPDATED$/);
    expect(human.out).toContain('shared');
    expect(json<{ name: string }[]>(['project', 'list'])[0]!.name).toBe('Alpha');
  });

  it('backup, restore-backup and repair from the terminal', () => {
    const p = json<{ id: string }>(['project', 'create', 'Safe']);
    writeFileSync(path.join(media.dir, 'clip.txt'), 'precious');
    json(['import', path.join(media.dir, 'clip.txt')]);
    const bdir = path.join(media.dir, 'backup');
    expect(json<{ blobsCopied: number }>(['backup', bdir]).blobsCopied).toBeGreaterThan(0);
    expect(json<{ blobsCopied: number }>(['backup', bdir]).blobsCopied).toBe(0);
    const dest = path.join(media.dir, 'restored');
    expect(run(['restore-backup', bdir, dest]).code).toBe(0);
    const r = spawnSync(process.execPath, [CLI, '--library', dest, '--user', 'tester', '--json', 'project', 'list'], { encoding: 'utf8' });
    expect((JSON.parse(r.stdout) as { id: string }[]).map((x) => x.id)).toEqual([p.id]);
    expect(json<{ assetsMissing: number; relinked: number }>(['repair'])).toMatchObject({ assetsMissing: 0, relinked: 0 });
  });
});

