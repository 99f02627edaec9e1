import { afterEach, describe, expect, it } from 'vitest';
import type { RenderJob } from '../../../../shared/render-models';
import { fakeHost, HostRefusal } from '../../test-support/fake-host';
import { useRenderJobsStore } from './render-jobs-store';

const initial = useRenderJobsStore.getState();
afterEach(() => useRenderJobsStore.setState(initial, true));

const now = new Date().toISOString();
const interrupted: RenderJob = { id: 'render_old', kind: 'render', projectId: 'prj_1', checkpointId: 'ckp_7', composition: 'Main', codec: 'vp9', state: 'failed', stage: 'rendering', progress: 0.5, detail: 'Interrupted', frames: null, error: 'Interrupted: …', renderId: null, logFile: '/lib/logs/renders/render_old.log', warning: null, interrupted: true, createdAt: now, updatedAt: now };

describe('retrying a render from before a restart', () => {
  it('the queue no longer knows it (NOT_FOUND): the same checkpoint and composition are rendered again', async () => {
    fakeHost.answer('jobs.retry', () => {
      throw new HostRefusal('NOT_FOUND', 'failed job render_old');
    });
    fakeHost.answer('renders.make', () => ({ ...interrupted, id: 'render_new', state: 'queued', interrupted: undefined }));
    useRenderJobsStore.setState({ projectId: 'prj_1', jobs: [interrupted] });
    await useRenderJobsStore.getState().retry('render_old');
    expect(fakeHost.calls('renders.make')).toEqual([{ projectId: 'prj_1', checkpointId: 'ckp_7', composition: 'Main', codec: 'vp9' }]);
    expect(useRenderJobsStore.getState().jobs.map((j) => j.id)).toEqual(['render_new', 'render_old']);
  });

  it('another refusal is said, and nothing is rendered', async () => {
    fakeHost.answer('jobs.retry', () => {
      throw new HostRefusal('IO', 'disk trouble');
    });
    useRenderJobsStore.setState({ projectId: 'prj_1', jobs: [interrupted] });
    await useRenderJobsStore.getState().retry('render_old');
    expect(fakeHost.calls('renders.make')).toEqual([]);
  });
});
