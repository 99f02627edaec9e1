import { act, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckpointDiff, DiffSide } from '../../../../shared/models';
import { fakeHost } from '../../test-support/fake-host';
import { resetQueryCache, WithQuery } from '../../test-support/query';
import { startLibrarySync } from '../../lib/query';
import { useDiffStore, useOpenDiff } from './diff-store';

function Open() {
  const { diff, status, file } = useOpenDiff();
  return <p data-testid="d">{status === 'ready' ? `${diff?.files.map((f) => f.path).join(',')}|${file?.path}` : status}</p>;
}

describe('the open comparison, from the one cache', () => {
  let stop: () => void = () => undefined;
  let paths: string[];
  beforeEach(() => {
    resetQueryCache();
    paths = ['a.txt'];
    fakeHost.answer('checkpoints.diff', () => ({ files: paths.map((p) => ({ path: p, kind: 'file', status: 'modified' })), counts: {} }) as unknown as CheckpointDiff);
    stop = startLibrarySync(undefined, 10);
  });
  afterEach(() => stop());

  const openPair = (a: DiffSide, b: DiffSide) => act(() => useDiffStore.getState().open('p1', a, b));

  it('a live workspace side is fetched again when its files change; the picked file stays picked', async () => {
    openPair({ checkpointId: 'c1' }, { workspace: true });
    render(<WithQuery><Open /></WithQuery>);
    await waitFor(() => expect(screen.getByTestId('d').textContent).toBe('a.txt|a.txt'));
    paths = ['a.txt', 'b.txt'];
    act(() => useDiffStore.getState().select('b.txt'));
    act(() => fakeHost.emit('library.changed', { kind: 'files', id: 'p1' }));
    await waitFor(() => expect(screen.getByTestId('d').textContent).toBe('a.txt,b.txt|b.txt'));
  });

  it('two checkpoints are read once: a files change does not ask again', async () => {
    openPair({ checkpointId: 'c1' }, { checkpointId: 'c2' });
    render(<WithQuery><Open /></WithQuery>);
    await waitFor(() => expect(screen.getByTestId('d').textContent).toBe('a.txt|a.txt'));
    const calls = fakeHost.calls('checkpoints.diff').length;
    act(() => fakeHost.emit('library.changed', { kind: 'files', id: 'p1' }));
    await new Promise((r) => setTimeout(r, 40));
    expect(fakeHost.calls('checkpoints.diff')).toHaveLength(calls);
  });
});
