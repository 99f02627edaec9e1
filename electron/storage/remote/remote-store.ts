import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ReelvaultError } from '../../../shared/errors.js';
import type { RemoteConfig } from './remote-config.js';
import { s3Url } from './remote-config.js';
import { fileBody } from './file-body.js';
import type { S3Credentials } from './credentials.js';
import { createS3Client, DEFAULT_TIMEOUTS, describeS3Error, isNetworkError, isNotFound, httpStatusOf, type ClientTimeouts } from './s3-client.js';
import { PresignedRanges } from './presigned-ranges.js';

/** What a HEAD says about a stored blob. */
export interface RemoteObjectInfo {
  size: number;
  /** The sha256 metadata the upload wrote (null when the object has none: not written by Reelvault). */
  sha256: string | null;
}

/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1000;

/**
 * The bucket as the rest of the library sees it: content at `<prefix>/blobs/sha256/<ab>/<hash>` (the
 * local store's layout, so the two read alike), the library's marker, the gc lease and catalog
 * backups beside it. Every operation maps "cannot reach the store" to OFFLINE, so callers and users
 * see one clear state instead of a socket error.
 */
export class RemoteStore {
  readonly client: S3Client;
  /** The media route's ranged GETs (presigned-ranges.ts). */
  readonly ranges: PresignedRanges;
  readonly bucket: string;
  readonly prefix: string;

  constructor(
    readonly config: RemoteConfig,
    opts: { timeouts?: ClientTimeouts; credentials?: S3Credentials | null } = {},
  ) {
    this.client = createS3Client(config, opts.timeouts, opts.credentials ?? null);
    this.ranges = new PresignedRanges(config, this.client, opts.timeouts ?? DEFAULT_TIMEOUTS);
    this.bucket = config.bucket;
    this.prefix = config.prefix;
  }

  /** `s3://bucket/prefix`, for messages (never credentials). */
  get url(): string {
    return s3Url(this.config);
  }

  key(rel: string): string {
    return this.prefix ? `${this.prefix}/${rel}` : rel;
  }

  blobKey(sha256: string): string {
    return this.key(`blobs/sha256/${sha256.slice(0, 2)}/${sha256}`);
  }

  get blobsPrefix(): string {
    return this.key('blobs/sha256/');
  }

