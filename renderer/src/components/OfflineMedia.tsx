import { useCallback, useEffect, useRef, useState, type ImgHTMLAttributes, type RefObject } from 'react';
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
/** HTMLMediaElement.HAVE_NOTHING (written out: not every DOM, happy-dom included, has the static). */
const HAVE_NOTHING = 0;

/**
 * For a <video> or <audio> whose `onError` asks the host (useOfflineMedia): the cases where that
 * handler never runs. React drops events that reach an element before its tree is committed, and a
 * concurrent render can yield to the browser between creating the element (its src set, the load
 * started) and committing it: under load, /media's quick 503 OFFLINE landed in that gap and the
 * player sat at frame 0 saying nothing (the bucket e2e, about half its runs on a loaded machine:
 * 503 in 56 ms, no error handler run, no notice). So, once mounted: an element that has already
 * failed asks at once; one that still has nothing (no metadata) a few seconds on asks too, again at
 * doubling intervals while it has nothing. `onProblem` shows nothing unless the host says offline.
 * `src` restarts the watch when the element is given another source.
 */
export function useMediaProblemCheck(ref: RefObject<HTMLMediaElement | null>, onProblem: () => void, src: string): void {
  const problem = useRef(onProblem);
  useEffect(() => {
    problem.current = onProblem;
  });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Failed before this effect ran: its error event may have reached the element before React listened
    // (asking twice, when it did not, costs one ranged request).
    if (el.error) {
      problem.current();
      return;
    }
    let wait = STALLED_CHECK_MS;
    let timer: number | undefined;
    const tick = () => {
      // Failed since: the element's own error handler has asked.
      if (!el.isConnected || el.error || el.readyState !== HAVE_NOTHING) return;
      problem.current();
      wait = Math.min(wait * 2, STALLED_CHECK_MAX_MS);
      timer = window.setTimeout(tick, wait);
    };
    timer = window.setTimeout(tick, wait);
    const stop = () => window.clearTimeout(timer);
    el.addEventListener('loadedmetadata', stop);
    return () => {
      window.clearTimeout(timer);
      el.removeEventListener('loadedmetadata', stop);
    };
  }, [ref, src]);
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
