import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Input } from '../../../../shared/contract';
import { fakeHost } from '../../test-support/fake-host';
import { NO_FILTERS } from './asset-filters';
import { COUNT_PAUSE_MS, useAssetsStore } from './assets-store';

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
    // The whole match fits one page: its length is the count, no count is asked for.
    expect(searches()).toEqual([{ withTotal: false }]);
    // A burst of media results (a poster each): one re-read, no count of the whole match.
    for (let i = 0; i < 50; i++) fakeHost.emit('library.changed', { kind: 'media' });
    await vi.advanceTimersByTimeAsync(450);
    expect(searches()).toEqual([{ withTotal: false }, { withTotal: false }]);
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

describe('the count of the whole match', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // More than a page matches: the page comes with a cursor; a count (withTotal) says 1,000,000.
    fakeHost.answer('assets.search', (i) => ({ items: [], nextCursor: 'more', ...(i.withTotal ? { total: 1_000_000 } : {}) }));
    useAssetsStore.setState({ filters: { ...NO_FILTERS }, scopeProjectId: '', total: null });
  });
  afterEach(() => vi.useRealTimers());
  const setText = (text: string) => useAssetsStore.getState().setFilters({ text });

  it('comes after the first page, once the query has held still', async () => {
    await useAssetsStore.getState().load();
    expect(searches()).toEqual([{ withTotal: false }]);
    expect(useAssetsStore.getState().status).toBe('ready');
    expect(useAssetsStore.getState().total).toBeNull();
    await vi.advanceTimersByTimeAsync(COUNT_PAUSE_MS + 10);
    expect(searches()).toEqual([{ withTotal: false }, { withTotal: true }]);
    expect(useAssetsStore.getState().total).toBe(1_000_000);
  });

  it('is asked for once, for the last text, when keys come faster than the pause', async () => {
    for (const text of ['t', 'to', 'tos', 'tosi']) {
      setText(text);
      await vi.advanceTimersByTimeAsync(COUNT_PAUSE_MS / 2);
    }
    await vi.advanceTimersByTimeAsync(COUNT_PAUSE_MS + 10);
    const calls = fakeHost.calls('assets.search') as Input<'assets.search'>[];
    expect(calls.map((c) => [c.query, c.withTotal === true])).toEqual([['t', false], ['to', false], ['tos', false], ['tosi', false], ['tosi', true]]);
    expect(useAssetsStore.getState().total).toBe(1_000_000);
  });

  it('is asked for at once by select-all, which then says how many it took', async () => {
    await useAssetsStore.getState().load();
    useAssetsStore.getState().selectAll();
    expect(useAssetsStore.getState().allMatching).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(searches()).toEqual([{ withTotal: false }, { withTotal: true }]);
    expect(useAssetsStore.getState().total).toBe(1_000_000);
    // The timer's count finds the total known and asks nothing more.
    await vi.advanceTimersByTimeAsync(COUNT_PAUSE_MS + 10);
    expect(searches()).toHaveLength(2);
  });
});
