import { useCallback, useEffect, useMemo, useRef, useState, type ImgHTMLAttributes, type SyntheticEvent } from 'react';
import { ipc } from '../lib/ipc';
import { Icon } from './Icon';

/**
 * For an <img>, <video> or <audio> showing library content: when it fails to load, asks the host why
 * (ipc.mediaProblem) and says "not available offline" when the content is only in the library's
 * bucket and the bucket cannot be reached — instead of a broken element. Other failures (a file the
 * browser cannot decode) are left to the element. `attempt` changes on retry: key the element by it.
 */
export function useOfflineMedia(url: string) {
  const [offline, setOffline] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => setOffline(false), [url]);
  const onError = useCallback(() => {
    void ipc.mediaProblem(url).then((p) => {
      if (p === 'offline') setOffline(true);
    });
  }, [url]);
  const retry = useCallback(() => {
    setOffline(false);
    setAttempt((a) => a + 1);
  }, []);
  return { offline, onError, retry, attempt };
}

/** How long a media element may have nothing at all (not even its metadata) before the host is asked why. */
export const STALLED_CHECK_MS = 3000;
const STALLED_CHECK_MAX_MS = 30_000;
/** HTMLMediaElement.HAVE_NOTHING (written out: not every DOM, jsdom included, has the static). */
const HAVE_NOTHING = 0;

/**
 * For a <video> or <audio>: Chromium does not always fire `error` when the source answers with an
 * error status. Seen in the bucket e2e: /media answered 503 OFFLINE in 56 ms, and the element sat at
 * HAVE_NOTHING with no error event for good — a player stuck at frame 0 saying nothing. So an
 * element that has nothing a few seconds after it began loading asks the host too (`onProblem` is
 * useOfflineMedia's onError: one ranged request, and nothing shown unless the host says offline),
 * again at doubling intervals while it still has nothing. Spread the handlers onto the element.
 */
export function useStalledMediaCheck(onProblem: () => void) {
  const timer = useRef<number | undefined>(undefined);
  const problem = useRef(onProblem);
  problem.current = onProblem;
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return useMemo(() => {
    const arm = (el: HTMLMediaElement, wait: number) => {
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => {
        if (!el.isConnected || el.error || el.readyState !== HAVE_NOTHING) return;
        problem.current();
        arm(el, Math.min(wait * 2, STALLED_CHECK_MAX_MS));
      }, wait);
    };
    return {
      onLoadStart: (e: SyntheticEvent<HTMLMediaElement>) => arm(e.currentTarget, STALLED_CHECK_MS),
      onLoadedMetadata: () => window.clearTimeout(timer.current),
    };
  }, []);
}

/** The state that replaces a player or a preview whose content is only in an unreachable bucket. */
export function OfflineNotice({ onRetry, poster, what = 'file' }: { onRetry(): void; poster?: string | undefined; what?: string }) {
  return (
    <div className="media-offline" role="status" data-testid="media-offline" style={poster ? { backgroundImage: `url("${poster}")` } : undefined}>
      <div className="media-offline-card">
        <Icon name="cloudOff" size={28} />
        <strong>Not available offline</strong>
        <span>
          This {what} is only in the library&apos;s bucket, which cannot be reached now. It plays again once the connection is back; keep a project offline (Settings › Bucket) to have its files here.
        </span>
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      </div>
    </div>
  );
}

/** An <img> of library content that turns into a small "not available offline" mark instead of a broken image. */
export function MediaImg({ src, className, ...rest }: ImgHTMLAttributes<HTMLImageElement> & { src: string }) {
  const { offline, onError, attempt } = useOfflineMedia(src);
  if (offline) {
    return (
      <span className={`media-offline-mark${className ? ` ${className}` : ''}`} role="img" aria-label="Not available offline" title="Not available offline: only in the library's bucket, which cannot be reached now" data-testid="media-offline-mark">
        <Icon name="cloudOff" size={18} />
      </span>
    );
  }
  return <img key={attempt} src={src} className={className} onError={onError} {...rest} />;
}
