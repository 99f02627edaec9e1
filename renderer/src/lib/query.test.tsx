import { act, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckpointSummary } from '../../../shared/models';
import { fakeHost } from '../test-support/fake-host';
import { project, settle } from '../test-support/fixtures';
import { resetQueryCache, WithQuery } from '../test-support/query';
import { startLibrarySync, useChannel } from './query';

const cp = (id: string, projectId: string): CheckpointSummary =>
  ({ id, projectId, name: id, description: null, createdAt: '2026-11-01T10:00:00.000Z', fileCount: 1, totalBytes: 1, kind: 'user', renderIds: [] }) as unknown as CheckpointSummary;

function Reader({ projectId }: { projectId: string }) {
  const q = useChannel('checkpoints.list', { projectId });
  return <p data-testid={`cps-${projectId}`}>{q.data ? q.data.map((c) => c.name).join(',') : q.isError ? 'error' : 'loading'}</p>;
}

function Everything() {
  const projects = useChannel('projects.list', { sort: 'updated' });
  const renders = useChannel('renders.list', { projectId: 'p1' });
  const asset = useChannel('assets.get', { id: 'a1' });
  return (
    <>
      <Reader projectId="p1" />
      <Reader projectId="p2" />
      <p data-testid="rest">{[projects.data?.length, renders.data?.length, asset.data?.id].join('|')}</p>
    </>
  );
}

describe('the server-state cache', () => {
  let stop: () => void = () => undefined;
  beforeEach(() => {
    resetQueryCache();
    let version = 1;
    fakeHost.answer('checkpoints.list', ({ projectId }) => [cp(`${projectId}-v${version++}`, projectId)]);
    fakeHost.answer('projects.list', () => [project({ id: 'p1', name: 'One' })]);
    fakeHost.answer('renders.list', () => []);
    fakeHost.answer('assets.get', ({ id }) => ({ id }) as never);
    stop = startLibrarySync(undefined, 10);
  });
  afterEach(() => stop());

  it('two components reading the same checkpoints cause one IPC call', async () => {
    render(
      <WithQuery>
        <Reader projectId="p1" />
        <Reader projectId="p1" />
      </WithQuery>,
    );
    await waitFor(() => expect(screen.getAllByText('p1-v1')).toHaveLength(2));
    expect(fakeHost.calls('checkpoints.list')).toEqual([{ projectId: 'p1' }]);
  });

  it('a library.changed event refetches exactly the queries it touches', async () => {
    render(
      <WithQuery>
        <Everything />
      </WithQuery>,
    );
    await waitFor(() => expect(screen.getByTestId('rest').textContent).toBe('1|0|a1'));
    await waitFor(() => expect(screen.getByTestId('cps-p2').textContent).not.toBe('loading'));
    const before = { cps: fakeHost.calls('checkpoints.list').length, projects: fakeHost.calls('projects.list').length, renders: fakeHost.calls('renders.list').length, assets: fakeHost.calls('assets.get').length };
    expect(before).toEqual({ cps: 2, projects: 1, renders: 1, assets: 1 });

    // A checkpoint of p1: p1's list only, not p2's, not the projects, renders or assets.
    act(() => fakeHost.emit('library.changed', { kind: 'checkpoints', id: 'p1' }));
    await waitFor(() => expect(fakeHost.calls('checkpoints.list')).toHaveLength(3));
    await settle();
    await new Promise((r) => setTimeout(r, 30));
    expect(fakeHost.calls('checkpoints.list').at(-1)).toEqual({ projectId: 'p1' });
    expect(fakeHost.calls('projects.list')).toHaveLength(1);
    expect(fakeHost.calls('renders.list')).toHaveLength(1);
    expect(fakeHost.calls('assets.get')).toHaveLength(1);
    expect(screen.getByTestId('cps-p2').textContent).toMatch(/^p2-v\d$/);

    // Edits to files touch none of these; a project renamed touches the list only.
    act(() => fakeHost.emit('library.changed', { kind: 'files', id: 'p1' }));
    act(() => fakeHost.emit('library.changed', { kind: 'projects', id: 'p1' }));
    await waitFor(() => expect(fakeHost.calls('projects.list')).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 30));
    expect(fakeHost.calls('checkpoints.list')).toHaveLength(3);
    expect(fakeHost.calls('renders.list')).toHaveLength(1);
    expect(fakeHost.calls('assets.get')).toHaveLength(1);
  });

  it('a burst of events is one refetch, not one per event', async () => {
    render(
      <WithQuery>
        <Reader projectId="p1" />
      </WithQuery>,
    );
    await waitFor(() => expect(screen.getByTestId('cps-p1').textContent).toBe('p1-v1'));
    act(() => {
      for (let i = 0; i < 20; i++) fakeHost.emit('library.changed', { kind: 'checkpoints', id: 'p1' });
    });
    await waitFor(() => expect(screen.getByTestId('cps-p1').textContent).toBe('p1-v2'));
    await new Promise((r) => setTimeout(r, 30));
    expect(fakeHost.calls('checkpoints.list')).toHaveLength(2);
  });

  it('a refusal is shown as it is, not retried', async () => {
    fakeHost.answer('checkpoints.list', () => {
      throw new Error('disk gone');
    });
    render(
      <WithQuery>
        <Reader projectId="p9" />
      </WithQuery>,
    );
    await waitFor(() => expect(screen.getByTestId('cps-p9').textContent).toBe('error'));
    expect(fakeHost.calls('checkpoints.list')).toHaveLength(1);
  });
});
