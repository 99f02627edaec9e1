import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobsState, UploadJob } from '../../../../shared/contract';
import type { JobRecord } from '../../../../shared/models';
import { fakeHost } from '../../test-support/fake-host';
import { useJobsStore } from './jobs-store';

const job = (id: string, state: JobRecord['state']): JobRecord => ({ id, kind: 'analyze', payload: null, state, attempts: 1, priority: 0, createdAt: '2026-12-01T00:00:00Z', updatedAt: '2026-12-01T00:00:00Z' });

describe('the jobs store over a bounded list', () => {
  let stop: () => void = () => undefined;
  beforeEach(async () => {
    vi.useFakeTimers();
    // What the host sends for a big queue: part of the list, the whole counts.
    const listed: JobsState = { jobs: [job('r1', 'running'), job('q1', 'queued'), job('f1', 'failed')], counts: { running: 1, queued: 151, failed: 250_000 }, paused: false, upload: null };
    fakeHost.answer('jobs.list', () => listed);
    await useJobsStore.getState().load();
    stop = useJobsStore.getState().startSync();
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('moves the counts by each event instead of recounting the list the host cut short', () => {
    expect(useJobsStore.getState().counts).toEqual({ running: 1, queued: 151, failed: 250_000 });
    fakeHost.emit('jobs.progress', { id: 'r1', kind: 'analyze', state: 'failed', attempts: 1, error: 'not media' });
    expect(useJobsStore.getState().counts).toEqual({ running: 0, queued: 151, failed: 250_001 });
    // A queued job the list did not carry starts, then fails.
    fakeHost.emit('jobs.progress', { id: 'q77', kind: 'analyze', state: 'running', attempts: 1 });
    expect(useJobsStore.getState().counts).toEqual({ running: 1, queued: 150, failed: 250_001 });
    fakeHost.emit('jobs.progress', { id: 'q77', kind: 'analyze', state: 'failed', attempts: 1, error: 'not media' });
    expect(useJobsStore.getState().counts).toEqual({ running: 0, queued: 150, failed: 250_002 });
    // A new job arrives queued.
    fakeHost.emit('jobs.progress', { id: 'n1', kind: 'analyze', state: 'queued', attempts: 0 });
    expect(useJobsStore.getState().counts).toEqual({ running: 0, queued: 151, failed: 250_002 });
  });
});

describe('the upload state from a reply and from an event', () => {
  const upload = (at: number, over: Partial<UploadJob>): UploadJob => ({ state: 'idle', url: 's3://footage/lib', outboxBlobs: 0, outboxBytes: 0, leftBytes: 0, progress: null, bytesPerSecond: 0, lastError: null, nextTryMs: null, fetching: null, at, ...over });
  const uploading = upload(1000.25, { state: 'uploading', outboxBlobs: 1, outboxBytes: 24, leftBytes: 24 });
  const allIn = upload(1000.75, {});
  let stop: () => void = () => undefined;
  afterEach(() => stop());

  it('keeps the later said when a reply said earlier arrives after the event (Retry now, then the upload ends)', async () => {
    fakeHost.answer('jobs.list', (): JobsState => ({ jobs: [], counts: { running: 0, queued: 0, failed: 0 }, paused: false, upload: uploading }));
    stop = useJobsStore.getState().startSync();
    // The event that the upload finished comes first; the reply, said before it, lands after.
    fakeHost.emit('jobs.upload', allIn);
    await useJobsStore.getState().load();
    expect(useJobsStore.getState().upload).toEqual(allIn);
  });

  it('takes a reply said after the last event, and an event said after the last reply', async () => {
    fakeHost.answer('jobs.list', (): JobsState => ({ jobs: [], counts: { running: 0, queued: 0, failed: 0 }, paused: false, upload: allIn }));
    stop = useJobsStore.getState().startSync();
    fakeHost.emit('jobs.upload', uploading);
    await useJobsStore.getState().load();
    expect(useJobsStore.getState().upload).toEqual(allIn);
    const again = upload(1001, { state: 'uploading', outboxBlobs: 1, outboxBytes: 5, leftBytes: 5 });
    fakeHost.emit('jobs.upload', again);
    expect(useJobsStore.getState().upload).toEqual(again);
    // No bucket any more: always applies.
    fakeHost.answer('jobs.list', (): JobsState => ({ jobs: [], counts: { running: 0, queued: 0, failed: 0 }, paused: false, upload: null }));
    await useJobsStore.getState().load();
    expect(useJobsStore.getState().upload).toBeNull();
  });
});
