import { useCallback, useEffect, useState, type ImgHTMLAttributes } from 'react';
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
