import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeHost } from '../../test-support/fake-host';
import { resetQueryCache, WithQuery } from '../../test-support/query';
import { BulkBar } from './BulkBar';
import { NO_FILTERS } from './asset-filters';
import { useAssetsStore } from './assets-store';

describe('the bulk bar on a select-all', () => {
  beforeEach(() => {
    resetQueryCache();
    fakeHost.answer('projects.list', () => []);
    fakeHost.answer('assets.search', () => ({ items: [], nextCursor: null, total: 1_000_000 }));
    useAssetsStore.setState({ status: 'ready', filters: { ...NO_FILTERS }, scopeProjectId: '', selected: new Set(['a', 'b']), allMatching: true, except: new Set(), total: null, items: [], nextCursor: 'more' });
  });

  it('says all matching are selected while the count is on its way, then how many', () => {
    const { rerender } = render(<WithQuery><BulkBar /></WithQuery>);
    expect(screen.getByTestId('bulk-count').textContent).toBe('All matching selected · counting…');
    useAssetsStore.setState({ total: 1_000_000 });
    rerender(<WithQuery><BulkBar /></WithQuery>);
    expect(screen.getByTestId('bulk-count').textContent).toBe('All 1,000,000 selected');
  });

  it('says what it is doing while a bulk tag runs, and keeps the buttons off until it is done', async () => {
    useAssetsStore.setState({ total: 1_000_000 });
    let finish: (v: { count: number }) => void = () => undefined;
    fakeHost.answer('assets.bulk', () => new Promise((r) => (finish = r)));
    render(<WithQuery><BulkBar /></WithQuery>);
    fireEvent.change(screen.getByLabelText('Tags for the selection'), { target: { value: 'keep' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }));
    await waitFor(() => expect(screen.getByTestId('bulk-working').textContent).toContain('Tagging…'));
    expect((screen.getByRole('button', { name: 'Move to trash' }) as HTMLButtonElement).disabled).toBe(true);
    finish({ count: 1_000_000 });
    await waitFor(() => expect(screen.queryByTestId('bulk-working')).toBeNull());
    expect((screen.getByRole('button', { name: 'Move to trash' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
