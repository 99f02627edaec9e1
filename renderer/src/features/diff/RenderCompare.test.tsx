import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Render } from '../../../../shared/models';
import { fakeHost, HostRefusal } from '../../test-support/fake-host';
import { resetQueryCache, WithQuery } from '../../test-support/query';
import { RenderCompare } from './RenderCompare';

describe('RenderCompare', () => {
  beforeEach(() => resetQueryCache());
  afterEach(() => vi.unstubAllGlobals());

  it('says why a render could not be read, instead of treating it as missing', async () => {
    fakeHost.answer('renders.get', ({ id }) => {
      throw new HostRefusal('IO', `blob of ${id} unreadable`);
    });
    render(
      <WithQuery>
        <RenderCompare aIds={['rnd_a']} bIds={['rnd_b']} aLabel="v1" bLabel="v2" />
      </WithQuery>,
    );
    await waitFor(() => expect(screen.getByTestId('render-read-error').textContent).toContain('Disk problem: blob of rnd_a unreadable'));
    expect(screen.getByTestId('render-read-error').textContent).toContain('blob of rnd_b unreadable');
  });

  it('a side only in an unreachable bucket says "Not available offline" in its cell; Try again starts over', async () => {
    const r = (id: string, sha: string) => ({ id, name: `${id}.mp4`, sha256: sha, checkpointId: `ckp_${id}`, fps: 30, durationSeconds: 2, width: 320, height: 240, media: { state: 'done' }, deletedAt: null }) as unknown as Render;
    fakeHost.answer('renders.get', ({ id }) => (id === 'rnd_a' ? r('rnd_a', 'a'.repeat(64)) : r('rnd_b', 'b'.repeat(64))));
    fakeHost.answer('renders.compare', () => new Promise(() => undefined));
    fakeHost.answer('checkpoints.diff', () => new Promise(() => undefined));
    // The host's answer for content only in an unreachable bucket (what ipc.mediaProblem asks after an error).
    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url);
      return url.includes('b'.repeat(64)) ? new Response(null, { status: 503, headers: { 'X-Reelvault-Error': 'OFFLINE' } }) : new Response('x', { status: 206 });
    });
    render(
      <WithQuery>
        <RenderCompare aIds={['rnd_a']} bIds={['rnd_b']} aLabel="v1" bLabel="v2" />
      </WithQuery>,
    );
    const b = await screen.findByTestId('ab-video-b');
    fireEvent.error(screen.getByTestId('ab-video-a'));
    fireEvent.error(b);
    await waitFor(() => expect(screen.getByTestId('media-offline').textContent).toContain('Not available offline'));
    // Side A loads (its check answered 206): only B is replaced.
    expect(screen.getByTestId('ab-video-a')).toBeTruthy();
    expect(screen.queryByTestId('ab-video-b')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('ab-video-b')).toBeTruthy();
    expect(fetched.length).toBe(2);
  });
});
