import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from './ConfirmDialog';

function setup(props: Partial<Parameters<typeof ConfirmDialog>[0]> = {}) {
  const onConfirm = vi.fn();
  const onClose = vi.fn();
  render(
    <ConfirmDialog open title="Delete project?" confirmLabel="Delete" danger onConfirm={onConfirm} onClose={onClose} {...props}>
      <p>It goes to the trash.</p>
    </ConfirmDialog>,
  );
  return { onConfirm, onClose };
}

describe('ConfirmDialog', () => {
  it('asks with its title and words, the confirm button focused so Enter confirms', () => {
    const { onConfirm, onClose } = setup();
    expect(screen.getByRole('heading', { name: 'Delete project?' })).toBeTruthy();
    expect(screen.getByText('It goes to the trash.')).toBeTruthy();
    const confirm = screen.getByRole('button', { name: 'Delete' });
    expect(document.activeElement).toBe(confirm);
    fireEvent.click(confirm);
    expect(onConfirm).toHaveBeenCalledOnce();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('Cancel closes without confirming', () => {
    const { onConfirm, onClose } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalled();
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('while busy it says so and cannot be confirmed twice', () => {
    const { onConfirm } = setup({ busy: true });
    const working = screen.getByRole('button', { name: 'Working…' });
    expect((working as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(working);
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('renders nothing when closed', () => {
    setup({ open: false });
    expect(screen.queryByRole('heading')).toBeNull();
  });
});
