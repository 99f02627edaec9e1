import { useRef, useState } from 'react';
import type { Asset } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { usePlayableSource } from '../player/playable-source';
import { useFirstFrame } from '../player/use-first-frame';
import { ImageZoom } from './ImageZoom';
import { ASSET_TYPE_ICON, Icon } from '../../components/Icon';
import { OfflineNotice, useMediaProblemCheck, useOfflineMedia } from '../../components/OfflineMedia';

/** Wider than the detail pane's picture (about 330 px): worth a look at its own pixels. */
const ZOOM_FROM = 400;

/** A video asset: the original where the page decodes it, else its playback proxy, labelled; a message when neither plays. */
function AssetVideo({ asset, autoPlay, onOffline }: { asset: Asset; autoPlay: boolean; onOffline(): void }) {
  const m = asset.media;
  const playable = usePlayableSource(asset.sha256, m);
  const note = playable.failure ?? playable.waiting;
  // The poster is from 10% in; once the element has frame 0 it shows that, matching its own clock.
  const video = useRef<HTMLVideoElement>(null);
  const { hasFrame, onLoadedData } = useFirstFrame(video, playable.src);
  useMediaProblemCheck(video, onOffline, playable.src);
  return (
    <div className="preview-video-box">
      <video
        key={playable.src}
        ref={video}
        className="preview-video"
        src={playable.src}
        controls
        preload="metadata"
        autoPlay={autoPlay}
        poster={m?.posterDetail && !hasFrame ? ipc.mediaUrl(m.posterDetail) : undefined}
        onLoadedData={onLoadedData}
        aria-label={asset.name}
        data-testid="asset-video"
        data-proxy={playable.proxy ? 'true' : undefined}
        onError={(e) => {
          onOffline();
          playable.onError(e.currentTarget.error?.message || null);
        }}
      />
      {playable.proxy && (
        <span className="proxy-badge" data-testid="proxy-badge" title="This browser cannot decode the original: an H.264 copy made for playback. Downloads are the original.">
          proxy
        </span>
      )}
      {note && (
        <p className={`preview-note${playable.failure ? ' preview-failed' : ''}`} role={playable.failure ? 'alert' : 'status'} data-testid="asset-video-message">
          {note}
        </p>
      )}
      {m?.waveform && <img className="preview-waveform" src={ipc.mediaUrl(m.waveform)} alt={`Waveform of ${asset.name}`} data-testid="asset-waveform" />}
    </div>
  );
}

/**
 * The asset itself: an image, a video with controls, or audio with its waveform. Used by the
 * detail panel and the Space quick-look.
 */
export function AssetPreview({ asset, autoPlay = false, full = false }: { asset: Asset; autoPlay?: boolean; full?: boolean }) {
  const m = asset.media;
  const src = ipc.mediaUrl(asset.sha256);
  const [zoom, setZoom] = useState(false);
  const poster = m?.posterDetail ? ipc.mediaUrl(m.posterDetail) : undefined;
  // The detail panel takes the detail-size thumbnail (a still); an animated GIF or WebP, and the
  // quick look, the original, so it moves.
  const animated = (m?.probe?.pages ?? 1) > 1;
  const shown = asset.type === 'image' && !full && !animated && poster ? poster : src;
  // Content only in an unreachable bucket says so instead of a broken element.
  const { offline, onError, retry, attempt } = useOfflineMedia(shown);
  const audio = useRef<HTMLAudioElement>(null);
  useMediaProblemCheck(audio, onError, `${src}#${attempt}`);
  if (offline && m?.state !== 'failed') return <OfflineNotice onRetry={retry} poster={asset.type === 'video' ? poster : undefined} what={asset.type === 'image' ? 'image' : asset.type === 'audio' ? 'recording' : 'video'} />;
  if (asset.type === 'image' && m?.state !== 'failed') {
    const width = m?.probe?.width ?? asset.width ?? 0;
    return (
      <>
        <img key={attempt} className="preview-image" src={shown} alt={asset.name} data-testid="preview-image" data-animated={animated ? 'true' : undefined} onError={onError} />
        {/* Only for pictures larger than the pane shows them: a 160 px GIF has nothing more to see. */}
        {!full && width > ZOOM_FROM && m?.probe?.kind === 'image' && (
          <button type="button" className="btn btn-small preview-zoom-btn" onClick={() => setZoom(true)} title="See the original at its own pixels">
            Zoom to 100% ({width.toLocaleString()} px)
          </button>
        )}
        {zoom && <ImageZoom src={src} name={asset.name} width={width} onClose={() => setZoom(false)} />}
      </>
    );
  }
  if (asset.type === 'video' && m?.state !== 'failed') return <AssetVideo key={attempt} asset={asset} autoPlay={autoPlay} onOffline={onError} />;
  if (asset.type === 'audio' && m?.state !== 'failed') {
    return (
      <div className="preview-audio">
        {m?.waveform ? <img className="preview-waveform" src={ipc.mediaUrl(m.waveform)} alt={`Waveform of ${asset.name}`} /> : <Icon name="audio" size={48} className="asset-type-icon" strokeWidth={1.5} />}
        <audio key={attempt} ref={audio} src={src} controls preload="metadata" autoPlay={autoPlay} aria-label={asset.name} onError={onError} />
      </div>
    );
  }
  return (
    <div className="preview-none">
      <Icon name={ASSET_TYPE_ICON[asset.type]} size={48} className="asset-type-icon" strokeWidth={1.5} />
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
