import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STALLED_CHECK_MS } from '../../components/OfflineMedia';
import { Player } from './Player';

const SRC = `/media/${'c'.repeat(64)}`;

/** The host's answer for content only in an unreachable bucket, counting the checks the page makes. */
function offlineHost(): string[] {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    asked.push(url);
    return new Response('OFFLINE: not available offline', { status: 503, headers: { 'X-Reelvault-Error': 'OFFLINE' } });
  });
  return asked;
}

async function flush(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

describe('Player: content the browser never reports failing', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  // Chromium sometimes fires no `error` for a video whose source answered 503 (the bucket e2e caught
  // it): the element stays at HAVE_NOTHING. jsdom's element never loads, which is that state.
  it('asks the host when the element has nothing a few seconds after it began loading, and says "Not available offline"', async () => {
    const asked = offlineHost();
    render(<Player src={SRC} fps={30} durationHint={null} label="Player: cut.mp4" />);
    fireEvent.loadStart(screen.getByTestId('player-video'));
    await flush(STALLED_CHECK_MS - 100);
    expect(asked).toEqual([]);
    expect(screen.queryByTestId('media-offline')).toBeNull();
    await flush(200);
    expect(asked).toEqual([SRC]);
    expect(screen.getByTestId('media-offline').textContent).toContain('Not available offline');
    expect(screen.queryByTestId('player-video')).toBeNull();
  });

  it('asks nothing once the element has its metadata', async () => {
    const asked = offlineHost();
    render(<Player src={SRC} fps={30} durationHint={null} label="Player: cut.mp4" />);
    const video = screen.getByTestId('player-video');
    fireEvent.loadStart(video);
    fireEvent.loadedMetadata(video);
    await flush(STALLED_CHECK_MS * 4);
    expect(asked).toEqual([]);
    expect(screen.getByTestId('player-video')).toBeTruthy();
  });

  it('keeps asking, less and less often, while the host says it loads (a slow bucket), and shows nothing meanwhile', async () => {
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      return new Response('x', { status: 206 });
    });
    render(<Player src={SRC} fps={30} durationHint={null} label="Player: cut.mp4" />);
    fireEvent.loadStart(screen.getByTestId('player-video'));
    await flush(STALLED_CHECK_MS);
    expect(asked.length).toBe(1);
    await flush(STALLED_CHECK_MS * 2);
    expect(asked.length).toBe(2);
    await flush(STALLED_CHECK_MS * 4);
    expect(asked.length).toBe(3);
    expect(screen.queryByTestId('media-offline')).toBeNull();
    expect(screen.getByTestId('player-video')).toBeTruthy();
  });
});
