import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Asset } from '../../../../shared/models';
import { fakeHost } from '../../test-support/fake-host';
import { resetQueryCache, WithQuery } from '../../test-support/query';
import { AssetToolbar } from './AssetToolbar';
import { useAssetsStore } from './assets-store';

type SearchInput = { query?: string };

/** assets.search answered by hand: each call waits until the test releases it. */
function slowSearch() {
  const pending: { query: string; release(): void }[] = [];
  fakeHost.answer('assets.search', (input) => new Promise((resolve) => {
    const query = (input as SearchInput).query ?? '';
    pending.push({ query, release: () => resolve({ items: [{ id: query || 'all', name: `${query}.mp4` } as unknown as Asset], nextCursor: null, total: 1 }) });
  }));
  return pending;
}

const searches = () => fakeHost.calls('assets.search').map((c) => (c as SearchInput).query ?? '');

describe('search as you type', () => {
  beforeEach(() => {
    resetQueryCache();
    fakeHost.answer('projects.list', () => []);
    useAssetsStore.setState({ status: 'ready', generation: 0, items: [], filters: { ...useAssetsStore.getState().filters, text: '' } });
  });

  it('searches soon after a key, one search at a time; keys typed meanwhile go as one search of the latest text', async () => {
    const pending = slowSearch();
    render(<WithQuery><AssetToolbar count={0} hasMore={false} /></WithQuery>);
    const box = screen.getByLabelText('Search assets');
    fireEvent.change(box, { target: { value: 'k' } });
    await waitFor(() => expect(searches()).toEqual(['k']), { timeout: 200 });
    // Three more keys while 'k' is on its way: nothing more is asked.
    fireEvent.change(box, { target: { value: 'ka' } });
    fireEvent.change(box, { target: { value: 'kal' } });
    fireEvent.change(box, { target: { value: 'kalo' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(searches()).toEqual(['k']);
    await act(async () => pending[0]?.release());
    // Then only the latest text, not the ones in between.
    await waitFor(() => expect(searches()).toEqual(['k', 'kalo']), { timeout: 200 });
    await act(async () => pending[1]?.release());
    await waitFor(() => expect(useAssetsStore.getState().items.map((a) => a.id)).toEqual(['kalo']));
    expect(useAssetsStore.getState().filters.text).toBe('kalo');
    expect(searches()).toHaveLength(2);
  });

  it('an answer that comes after a newer search started is dropped', async () => {
    const pending = slowSearch();
    render(<WithQuery><AssetToolbar count={0} hasMore={false} /></WithQuery>);
    const box = screen.getByLabelText('Search assets');
    fireEvent.change(box, { target: { value: 'su' } });
    await waitFor(() => expect(searches()).toEqual(['su']), { timeout: 200 });
    // Enter searches at once, even with one on its way; the older answer then lands last.
    fireEvent.change(box, { target: { value: 'sufe' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(searches()).toEqual(['su', 'sufe']));
    await act(async () => pending[1]?.release());
    await act(async () => pending[0]?.release());
    await waitFor(() => expect(useAssetsStore.getState().status).toBe('ready'));
    expect(useAssetsStore.getState().items.map((a) => a.id)).toEqual(['sufe']);
  });
});
