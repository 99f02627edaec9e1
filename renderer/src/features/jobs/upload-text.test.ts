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
});
