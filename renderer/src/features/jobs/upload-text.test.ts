import { describe, expect, it } from 'vitest';
import type { UploadJob } from '../../../../shared/contract';
import { uploadSummary } from './upload-text';

const job = (over: Partial<UploadJob>): UploadJob => ({ state: 'idle', outboxBlobs: 0, outboxBytes: 0, leftBytes: 0, bytesPerSecond: 0, ...over }) as UploadJob;

describe('uploadSummary', () => {
  it('says the bucket is unreachable even when nothing waits to be uploaded', () => {
    expect(uploadSummary(job({ state: 'offline' }))).toBe('Bucket unreachable · nothing waiting to upload');
    expect(uploadSummary(job({ state: 'idle' }))).toBe('All in the bucket');
    expect(uploadSummary(job({ state: 'paused' }))).toBe('Upload paused · all in the bucket');
  });

  it('offline with an outbox says how much is not uploaded', () => {
    expect(uploadSummary(job({ state: 'offline', outboxBlobs: 2, outboxBytes: 5_000_000 }))).toBe('Offline · 5.0 MB not uploaded');
  });

  it('a fetch-back for a restore or export is said first, with its bytes', () => {
    expect(uploadSummary(job({ state: 'idle', fetching: { files: 1, bytesDone: 12_000_000, bytesTotal: 96_000_000 } }))).toBe('Fetching from the bucket · 12 MB of 96 MB');
    expect(uploadSummary(job({ state: 'offline', outboxBlobs: 2, outboxBytes: 5_000_000, fetching: { files: 3, bytesDone: 0, bytesTotal: 2_000_000 } }))).toBe('Fetching from the bucket · 3 files · 0 B of 2.0 MB');
    expect(uploadSummary(job({ state: 'idle', fetching: null }))).toBe('All in the bucket');
  });
});
