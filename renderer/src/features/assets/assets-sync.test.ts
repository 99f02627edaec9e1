import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Input } from '../../../../shared/contract';
import { fakeHost } from '../../test-support/fake-host';
import { NO_FILTERS, useAssetsStore } from './assets-store';

/** What the grid asked the host after each change: whether it counted the whole match again. */
function searches(): { withTotal: boolean; codec?: string }[] {
  return (fakeHost.calls('assets.search') as Input<'assets.search'>[]).map((i) => ({ withTotal: i.withTotal === true, ...(i.codec ? { codec: i.codec } : {}) }));
}

describe('the asset grid after library.changed', () => {
  let stop: () => void = () => undefined;
  beforeEach(async () => {
    vi.useFakeTimers();
    fakeHost.answer('assets.search', () => ({ items: [], nextCursor: null, total: 1_000_000 }));
    useAssetsStore.setState({ filters: { ...NO_FILTERS }, scopeProjectId: '' });
    await useAssetsStore.getState().load();
    stop = useAssetsStore.getState().startSync();
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('re-reads what it shows without recounting for media results, and recounts for assets added or removed', async () => {
    expect(searches()).toEqual([{ withTotal: true }]);
    // A burst of media results (a poster each): one re-read, no count of the whole match.
    for (let i = 0; i < 50; i++) fakeHost.emit('library.changed', { kind: 'media' });
    await vi.advanceTimersByTimeAsync(450);
    expect(searches()).toEqual([{ withTotal: true }, { withTotal: false }]);
    // An import (or a trash change) does change the match: counted again.
    fakeHost.emit('library.changed', { kind: 'media' });
    fakeHost.emit('library.changed', { kind: 'assets' });
    await vi.advanceTimersByTimeAsync(450);
    expect(searches().at(-1)).toEqual({ withTotal: true });
    fakeHost.emit('library.changed', { kind: 'trash' });
    await vi.advanceTimersByTimeAsync(450);
    expect(searches().at(-1)).toEqual({ withTotal: true });
    expect(useAssetsStore.getState().total).toBe(1_000_000);
  });

  it('recounts for media results when the filter reads what media work finds (a codec)', async () => {
    useAssetsStore.setState({ filters: { ...NO_FILTERS, codec: 'hevc' } });
    fakeHost.emit('library.changed', { kind: 'media' });
    await vi.advanceTimersByTimeAsync(450);
    expect(searches().at(-1)).toEqual({ withTotal: true, codec: 'hevc' });
  });
});
