/**
 * The built CLI against a real S3 server (npm test builds it first): init with a bucket, imports that
 * upload before they exit (or wait with --no-upload), sync, info, offline errors with their code,
 * credentials only from the environment, and restore-backup s3://… on a "second machine".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import { tempDir } from '../storage/test-support/fixtures.js';
import { adminClient, faultServer, s3Target, s3UrlFor, uniquePrefix, type FaultServer, type S3Target } from '../storage/remote/test-support/s3-server.js';
import { blobKey, objectSha, writeRandomFile } from '../storage/remote/test-support/remote-fixtures.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/electron/cli/main.js');

let t: S3Target;
let s3: S3Client;
let fault: FaultServer;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
  t = await s3Target();
  s3 = adminClient(t);
}, 600_000);
afterAll(() => {
  for (const c of cleanups.reverse()) c();
  if (fault) fault.stop();
  s3?.destroy();
});

function run(lib: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [CLI, '--library', lib, '--user', 'tester', ...args], { encoding: 'utf8', timeout: 120_000, env: { ...env, REELVAULT_LIBRARY: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function json<T = Record<string, unknown>>(lib: string, args: string[]): T {
  const r = run(lib, ['--json', ...args]);
  if (r.code !== 0) throw new Error(`reelvault ${args.join(' ')} exited ${r.code}: ${r.err}`);
  return JSON.parse(r.out) as T;
}

interface Status {
  url: string;
  outboxBlobs: number;
  confirmedBlobs: number;
  remoteOnlyBlobs: number;
}

describe('reelvault with a bucket', () => {
  it('init --s3, import uploads before it exits, --no-upload leaves content in the outbox, sync drains it, info shows it all', async () => {
    const lib = tempDir('cli-s3');
    const media = tempDir('cli-s3-media');
    cleanups.push(lib.cleanup, media.cleanup);
    const prefix = uniquePrefix('cli');
    const url = s3UrlFor(t, prefix);
    const init = json<{ remote: Status }>(lib.dir, ['init', '--s3', url, '--endpoint', t.endpoint, '--region', t.region, ...(t.pathStyle ? ['--path-style'] : [])]);
    expect(init.remote).toMatchObject({ url, outboxBlobs: 0 });

    writeFileSync(path.join(media.dir, 'a.txt'), 'alpha\n');
    writeFileSync(path.join(media.dir, 'b.txt'), 'beta\n');
    const imp = json<{ imported: number; items: { asset: { sha256: string } }[] }>(lib.dir, ['import', media.dir]);
    expect(imp.imported).toBe(2);
    expect(json<Status>(lib.dir, ['remote', 'status'])).toMatchObject({ outboxBlobs: 0, confirmedBlobs: 2 });
    for (const i of imp.items) expect(await objectSha(s3, t.bucket, blobKey(prefix, i.asset.sha256))).toBe(i.asset.sha256);

    writeFileSync(path.join(media.dir, 'c.txt'), 'gamma\n');
    const later = run(lib.dir, ['--no-upload', 'import', path.join(media.dir, 'c.txt')]);
    expect(later.code).toBe(0);
    expect(later.err).toMatch(/1 file \(\d+ B\) wait in the outbox \(--no-upload\)/);
    expect(json<Status>(lib.dir, ['remote', 'status'])).toMatchObject({ outboxBlobs: 1, confirmedBlobs: 2 });
    expect(json<{ uploaded: number; left: number }>(lib.dir, ['sync'])).toMatchObject({ uploaded: 1, left: 0 });

    const info = run(lib.dir, ['info']);
    expect(info.out).toContain(`Remote:     ${url} at ${t.endpoint}`);
    expect(info.out).toMatch(/Outbox: {5}0 files/);
    expect(info.out).toMatch(/In bucket: {2}3 files confirmed/);
    expect(info.out).toMatch(/Cache: {6}.* on this disk, budget/);
  });

  it('offline: an import succeeds and says its content waits; sync and reading evicted content fail with OFFLINE at once; back online sync drains', async () => {
    // A radosgw of this test's own, so stopping it leaves the other tests' server alone (this one
    // test needs the project's Ceph; the others also run against REELVAULT_S3_ENDPOINT).
    fault = faultServer(t, 'cli', 7484);
    fault.start();
    const lib = tempDir('cli-offline');
    const media = tempDir('cli-offline-media');
    cleanups.push(lib.cleanup, media.cleanup);
    const prefix = uniquePrefix('cli-offline');
    json(lib.dir, ['init', '--s3', s3UrlFor(t, prefix), '--endpoint', fault.endpoint, '--path-style']);
    json(lib.dir, ['project', 'create', 'Cut']);
    const video = path.join(media.dir, 'cut.mp4');
    writeRandomFile(video, 1_500_000, 'cli-offline');
    const render = json<{ id: string; sha256: string }>(lib.dir, ['render', 'add', 'Cut', video, '--no-probe']);
    expect(json<{ evicted: number }>(lib.dir, ['remote', 'evict', '--to', '0'])).toMatchObject({ evicted: 1 });

    fault.stop();
    writeFileSync(path.join(media.dir, 'offline.txt'), 'written on a plane\n');
    const imp = run(lib.dir, ['import', path.join(media.dir, 'offline.txt')]);
    expect(imp.code).toBe(0);
    expect(imp.err).toMatch(/not available offline — the bucket cannot be reached; 1 file .* wait in the outbox/);

    let started = Date.now();
    const sync = run(lib.dir, ['sync']);
    expect(sync.code).toBe(1);
    expect(sync.err).toMatch(/^reelvault: not available offline .* \[OFFLINE\]\n$/);
    expect(Date.now() - started).toBeLessThan(15_000);
    started = Date.now();
    const exp = run(lib.dir, ['render', 'export', render.id, path.join(media.dir, 'out.mp4')]);
    expect(exp.code).toBe(1);
    expect(exp.err).toMatch(/\[OFFLINE\]/);
    expect(Date.now() - started).toBeLessThan(15_000);

    fault.start();
    expect(json<{ uploaded: number; left: number }>(lib.dir, ['sync'])).toMatchObject({ uploaded: 1, left: 0 });
    expect(run(lib.dir, ['render', 'export', render.id, path.join(media.dir, 'out.mp4')]).code).toBe(0);
    expect(readFileSync(path.join(media.dir, 'out.mp4')).equals(readFileSync(video))).toBe(true);
  });

  it('takes credentials only from the environment, and says where they go when there are none', () => {
    const lib = tempDir('cli-nokeys');
    const home = tempDir('cli-home');
    cleanups.push(lib.cleanup, home.cleanup);
    const env = { ...process.env, HOME: home.dir, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' };
    const r = run(lib.dir, ['init', '--s3', s3UrlFor(t, uniquePrefix('nokeys')), '--endpoint', t.endpoint, '--path-style'], env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE .* \[FORBIDDEN\]/);
    const wrong = run(lib.dir, ['init', '--s3', s3UrlFor(t, uniquePrefix('badkeys')), '--endpoint', t.endpoint, '--path-style'], { ...process.env, AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/\[FORBIDDEN\]/);
    expect(wrong.err).not.toContain('not-the-secret');
  });

  it('takes keys from AWS_PROFILE and the shared credentials file, as the SDK reads them (no key variables set)', () => {
    const lib = tempDir('cli-profile');
    const home = tempDir('cli-profile-home');
    cleanups.push(lib.cleanup, home.cleanup);
    mkdirSync(path.join(home.dir, '.aws'));
    // The default profile holds wrong keys: a pass proves the named profile was the one read.
    writeFileSync(path.join(home.dir, '.aws', 'credentials'), `[default]\naws_access_key_id = nobody\naws_secret_access_key = wrong\n\n[studio]\naws_access_key_id = ${t.accessKey}\naws_secret_access_key = ${t.secretKey}\n`);
    const env = { ...process.env, HOME: home.dir, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '', AWS_PROFILE: 'studio', AWS_SHARED_CREDENTIALS_FILE: '', AWS_CONFIG_FILE: '' };
    delete (env as Record<string, string | undefined>).AWS_SHARED_CREDENTIALS_FILE;
    delete (env as Record<string, string | undefined>).AWS_CONFIG_FILE;
    const url = s3UrlFor(t, uniquePrefix('profile'));
    const init = run(lib.dir, ['init', '--s3', url, '--endpoint', t.endpoint, '--path-style'], env);
    expect(init.code, init.err).toBe(0);
    expect(`${init.out}${init.err}`).not.toContain(t.secretKey);
    const other = tempDir('cli-profile-default');
    cleanups.push(other.cleanup);
    const wrong = run(other.dir, ['init', '--s3', s3UrlFor(t, uniquePrefix('profile-default')), '--endpoint', t.endpoint, '--path-style'], { ...env, AWS_PROFILE: 'default' });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/\[FORBIDDEN\]/);
  });

  it('backup, then restore-backup s3://… into an empty folder on a second machine: the library comes back from the bucket alone', async () => {
    const lib = tempDir('cli-first');
    const media = tempDir('cli-first-media');
    const second = tempDir('cli-second');
    const folderBackup = tempDir('cli-folder-backup');
    cleanups.push(lib.cleanup, media.cleanup, second.cleanup, folderBackup.cleanup);
    const prefix = uniquePrefix('cli-restore');
    const url = s3UrlFor(t, prefix);
    json(lib.dir, ['init', '--s3', url, '--endpoint', t.endpoint, '--path-style']);
    const project = json<{ id: string; namespace: { workspacePath: string } }>(lib.dir, ['project', 'create', 'Promo']);
    mkdirSync(path.join(project.namespace.workspacePath, 'scenes'), { recursive: true });
    writeFileSync(path.join(project.namespace.workspacePath, 'scenes', 'one.txt'), 'scene one\n');
    const clip = path.join(media.dir, 'clip.bin');
    writeRandomFile(clip, 600_000, 'cli-restore');
    json(lib.dir, ['import', clip, '--tag', 'promo']);
    const b = json<{ remote: { url: string; workspacesCheckpointed: number } }>(lib.dir, ['backup', folderBackup.dir]);
    expect(b.remote).toMatchObject({ url, workspacesCheckpointed: 1 });

    const target = path.join(second.dir, 'Reelvault');
    const rest = run(second.dir, ['restore-backup', url, target, '--endpoint', t.endpoint, '--path-style']);
    expect(rest.code).toBe(0);
    expect(rest.out).toContain(`into ${target}`);
    const assets = json<{ items: { name: string; tags: string[] }[] }>(target, ['assets', 'ls', '--tag', 'promo']);
    expect(assets.items).toMatchObject([{ name: 'clip.bin' }]);
    const shown = json<{ namespace: { workspacePath: string } }>(target, ['project', 'show', 'Promo']);
    expect(readFileSync(path.join(shown.namespace.workspacePath, 'scenes', 'one.txt'), 'utf8')).toBe('scene one\n');
    expect(run(target, ['verify']).out).toMatch(/^OK: /);
  });
});
