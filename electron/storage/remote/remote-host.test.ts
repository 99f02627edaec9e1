/**
 * A host (here the web host; the desktop app binds the same handler table) with a bucket: content
 * uploaded through the browser goes to the bucket in the background, library.info shows the bucket,
 * the outbox and the cache — and never a credential — and the upload job pauses and resumes.
 */
import { describe, expect, it } from 'vitest';
import type { S3Client } from '@aws-sdk/client-s3';
import type { LibraryInfo } from '../../../shared/contract.js';
import { startTestHost, type TestHost } from '../../web/test-support/web-fixture.js';
import { s3UrlFor, uniquePrefix, type S3Target } from './test-support/s3-server.js';
import { blobKey, objectSha, until, useBucket } from './test-support/remote-fixtures.js';

let t: S3Target;
let s3: S3Client;
let h: TestHost;
let prefix: string;

const cleanups = useBucket(async (b) => {
  ({ t, s3 } = b);
  h = await startTestHost();
  cleanups.push(() => h.cleanup());
  prefix = uniquePrefix('host');
  await h.storage.remote.connect({ url: s3UrlFor(t, prefix), endpoint: t.endpoint, region: t.region, pathStyle: t.pathStyle });
});

describe('a host with a bucket', () => {
  it('uploads what the browser sends in the background; library.info shows remote, outbox and cache, never credentials', async () => {
    const body = Buffer.from('uploaded from a browser\n');
    const up = await h.raw('POST', '/upload?name=note.txt', { headers: { 'Content-Type': 'application/octet-stream' }, body });
    expect(up.status).toBe(200);
    const sha = (JSON.parse(up.text) as { value: { asset: { sha256: string } } }).value.asset.sha256;
    const info = await until(
      () => h.value<LibraryInfo>('library.info', {}),
      (i) => i.remote?.outboxBlobs === 0 && i.remote.confirmedBlobs === 1,
    );
    expect(info.remote).toMatchObject({ url: s3UrlFor(t, prefix), endpoint: t.endpoint, outboxBlobs: 0, confirmedBlobs: 1, sync: 'idle', localBytes: body.length });
    expect(await objectSha(s3, t.bucket, blobKey(prefix, sha))).toBe(sha);
    const text = JSON.stringify(info);
    expect(text).not.toContain(t.secretKey);
    expect(text).not.toContain(t.accessKey);
  });

  it('the upload job pauses with the job queue (content waits in the outbox, library.info says paused) and resumes', async () => {
    expect((await h.call('jobs.pause', {})).ok).toBe(true);
    const up = await h.raw('POST', '/upload?name=later.txt', { headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.from('later\n') });
    expect(up.status).toBe(200);
    await new Promise((r) => setTimeout(r, 3500));
    expect((await h.value<LibraryInfo>('library.info', {})).remote).toMatchObject({ sync: 'paused', outboxBlobs: 1 });
    expect((await h.call('jobs.resume', {})).ok).toBe(true);
    const info = await until(
      () => h.value<LibraryInfo>('library.info', {}),
      (i) => i.remote?.outboxBlobs === 0,
    );
    expect(info.remote).toMatchObject({ outboxBlobs: 0, confirmedBlobs: 2, sync: 'idle' });
  });
});
