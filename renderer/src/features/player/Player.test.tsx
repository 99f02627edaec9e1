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

  // React drops a media event that reaches the element before its tree is committed (the bucket e2e
  // caught a quick 503 landing there under load): no error handler runs and the element stays at
  // HAVE_NOTHING. happy-dom's element never loads, which is that state.
  it('asks the host when the element has nothing a few seconds after it mounted, and says "Not available offline"', async () => {
    const asked = offlineHost();
    render(<Player src={SRC} fps={30} durationHint={2} label="Player: cut.mp4" />);
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
    render(<Player src={SRC} fps={30} durationHint={2} label="Player: cut.mp4" />);
    fireEvent.loadedMetadata(screen.getByTestId('player-video'));
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
    render(<Player src={SRC} fps={30} durationHint={2} label="Player: cut.mp4" />);
    await flush(STALLED_CHECK_MS);
    expect(asked.length).toBe(1);
    await flush(STALLED_CHECK_MS * 2);
    expect(asked.length).toBe(2);
    await flush(STALLED_CHECK_MS * 4);
    expect(asked.length).toBe(3);
    expect(screen.queryByTestId('media-offline')).toBeNull();
    expect(screen.getByTestId('player-video')).toBeTruthy();
  });

  it('asks at once when the element had already failed before it was mounted (its error event went nowhere)', async () => {
    const asked = offlineHost();
    const was = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'error');
    Object.defineProperty(HTMLMediaElement.prototype, 'error', { configurable: true, get: () => ({ code: 4, message: 'MEDIA_ELEMENT_ERROR: Format error' }) });
    try {
      render(<Player src={SRC} fps={30} durationHint={2} label="Player: cut.mp4" />);
      await flush(10);
    } finally {
      if (was) Object.defineProperty(HTMLMediaElement.prototype, 'error', was);
      else delete (HTMLMediaElement.prototype as { error?: unknown }).error;
    }
    expect(asked).toEqual([SRC]);
    expect(screen.getByTestId('media-offline').textContent).toContain('Not available offline');
  });
});

describe('Player: the poster and the element\'s own first frame', () => {
  afterEach(() => vi.restoreAllMocks());

  it('drops the poster when the element already has a frame at mount (its loadeddata came before React listened)', () => {
    // The element as a quick local source leaves it: data in, and no event React saw.
    vi.spyOn(HTMLMediaElement.prototype, 'readyState', 'get').mockReturnValue(4); // HAVE_ENOUGH_DATA
    render(<Player src={SRC} poster="/media/poster" fps={30} durationHint={2} label="Player: cut.mp4" />);
    expect(screen.getByTestId('player-video').getAttribute('poster')).toBeNull();
  });

  it('keeps the poster while the element has no frame, and drops it at loadeddata', () => {
    render(<Player src={SRC} poster="/media/poster" fps={30} durationHint={2} label="Player: cut.mp4" />);
    const video = screen.getByTestId('player-video');
    expect(video.getAttribute('poster')).toBe('/media/poster');
    fireEvent(video, new Event('loadeddata'));
    expect(video.getAttribute('poster')).toBeNull();
  });
});
