import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { JobsState, UploadJob } from '../../../../shared/contract';
import { fakeHost } from '../../test-support/fake-host';
import { UploadJobSection } from './UploadJob';

const offline: UploadJob = {
  state: 'offline',
  url: 's3://footage/lib',
  outboxBlobs: 2,
  outboxBytes: 2_000_000,
  leftBytes: 2_000_000,
  progress: null,
  bytesPerSecond: 0,
  lastError: 'not available offline — s3://footage/lib cannot be reached',
  nextTryMs: Date.now() + 5000,
  fetching: null,
  at: 1,
};

describe('UploadJobSection', () => {
  it('keeps Retry now where it is (and focused) while the outbox tries again by itself, and ignores a press meanwhile', () => {
    fakeHost.answer('jobs.retry', () => ({ jobs: [], paused: false, upload: offline }) as unknown as JobsState);
    const { rerender } = render(<UploadJobSection u={offline} />);
    const button = screen.getByRole('button', { name: 'Retry now' });
    button.focus();
    // The backoff is up: the outbox runs a try of its own (state uploading), then is offline again.
    rerender(<UploadJobSection u={{ ...offline, state: 'uploading', nextTryMs: null }} />);
    const during = screen.getByRole('button', { name: 'Retry now' });
    expect(during).toBe(button);
    expect(document.activeElement).toBe(button);
    expect(during.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(during);
    expect(fakeHost.calls('jobs.retry')).toEqual([]);
    rerender(<UploadJobSection u={offline} />);
    expect(document.activeElement).toBe(button);
    expect(button.getAttribute('aria-disabled')).toBeNull();
    fireEvent.click(button);
    expect(fakeHost.calls('jobs.retry')).toEqual([{ id: expect.any(String) }]);
  });
});
