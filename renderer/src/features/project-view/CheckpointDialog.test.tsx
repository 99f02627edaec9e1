import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CheckpointDialog } from './CheckpointDialog';
import { useProjectViewStore } from './project-view-store';

const initial = useProjectViewStore.getState();
afterEach(() => useProjectViewStore.setState(initial, true));

describe('the checkpoint dialog (one for Ctrl/Cmd+S and the timeline)', () => {
  it('is closed until asked for, then saves the name and description through the one action', async () => {
    const createCheckpoint = vi.fn(async () => null);
    useProjectViewStore.setState({ checkpointOpen: false, createCheckpoint });
    render(<CheckpointDialog />);
    expect(screen.queryByTestId('checkpoint-dialog')).toBeNull();

    // What the timeline's "New checkpoint" button and the Ctrl/Cmd+S binding both do.
    useProjectViewStore.getState().setCheckpointOpen(true);
    const dialog = await screen.findByTestId('checkpoint-dialog');
    expect(screen.getByRole('heading', { name: 'Save a checkpoint' })).toBeTruthy();
    const name = screen.getByLabelText('Checkpoint name') as HTMLInputElement;
    expect(name.value).toMatch(/^Checkpoint /);
    fireEvent.change(name, { target: { value: '  First cut ' } });
    fireEvent.change(screen.getByLabelText(/Description/), { target: { value: 'Titles in' } });
    fireEvent.submit(dialog.querySelector('form') as HTMLFormElement);
    expect(createCheckpoint).toHaveBeenCalledWith('First cut', 'Titles in');
  });

  it('cannot save without a name; Cancel closes it', async () => {
    const createCheckpoint = vi.fn(async () => null);
    useProjectViewStore.setState({ checkpointOpen: true, createCheckpoint });
    render(<CheckpointDialog />);
    fireEvent.change(screen.getByLabelText('Checkpoint name'), { target: { value: '   ' } });
    expect((screen.getByRole('button', { name: 'Save checkpoint' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(useProjectViewStore.getState().checkpointOpen).toBe(false);
    expect(createCheckpoint).not.toHaveBeenCalled();
  });
});
