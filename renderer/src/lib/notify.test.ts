import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IpcError } from './ipc';
import { notifications, toast } from './notify';

describe('toasts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    notifications.clear();
  });
  afterEach(() => vi.useRealTimers());

  it('shows a message and takes it away after a while; errors stay longer', () => {
    toast.success('Saved');
    toast.error(new Error('disk gone'));
    expect(notifications.list().map((t) => [t.kind, t.message])).toEqual([['success', 'Saved'], ['error', 'disk gone']]);
    vi.advanceTimersByTime(4000);
    expect(notifications.list().map((t) => t.kind)).toEqual(['error']);
    vi.advanceTimersByTime(4000);
    expect(notifications.list()).toEqual([]);
  });

  it('words a contract error by its code, ahead of the host message', () => {
    toast.error(new IpcError('INVALID_INPUT', 'fps must be between 1 and 240', 'projects.create'));
    toast.error(new IpcError('FORBIDDEN', 'desktop only', 'assets.importPaths'));
    toast.error('plain words');
    expect(notifications.list().map((t) => t.message)).toEqual(['Check the input: fps must be between 1 and 240', 'Not allowed: desktop only', 'plain words']);
  });

  it('an offered action keeps the toast up longer than a plain one, and dismiss removes only that toast', () => {
    const run = vi.fn();
    const undo = toast.info('Moved to the trash', { label: 'Undo', run });
    const plain = toast.info('Hello');
    vi.advanceTimersByTime(4000);
    expect(notifications.list().map((t) => t.id)).toEqual([undo]);
    notifications.list()[0]?.action?.run();
    expect(run).toHaveBeenCalledOnce();
    notifications.dismiss(undo);
    expect(notifications.list()).toEqual([]);
    expect(plain).not.toBe(undo);
  });
});