  /** Checks the bucket exists and the credentials may use it. */
  async checkBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      const status = httpStatusOf(err);
      if (status === 404) throw new ReelvaultError('NOT_FOUND', `the bucket ${this.bucket} does not exist at ${this.config.endpoint ?? 'the default endpoint'}`);
      if (status === 403) throw new ReelvaultError('FORBIDDEN', `the bucket ${this.bucket} refused these credentials (HTTP 403)`);
      throw this.wrap(err, `reaching ${this.url}`);
    }
  }

  async head(sha256: string, signal?: AbortSignal): Promise<RemoteObjectInfo | null> {
    return this.headKey(this.blobKey(sha256), signal);
  }

  async headKey(key: string, signal?: AbortSignal): Promise<RemoteObjectInfo | null> {
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal: signal });
      return { size: r.ContentLength ?? 0, sha256: r.Metadata?.sha256 ?? null };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw this.wrap(err, `checking ${key}`);
    }
  }

  /**
   * A single PUT of a whole blob, streamed from its file. The request is signed with the blob's own
   * hash as its payload hash, so the store itself checks that the bytes it received are the content
   * (and refuses them otherwise) — no second read to hash them, no buffering.
   */
  async putBlobFile(sha256: string, file: string, size: number, opts: { signal?: AbortSignal; onBytes?: (n: number) => void } = {}): Promise<void> {
    await this.putFile(this.blobKey(sha256), file, size, sha256, opts);
  }

  /** A file whose sha256 is known, under any key (catalog snapshots), signed with that hash as above. */
  async putFile(key: string, file: string, size: number, sha256: string, opts: { signal?: AbortSignal; onBytes?: (n: number) => void } = {}): Promise<void> {
    const cmd = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      Body: fileBody(file, null, opts.onBytes).body,
      ContentLength: size,
      ContentType: 'application/octet-stream',
      Metadata: { sha256 },
    });
    cmd.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-amz-content-sha256'] = sha256;
        return next(args);
      },
      { step: 'build', name: 'reelvaultPayloadHash' },
    );
    try {
      await this.client.send(cmd, { abortSignal: opts.signal });
    } catch (err) {
      throw this.wrap(err, `uploading ${key}`);
    }
  }

  /** A small object from memory (markers, leases, manifests), signed with its hash. */
  async putBytes(key: string, body: Buffer | string, contentType = 'application/json'): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
    } catch (err) {
      throw this.wrap(err, `writing ${key}`);
    }
  }

  async getBytes(key: string): Promise<Buffer | null> {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return Buffer.from(await (r.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    } catch (err) {
      if (isNotFound(err)) return null;
      throw this.wrap(err, `reading ${key}`);
    }
  }

  async getJson<T>(key: string): Promise<T | null> {
    const b = await this.getBytes(key);
    if (!b) return null;
    try {
      return JSON.parse(b.toString('utf8')) as T;
    } catch {
      throw new ReelvaultError('CONFLICT', `${this.bucket}/${key} is not what Reelvault wrote there (not JSON)`);
    }
  }

  async deleteKey(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      if (isNotFound(err)) return;
      throw this.wrap(err, `deleting ${key}`);
    }
  }

  /**
   * Bytes of an object, start..end inclusive (or all of it), as a stream. The stream is the
   * response body itself: nothing is buffered beyond the socket's own.
   */
  async getStream(key: string, range?: { start: number; end: number }, signal?: AbortSignal): Promise<{ body: Readable; size: number }> {
    try {
      const r = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
        { abortSignal: signal },
      );
      return { body: r.Body as Readable, size: r.ContentLength ?? 0 };
    } catch (err) {
      if (isNotFound(err)) throw new ReelvaultError('NOT_FOUND', `${key} is not in ${this.url}`);
      throw this.wrap(err, `reading ${key}`);
    }
  }

  /**
   * Bytes start..end of an object for a reader waiting on them (a player's range): a presigned GET
   * on a kept-alive connection where that applies (presigned-ranges.ts), else the SDK's GetObject.
   */
  async getRange(key: string, range: { start: number; end: number }, signal?: AbortSignal): Promise<Readable> {
    let body: Readable | null;
    try {
      body = await this.ranges.open(key, range.start, range.end, signal);
    } catch (err) {
      throw this.wrap(err, `reading ${key}`);
    }
    return body ?? (await this.getStream(key, range, signal)).body;
  }

  /** Deletes keys in batches of 1,000; answers the keys the store confirmed gone. */
  async deleteMany(keys: readonly string[]): Promise<{ deleted: Set<string>; failed: Map<string, string> }> {
    const deleted = new Set<string>();
    const failed = new Map<string, string>();
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      try {
        const r = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
        for (const e of r.Errors ?? []) if (e.Key && e.Code !== 'NoSuchKey') failed.set(e.Key, `${e.Code}: ${e.Message}`);
        for (const k of batch) if (!failed.has(k)) deleted.add(k);
      } catch (err) {
        throw this.wrap(err, 'deleting objects');
      }
    }
    return { deleted, failed };
  }

  /** Every object under a prefix, page after page (1,000 keys each). */
  async *list(prefix: string): AsyncGenerator<{ key: string; size: number; lastModified: Date | null }> {
    let token: string | undefined;
    do {
      let r;
      try {
        r = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      } catch (err) {
        throw this.wrap(err, `listing ${prefix}`);
      }
      for (const o of r.Contents ?? []) if (o.Key) yield { key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified ?? null };
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
  }

  /** Whether anything at all is stored under a prefix (one key asked for). */
  async anyUnder(prefix: string): Promise<boolean> {
    try {
      const r = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, MaxKeys: 1 }));
      return (r.KeyCount ?? r.Contents?.length ?? 0) > 0;
    } catch (err) {
      throw this.wrap(err, `listing ${prefix}`);
    }
  }

  /** The folder-like prefix everything of this library lives under ('' for a whole bucket). */
  get rootPrefix(): string {
    return this.prefix ? `${this.prefix}/` : '';
  }

  /** Multipart uploads begun and neither completed nor aborted, under a prefix. */
  async listUploads(prefix: string): Promise<{ key: string; uploadId: string; initiated: Date | null }[]> {
    const out: { key: string; uploadId: string; initiated: Date | null }[] = [];
    let keyMarker: string | undefined;
    let idMarker: string | undefined;
    for (;;) {
      let r;
      try {
        r = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: idMarker }));
      } catch (err) {
        throw this.wrap(err, `listing uploads under ${prefix}`);
      }
      for (const u of r.Uploads ?? []) if (u.Key && u.UploadId) out.push({ key: u.Key, uploadId: u.UploadId, initiated: u.Initiated ?? null });
      if (!r.IsTruncated) return out;
      keyMarker = r.NextKeyMarker;
      idMarker = r.NextUploadIdMarker;
    }
  }

  async abortUpload(key: string, uploadId: string): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (err) {
      // Already completed or aborted: nothing is left behind, which is what was asked.
      if (isNotFound(err) || (err as { name?: string }).name === 'NoSuchUpload') return;
      throw this.wrap(err, `aborting an upload of ${key}`);
    }
  }

  close(): void {
    this.ranges.close();
    this.client.destroy();
  }

  /** OFFLINE for "cannot reach", the store's own words otherwise; the original kept as the cause. */
  wrap(err: unknown, doing: string): Error {
    if (err instanceof ReelvaultError) return err;
    const msg = `${doing}: ${describeS3Error(err)}`;
    let out: ReelvaultError;
    if (isNetworkError(err)) out = new ReelvaultError('OFFLINE', `not available offline — ${this.url} cannot be reached (${msg})`);
    else if (httpStatusOf(err) === 403) out = new ReelvaultError('FORBIDDEN', `${this.url} refused the request (${msg}); check the credentials`);
    else out = new ReelvaultError('IO', `${this.url}: ${msg}`);
    (out as { cause?: unknown }).cause = err;
    return out;
  }
}
