/**
 * The bucket from a host's settings (the channels the Settings screen and the jobs panel use),
 * against the real Ceph: remote.connect with the host's environment keys (the web host) and with
 * keys a host keeps (the desktop app's safeStorage store is stood in for by an in-memory provider
 * here — Electron cannot run in CI; electron/main/credential-store.test.ts tests the store itself),
 * keys never in the catalog or any answer; the cache budget (evicts at once) and keep-offline; the
 * upload job in jobs.list, its push events with bytes/s, pausing it alone, retrying it now.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { UPLOAD_JOB_ID, type JobsState, type LibraryInfo, type RemoteInfo, type UploadJob } from '../../../shared/contract.js';
import type { Project } from '../../../shared/models.js';
import { startTestHost } from '../../web/test-support/web-fixture.js';
import { openEvents } from '../../web/test-support/event-client.js';
import { tempDir } from '../test-support/fixtures.js';
import { s3UrlFor, uniquePrefix, type S3Target } from './test-support/s3-server.js';
import { blobKey, headObject, until, useBucket, writeRandomFile } from './test-support/remote-fixtures.js';
import { credentialKey, type CredentialProvider, type S3Credentials } from './credentials.js';

const MiB = 1024 * 1024;
let t: S3Target;
let s3: S3Client;
const cleanups = useBucket((b) => ({ t, s3 } = b));

/** Every byte of the library folder's files (the catalog among them), to look for a key in. */
function libraryBytes(dir: string): string {
  let out = '';
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out += readFileSync(p).toString('latin1');
    }
  };
  walk(dir);
  return out;
}

/** Stands in for the desktop app's safeStorage store: keys in memory, what was saved recorded. */
function memoryKeys(): CredentialProvider & { saved: Map<string, S3Credentials> } {
  const saved = new Map<string, S3Credentials>();
  return {
    saved,
    get: (target) => saved.get(credentialKey(target)) ?? null,
    whyCannotSave: () => null,
    save: (target, c) => {
      saved.set(credentialKey(target), c);
    },
  };
}

