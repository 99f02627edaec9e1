import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { notifications, toast } from '../../lib/notify';
import { Toasts } from './Toasts';

describe('Toasts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    notifications.clear();
  });
  afterEach(() => {
    notifications.clear();
    vi.useRealTimers();
  });

  it('keeps a toast up while the pointer is over it, and lets it go after what was left', () => {
    render(<Toasts />);
    act(() => void toast.info('Saved'));
    act(() => vi.advanceTimersByTime(3000));
    fireEvent.mouseEnter(screen.getByTestId('toast'));
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByText('Saved')).toBeTruthy();
    fireEvent.mouseLeave(screen.getByTestId('toast'));
    act(() => vi.advanceTimersByTime(900));
    expect(screen.queryByText('Saved')).toBeTruthy();
    act(() => vi.advanceTimersByTime(200));
    expect(screen.queryByText('Saved')).toBeNull();
  });

  it('keeps a toast up while focus is inside it (reaching for Undo), even when the pointer leaves', () => {
    render(<Toasts />);
    act(() => void toast.info('Moved to the trash', { label: 'Undo', run: () => undefined }));
    const undo = screen.getByRole('button', { name: 'Undo' });
    act(() => undo.focus());
    fireEvent.mouseEnter(screen.getByTestId('toast'));
    fireEvent.mouseLeave(screen.getByTestId('toast'));
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByText('Moved to the trash')).toBeTruthy();
    act(() => undo.blur());
    act(() => vi.advanceTimersByTime(7000));
    expect(screen.queryByText('Moved to the trash')).toBeNull();
  });

  it('a toast no one holds goes away on its own time', () => {
    render(<Toasts />);
    act(() => void toast.success('Done'));
    act(() => vi.advanceTimersByTime(4001));
    expect(screen.queryByText('Done')).toBeNull();
  });
});
