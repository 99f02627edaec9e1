import type { Asset } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { TypeIcon } from './TypeIcon';
import { OfflineNotice, useOfflineMedia } from '../../components/OfflineMedia';

/**
 * The asset itself: an image, a video with controls, or audio with its waveform. Used by the
 * detail panel and the Space quick-look.
 */
export function AssetPreview({ asset, autoPlay = false, full = false }: { asset: Asset; autoPlay?: boolean; full?: boolean }) {
  const m = asset.media;
  const src = ipc.mediaUrl(asset.sha256);
  const poster = m?.posterDetail ? ipc.mediaUrl(m.posterDetail) : undefined;
  // The detail panel takes the detail-size thumbnail of an image; the quick look the original.
  const shown = asset.type === 'image' && !full && poster ? poster : src;
  const { offline, onError, retry, attempt } = useOfflineMedia(shown);
  if (offline && m?.state !== 'failed') return <OfflineNotice onRetry={retry} poster={asset.type === 'video' ? poster : undefined} what={asset.type === 'image' ? 'image' : asset.type === 'audio' ? 'recording' : 'video'} />;
  if (asset.type === 'image' && m?.state !== 'failed') {
    return <img key={attempt} className="preview-image" src={shown} alt={asset.name} onError={onError} />;
  }
  if (asset.type === 'video' && m?.state !== 'failed') {
    return <video key={attempt} className="preview-video" src={src} controls preload="metadata" autoPlay={autoPlay} poster={poster} aria-label={asset.name} onError={onError} />;
  }
  if (asset.type === 'audio' && m?.state !== 'failed') {
    return (
      <div className="preview-audio">
        {m?.waveform ? <img className="preview-waveform" src={ipc.mediaUrl(m.waveform)} alt={`Waveform of ${asset.name}`} /> : <TypeIcon type="audio" size={48} />}
        <audio key={attempt} src={src} controls preload="metadata" autoPlay={autoPlay} aria-label={asset.name} onError={onError} />
      </div>
    );
  }
  return (
    <div className="preview-none">
      <TypeIcon type={asset.type} size={48} />
      {m?.state === 'failed' ? (
        <p className="preview-failed" role="note">
          No preview: {m.error ?? 'media work failed'}
        </p>
      ) : (
        <p className="muted">No preview for this kind of file.</p>
      )}
      <a className="btn btn-small" href={ipc.mediaUrl(asset.sha256, { download: asset.name })} download={asset.name}>
        Download
      </a>
    </div>
  );
}