describe('the bucket from the settings', () => {
  it('web host: connects with its environment’s keys, refuses keys typed into the page, never answers a key', async () => {
    const h = await startTestHost();
    cleanups.push(() => h.cleanup());
    const url = s3UrlFor(t, uniquePrefix('settings-web'));
    const info0 = await h.value<LibraryInfo>('library.info', {});
    expect(info0.remote).toBeNull();
    expect(info0.s3Keys).toMatchObject({ canKeep: false, why: expect.stringContaining('AWS_ACCESS_KEY_ID') });

    const refused = await h.call('remote.connect', { url, endpoint: t.endpoint, pathStyle: true, accessKeyId: t.accessKey, secretAccessKey: t.secretKey });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await h.value<LibraryInfo>('library.info', {})).remote).toBeNull();
    // Half a key pair is not an input at all.
    expect(await h.call('remote.connect', { url, endpoint: t.endpoint, accessKeyId: t.accessKey })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    const info = await h.value<RemoteInfo>('remote.connect', { url, endpoint: t.endpoint, region: t.region, pathStyle: t.pathStyle });
    expect(info).toMatchObject({ url, endpoint: t.endpoint, pathStyle: true, credentials: 'environment', keepOffline: [], budgetIsDefault: true });
    for (const text of [JSON.stringify(info), JSON.stringify(await h.value('library.info', {})), JSON.stringify(await h.value('jobs.list', {}))]) {
      expect(text).not.toContain(t.secretKey);
      expect(text).not.toContain(t.accessKey);
    }
  });

  it('a host that keeps keys: connects with typed keys while the environment has none, keeps them only after the bucket took them, never in the library', async () => {
    const keys = memoryKeys();
    const h = await startTestHost({ credentials: keys });
    cleanups.push(() => h.cleanup());
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    try {
      const url = s3UrlFor(t, uniquePrefix('settings-keys'));
      expect((await h.value<LibraryInfo>('library.info', {})).s3Keys).toEqual({ canKeep: true, why: null });
      // Wrong keys: the bucket refuses them, nothing is kept, nothing connected.
      const wrong = await h.call('remote.connect', { url, endpoint: t.endpoint, pathStyle: true, accessKeyId: t.accessKey, secretAccessKey: 'not-the-secret' });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(JSON.stringify(wrong)).not.toContain('not-the-secret');
      expect(keys.saved.size).toBe(0);
      expect((await h.value<LibraryInfo>('library.info', {})).remote).toBeNull();

      const info = await h.value<RemoteInfo>('remote.connect', { url, endpoint: t.endpoint, region: t.region, pathStyle: true, accessKeyId: t.accessKey, secretAccessKey: t.secretKey });
      expect(info).toMatchObject({ url, credentials: 'app' });
      expect(keys.saved.size).toBe(1);
      // The upload uses the kept keys (the environment has none): new content reaches the bucket.
      const up = await h.raw('POST', '/upload?name=kept-keys.txt', { headers: { 'Content-Type': 'application/octet-stream' }, body: 'uploaded with kept keys\n' });
      const sha = (JSON.parse(up.text) as { value: { asset: { sha256: string } } }).value.asset.sha256;
      await until(() => h.value<LibraryInfo>('library.info', {}), (i) => i.remote?.outboxBlobs === 0);
      expect(await headObject(s3, t.bucket, blobKey(url.slice(`s3://${t.bucket}/`.length), sha))).not.toBeNull();
      // Nowhere in the library folder: not the catalog, its journal, its snapshots, the marker.
      h.storage.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
      const bytes = libraryBytes(h.dir);
      expect(bytes).not.toContain(t.secretKey);
      expect(bytes).not.toContain(t.accessKey);
    } finally {
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    }
  });

  it('the cache budget evicts at once, keep-offline pins a project, the upload job shows in jobs.list and its events, pauses alone and retries now', async () => {
    const h = await startTestHost();
    cleanups.push(() => h.cleanup());
    const prefix = uniquePrefix('settings-job');
    const url = s3UrlFor(t, prefix);
    await h.value<RemoteInfo>('remote.connect', { url, endpoint: t.endpoint, region: t.region, pathStyle: true });
    const media = tempDir('s3-settings-job');
    cleanups.push(media.cleanup);
    const events = await openEvents(h);
    cleanups.push(() => events.close());

    // Paused alone: the media queue (none in this host) is not asked; content waits in the outbox.
    const paused = await h.value<JobsState>('jobs.pause', { only: 'upload' });
    expect(paused.upload).toMatchObject({ state: 'paused', url });
    const kept = await h.value<Project>('projects.create', { name: 'Kept offline' });
    const loose = await h.value<Project>('projects.create', { name: 'Loose' });
    const files = ['kept.bin', 'loose.bin'].map((n) => {
      const f = path.join(media.dir, n);
      writeRandomFile(f, 3 * MiB, n);
      return f;
    });
    const ids: string[] = [];
    for (const [i, f] of files.entries()) {
      const up = await h.raw('POST', `/upload?name=${path.basename(f)}&projectId=${i === 0 ? kept.id : loose.id}`, { headers: { 'Content-Type': 'application/octet-stream' }, body: readFileSync(f) });
      ids.push((JSON.parse(up.text) as { value: { asset: { sha256: string } } }).value.asset.sha256);
    }
    const waiting = await events.waitFor((e) => e.event === 'jobs.upload' && (e.data as UploadJob).outboxBlobs === 2, 10_000);
    expect(waiting.data).toMatchObject({ state: 'paused', outboxBytes: 6 * MiB });
    expect((await h.value<JobsState>('jobs.list', {})).upload).toMatchObject({ state: 'paused', outboxBlobs: 2, outboxBytes: 6 * MiB });

    const pinned = await h.value<RemoteInfo>('remote.keepOffline', { projectId: kept.id, keep: true });
    expect(pinned.keepOffline).toEqual([kept.id]);

    await h.value('jobs.resume', { only: 'upload' });
    const uploading = await events.waitFor((e) => e.event === 'jobs.upload' && (e.data as UploadJob).state === 'uploading', 10_000);
    expect((uploading.data as UploadJob).url).toBe(url);
    await events.waitFor((e) => e.event === 'jobs.upload' && (e.data as UploadJob).state === 'idle' && (e.data as UploadJob).outboxBlobs === 0, 20_000);
    const rates = events.events.filter((e) => e.event === 'jobs.upload').map((e) => (e.data as UploadJob).bytesPerSecond);
    expect(rates.every((r) => r >= 0)).toBe(true);

    // Budget 0: everything the bucket confirmed goes, but for the project kept offline.
    const after = await h.value<RemoteInfo>('remote.setCacheBudget', { bytes: 0 });
    expect(after).toMatchObject({ budgetBytes: 0, budgetIsDefault: false, remoteOnlyBlobs: 1 });
    expect(existsSync(h.storage.ctx.blobs.pathOf(ids[0] as string))).toBe(true);
    expect(existsSync(h.storage.ctx.blobs.pathOf(ids[1] as string))).toBe(false);
    expect(await h.value<RemoteInfo>('remote.setCacheBudget', { bytes: null })).toMatchObject({ budgetIsDefault: true });

    // Retry now: the upload job's id tries the outbox at once, backoff or not.
    expect((await h.value<JobsState>('jobs.retry', { id: UPLOAD_JOB_ID })).upload).toMatchObject({ url });
  });

  it('without a bucket the upload job is absent and its pause is refused', async () => {
    const h = await startTestHost();
    cleanups.push(() => h.cleanup());
    expect((await h.value<JobsState>('jobs.list', {})).upload).toBeNull();
    expect(await h.call('jobs.pause', { only: 'upload' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await h.call('remote.setCacheBudget', { bytes: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
