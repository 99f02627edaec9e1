import { render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CheckpointSummary } from '../../../../shared/models';
import { fakeHost } from '../../test-support/fake-host';
import { project } from '../../test-support/fixtures';
import { resetQueryCache, WithQuery } from '../../test-support/query';
import { useProjectDetail } from '../project-view/use-project';
import { ImportLayer } from '../import/ImportLayer';
import { useCheckpointNames } from '../renders/renders-store';
import { useCheckpoints } from './use-timeline';

const cp = { id: 'cp_1', projectId: 'prj_a', name: 'First cut', description: null, kind: 'user', createdAt: '2026-11-01T10:00:00.000Z', fileCount: 3, renderIds: [] } as unknown as CheckpointSummary;

function TimelineReader() {
  const { checkpoints } = useCheckpoints('prj_a');
  return <p data-testid="timeline">{checkpoints.map((c) => c.name).join(',')}</p>;
}
function RendersReader() {
  const names = useCheckpointNames('prj_a');
  return <p data-testid="renders">{names.cp_1 ?? ''}</p>;
}
function Header() {
  const { project: p } = useProjectDetail('prj_a');
  return <h1>{p?.name ?? '…'}</h1>;
}

describe('screens sharing server data', () => {
  beforeEach(() => resetQueryCache());

  it('the timeline and the renders tab reading the same checkpoints make one IPC call', async () => {
    fakeHost.answer('checkpoints.list', () => [cp]);
    render(
      <WithQuery>
        <TimelineReader />
        <RendersReader />
      </WithQuery>,
    );
    await waitFor(() => expect(screen.getByTestId('timeline').textContent).toBe('First cut'));
    expect(screen.getByTestId('renders').textContent).toBe('First cut');
    expect(fakeHost.calls('checkpoints.list')).toEqual([{ projectId: 'prj_a' }]);
  });

  it('the project header and the drop layer read the open project with one projects.get', async () => {
    fakeHost.answer('projects.get', ({ id }) => ({ ...project({ id, name: 'Launch film' }), checkpoints: [], renderCount: 0 }));
    render(
      <WithQuery>
        <Header />
        <ImportLayer projectId="prj_a" />
      </WithQuery>,
    );
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Launch film' })).toBeTruthy());
    expect(fakeHost.calls('projects.get')).toEqual([{ id: 'prj_a' }]);
  });
});
