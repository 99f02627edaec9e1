import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RenderJob } from '../../../../shared/render-models';
import { fakeHost } from '../../test-support/fake-host';
import { checkFrameRange } from './frame-range';
import { RenderDialog } from './RenderDialog';
import { useRenderJobsStore } from './render-jobs-store';

const initial = useRenderJobsStore.getState();
afterEach(() => useRenderJobsStore.setState(initial, true));

function job(): RenderJob {
  const now = new Date().toISOString();
  return { id: 'render_1', kind: 'render', projectId: 'prj_1', checkpointId: 'ckp_1', composition: 'Main', codec: 'h264', state: 'queued', stage: 'queued', progress: null, detail: null, frames: null, error: null, renderId: null, logFile: null, warning: null, createdAt: now, updatedAt: now };
}

describe('the Render dialog’s frame range', () => {
  beforeEach(async () => {
    fakeHost.answer('renders.compositions', () => [{ id: 'Main', fps: 30, width: 320, height: 180, durationInFrames: 30 }]);
    fakeHost.answer('renders.make', () => job());
    useRenderJobsStore.setState({ projectId: 'prj_1' });
    render(<RenderDialog />);
    useRenderJobsStore.getState().openDialog('ckp_1', 'v1');
    // The composition is known: its length bounds the range.
    await screen.findByText('30 frames.');
  });

  const from = () => screen.getByLabelText('From frame') as HTMLInputElement;
  const to = () => screen.getByLabelText('To frame') as HTMLInputElement;
  const submit = () => fireEvent.submit(screen.getByTestId('render-dialog').querySelector('form') as HTMLFormElement);

  it('empty fields render the whole composition (no frames sent)', async () => {
    expect(to().placeholder).toBe('29');
    submit();
    await waitFor(() => expect(fakeHost.calls('renders.make')).toHaveLength(1));
    expect(fakeHost.calls('renders.make')[0]).toEqual({ projectId: 'prj_1', checkpointId: 'ckp_1', composition: 'Main', codec: 'h264' });
  });

  it('sends the range typed, and an empty "to" means up to the last frame', async () => {
    fireEvent.change(from(), { target: { value: ' 10 ' } });
    expect(screen.getByText('Renders frames 10–29 (20 frames).')).toBeTruthy();
    fireEvent.change(to(), { target: { value: '19' } });
    expect(screen.getByText('Renders frames 10–19 (10 frames).')).toBeTruthy();
    submit();
    await waitFor(() => expect(fakeHost.calls('renders.make')).toHaveLength(1));
    expect(fakeHost.calls('renders.make')[0]).toMatchObject({ frames: { from: 10, to: 19 } });
  });

  it('a wrong range says why beside the field, marks it invalid, keeps Enter from sending and puts the cursor there', async () => {
    fireEvent.change(from(), { target: { value: '20' } });
    fireEvent.change(to(), { target: { value: '5' } });
    expect(screen.getByRole('alert').textContent).toBe('The last frame comes before the first (20).');
    expect(to().getAttribute('aria-invalid')).toBe('true');
    expect(to().getAttribute('aria-describedby')).toBe('rj-frames-error');
    expect(from().getAttribute('aria-invalid')).toBeNull();
    from().focus();
    submit();
    expect(document.activeElement).toBe(to());
    fireEvent.change(to(), { target: { value: '30' } });
    expect(screen.getByRole('alert').textContent).toBe('The composition has 30 frames: the last one is 29.');
    fireEvent.change(from(), { target: { value: '-1' } });
    expect(screen.getByRole('alert').textContent).toBe('The first frame is a whole number, 0 or more.');
    expect(from().getAttribute('aria-invalid')).toBe('true');
    submit();
    expect(document.activeElement).toBe(from());
    expect(fakeHost.calls('renders.make')).toHaveLength(0);
    // Fixed, the message goes and Render sends.
    fireEvent.change(from(), { target: { value: '0' } });
    fireEvent.change(to(), { target: { value: '0' } });
    expect(screen.queryByRole('alert')).toBeNull();
    submit();
    await waitFor(() => expect(fakeHost.calls('renders.make')).toHaveLength(1));
    expect(fakeHost.calls('renders.make')[0]).toMatchObject({ frames: { from: 0, to: 0 } });
  });
});

describe('checkFrameRange', () => {
  it('without a known length, asks for the last frame rather than guessing', () => {
    expect(checkFrameRange('3', '', null)).toEqual({ ok: false, field: 'to', message: 'Give the last frame too: the composition’s length is not known yet.' });
    expect(checkFrameRange('', '9', null)).toEqual({ ok: true, frames: { from: 0, to: 9 } });
    expect(checkFrameRange('1.5', '9', null)).toMatchObject({ ok: false, field: 'from' });
    expect(checkFrameRange('', '', null)).toEqual({ ok: true, frames: null });
  });
});
