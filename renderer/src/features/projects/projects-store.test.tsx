import { act, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeHost, HostRefusal } from '../../test-support/fake-host';
import { project, settle } from '../../test-support/fixtures';
import { notifications } from '../../lib/notify';
import { startLibrarySync } from '../../lib/query';
import { resetQueryCache, WithQuery } from '../../test-support/query';
import { useProjectsStore, visibleProjects } from './projects-store';
import { cachedProjects, loadProjects, useProjects } from './use-projects';

const initial = useProjectsStore.getState();

function Names() {
  const { projects, status } = useProjects();
  return <p data-testid="names">{status}:{projects.map((p) => p.name).join(',')}</p>;
}

describe('projects store and the cached list', () => {
  let stop: () => void = () => undefined;
  beforeEach(() => {
    useProjectsStore.setState(initial, true);
    notifications.clear();
    resetQueryCache();
    stop = startLibrarySync(undefined, 0);
  });
  afterEach(() => stop());

  it('loads the list from the host, and says why when it cannot', async () => {
    fakeHost.answer('projects.list', () => [project({ id: 'prj_a', name: 'Alpha' })]);
    const { unmount } = render(<WithQuery><Names /></WithQuery>);
    await waitFor(() => expect(screen.getByTestId('names').textContent).toBe('ready:Alpha'));
    unmount();
    resetQueryCache();

    fakeHost.answer('projects.list', () => { throw new HostRefusal('IO', 'The disk is full'); });
    render(<WithQuery><Names /></WithQuery>);
    await waitFor(() => expect(screen.getByTestId('names').textContent).toBe('error:'));
    expect(notifications.list().map((t) => t.message)).toEqual(['Disk problem: The disk is full']);
  });

  it('a created project shows at once, first; a refused one changes nothing and says why', async () => {
    fakeHost.answer('projects.list', () => [project({ id: 'prj_old', name: 'Old' })]);
    await loadProjects();
    fakeHost.answer('projects.create', (input) => project({ id: 'prj_new', name: input.name }));
    const made = await useProjectsStore.getState().create({ name: 'New', preset: '1080p30', template: 'empty', scope: 'user' });
    expect(made?.id).toBe('prj_new');
    expect(cachedProjects().map((p) => p.id)).toEqual(['prj_new', 'prj_old']);
    expect(useProjectsStore.getState().creating).toBe(false);
    expect(fakeHost.calls('projects.create')).toEqual([{ name: 'New', preset: '1080p30', template: 'empty', scope: 'user' }]);

    fakeHost.answer('projects.create', () => { throw new HostRefusal('INVALID_INPUT', 'name: must not be empty'); });
    expect(await useProjectsStore.getState().create({ name: ' ', preset: '1080p30', template: 'empty', scope: 'user' })).toBeNull();
    expect(cachedProjects().map((p) => p.id)).toEqual(['prj_new', 'prj_old']);
    expect(notifications.list().at(-1)?.message).toBe('Check the input: name: must not be empty');
  });

  it('remove moves to the trash and its Undo restores and reloads', async () => {
    let listed = [project({ id: 'prj_a', name: 'Alpha' }), project({ id: 'prj_b', name: 'Beta' })];
    fakeHost.answer('projects.list', () => listed);
    fakeHost.answer('projects.delete', () => null);
    fakeHost.answer('trash.restore', () => null);
    render(<WithQuery><Names /></WithQuery>);
    await waitFor(() => expect(screen.getByTestId('names').textContent).toBe('ready:Alpha,Beta'));
    listed = listed.filter((p) => p.id !== 'prj_a');
    expect(await useProjectsStore.getState().remove('prj_a')).toBe(true);
    expect(cachedProjects().map((p) => p.id)).toEqual(['prj_b']);
    const undo = notifications.list().find((t) => t.action?.label === 'Undo');
    expect(undo?.message).toBe('Moved “Alpha” to the trash');
    listed = [project({ id: 'prj_a', name: 'Alpha' }), ...listed];
    undo?.action?.run();
    await waitFor(() => expect(screen.getByTestId('names').textContent).toBe('ready:Alpha,Beta'));
    expect(fakeHost.calls('trash.restore')).toEqual([{ ids: ['prj_a'] }]);
  });

  it('reloads when the library says projects or the trash changed, not for file edits', async () => {
    let n = 0;
    fakeHost.answer('projects.list', () => [project({ id: 'prj_a', name: `v${++n}` })]);
    render(<WithQuery><Names /></WithQuery>);
    await waitFor(() => expect(screen.getByTestId('names').textContent).toBe('ready:v1'));
    act(() => fakeHost.emit('library.changed', { kind: 'files', id: 'prj_a' }));
    await settle();
    await settle();
    expect(n).toBe(1);
    act(() => fakeHost.emit('library.changed', { kind: 'trash' }));
    await waitFor(() => expect(screen.getByTestId('names').textContent).toBe('ready:v2'));
    act(() => fakeHost.emit('library.changed', { kind: 'projects', id: 'prj_a' }));
    await waitFor(() => expect(screen.getByTestId('names').textContent).toBe('ready:v3'));
    stop();
    expect(fakeHost.listening('library.changed')).toBe(0);
  });

  it('visibleProjects filters by name and sorts without touching its input', () => {
    const list = [
      project({ id: 'prj_1', name: 'intro 10', updatedAt: '2026-11-03T00:00:00.000Z', createdAt: '2026-11-01T00:00:00.000Z' }),
      project({ id: 'prj_2', name: 'Intro 9', updatedAt: '2026-11-01T00:00:00.000Z', createdAt: '2026-11-02T00:00:00.000Z' }),
      project({ id: 'prj_3', name: 'Outro', updatedAt: '2026-11-02T00:00:00.000Z', createdAt: '2026-11-03T00:00:00.000Z' }),
    ];
    expect(visibleProjects(list, ' INTRO ', 'name').map((p) => p.id)).toEqual(['prj_2', 'prj_1']);
    expect(visibleProjects(list, '', 'updated').map((p) => p.id)).toEqual(['prj_1', 'prj_3', 'prj_2']);
    expect(visibleProjects(list, '', 'created').map((p) => p.id)).toEqual(['prj_3', 'prj_2', 'prj_1']);
    expect(list.map((p) => p.id)).toEqual(['prj_1', 'prj_2', 'prj_3']);
  });
});
