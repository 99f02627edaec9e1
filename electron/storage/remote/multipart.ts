import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { ReelvaultError } from '../../../shared/errors.js';
import { fileBody } from './file-body.js';
import type { RemoteStore } from './remote-store.js';
import { isTransient } from './s3-client.js';

/** S3's limits: parts of at least 5 MiB (but the last), at most 10,000 of them. */
const MIN_PART = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;
export const DEFAULT_PART_SIZE = 16 * 1024 * 1024;
/** Parts in flight at once: what keeps a loopback or LAN link full (measured on Ceph: 4 × 16 MiB). */
export const DEFAULT_PART_CONCURRENCY = 4;
const PART_ATTEMPTS = 3;

export interface MultipartHooks {
  /** The store gave an upload id: record it before any part goes out, so a crash can abort it later. */
  began(uploadId: string): void;
  /** The upload completed or was aborted: nothing of it is left in the store. */
  ended(): void;
}

export interface MultipartOptions {
  partSize?: number;
  concurrency?: number;
  signal?: AbortSignal;
  onBytes?: (n: number) => void;
}

/**
 * Uploads a large blob in parts, each streamed from its byte range of the file (never the file in
 * memory, nor a part: memory stays at a read chunk per part in flight). Each part's ETag is checked
 * against the md5 of the bytes sent. The upload id is handed to `began` before the first part, and a
 * failed upload is aborted; if even the abort fails (the store went away), the recorded id lets the
 * next attempt abort it, so no parts are left behind.
 */
export async function uploadMultipart(store: RemoteStore, sha256: string, file: string, size: number, hooks: MultipartHooks, opts: MultipartOptions = {}): Promise<void> {
  const key = store.blobKey(sha256);
  const partSize = Math.max(MIN_PART, opts.partSize ?? DEFAULT_PART_SIZE, Math.ceil(size / MAX_PARTS));
  const count = Math.max(1, Math.ceil(size / partSize));
  let uploadId: string;
  try {
    const r = await store.client.send(
      new CreateMultipartUploadCommand({ Bucket: store.bucket, Key: key, ContentType: 'application/octet-stream', Metadata: { sha256 } }),
      { abortSignal: opts.signal },
    );
    if (!r.UploadId) throw new ReelvaultError('IO', `${store.url} began an upload without an id`);
    uploadId = r.UploadId;
  } catch (err) {
    throw store.wrap(err, `beginning an upload of ${sha256}`);
  }
  hooks.began(uploadId);
  try {
    const etags: string[] = new Array(count);
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        etags[i] = await uploadPart(store, key, uploadId, file, i, partSize, size, opts);
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? DEFAULT_PART_CONCURRENCY, count) }, worker));
    await store.client.send(
      new CompleteMultipartUploadCommand({ Bucket: store.bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }),
      { abortSignal: opts.signal },
    );
  } catch (err) {
    try {
      await store.abortUpload(key, uploadId);
      hooks.ended();
    } catch {
      // Left recorded: the next attempt aborts it first.
    }
    throw store.wrap(err, `uploading ${sha256}`);
  }
  hooks.ended();
}

async function uploadPart(store: RemoteStore, key: string, uploadId: string, file: string, index: number, partSize: number, size: number, opts: MultipartOptions): Promise<string> {
  const start = index * partSize;
  const end = Math.min(size, start + partSize) - 1;
  for (let attempt = 1; ; attempt++) {
    let sent = 0;
    const { body, md5 } = fileBody(file, { start, end }, (n) => { sent += n; opts.onBytes?.(n); }, true);
    try {
      const r = await store.client.send(
        new UploadPartCommand({ Bucket: store.bucket, Key: key, UploadId: uploadId, PartNumber: index + 1, Body: body, ContentLength: end - start + 1 }),
        { abortSignal: opts.signal },
      );
      const etag = r.ETag ?? '';
      const plain = etag.replace(/"/g, '');
      // Stores that encrypt at rest answer other ETags; only an md5-shaped one can be compared.
      if (/^[0-9a-f]{32}$/.test(plain) && md5() !== null && plain !== md5()) throw new ReelvaultError('IO', `part ${index + 1} of ${key} arrived damaged (md5 ${plain}, sent ${md5()})`);
      return etag;
    } catch (err) {
      // Bytes counted for a failed try are taken back, so progress never runs past the total.
      opts.onBytes?.(-sent);
      if (attempt >= PART_ATTEMPTS || !isTransient(err) || opts.signal?.aborted) throw err;
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
}
