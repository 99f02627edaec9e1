import { memo, type MouseEvent } from 'react';
import type { Asset } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';
import { MediaImg } from '../../components/OfflineMedia';
import { Filmstrip } from './Filmstrip';
import { ASSET_TYPE_ICON, Icon } from '../../components/Icon';
import { assetDuration } from './asset-format';
import { formatDuration } from '../../components/format';

interface AssetTileProps {
  asset: Asset;
  index: number;
  selected: boolean;
  focused: boolean;
  onPointerSelect(index: number, e: MouseEvent): void;
  onOpen(index: number): void;
  onRetry(asset: Asset): void;
}

/** A single click on Retry, held until a second click (a double-click) can no longer come. */
const DOUBLE_CLICK_MS = 400;
const retryTimers = new Map<string, ReturnType<typeof setTimeout>>();

/** What sits in the picture area: a poster, a shimmer while media work runs, the failure, or the type. */
function TileMedia({ asset, onRetry }: { asset: Asset; onRetry(asset: Asset): void }) {
  const m = asset.media;
  if (m?.state === 'failed') {
    return (
      <div className="tile-failed" role="note">
        <span className="tile-failed-title">No preview</span>
        <span className="tile-failed-reason" data-testid="tile-failure" title={m.error ?? undefined}>
          {m.error ?? 'media work failed'}
        </span>
        <button
          type="button"
          className="tile-retry"
          onClick={(e) => {
            e.stopPropagation();
            // Keyboard (detail 0): at once. A pointer click waits out the double-click time, so
            // double-clicking the tile to open it never re-runs a long analysis by the way.
            if (e.detail === 0) return onRetry(asset);
            clearTimeout(retryTimers.get(asset.id));
            if (e.detail > 1) return void retryTimers.delete(asset.id);
            retryTimers.set(asset.id, setTimeout(() => { retryTimers.delete(asset.id); onRetry(asset); }, DOUBLE_CLICK_MS));
          }}
        >
          Retry
        </button>
      </div>
    );
  }
  if (m?.posterGrid) {
    const img = <MediaImg className="tile-poster" src={ipc.mediaUrl(m.posterGrid)} alt="" loading="lazy" decoding="async" draggable={false} />;
    return m.filmstrip ? <Filmstrip strip={m.filmstrip}>{img}</Filmstrip> : img;
  }
  if (asset.type === 'audio' && m?.waveform) {
    return <MediaImg className="tile-waveform" src={ipc.mediaUrl(m.waveform)} alt="" loading="lazy" decoding="async" draggable={false} />;
  }
  if (m?.state === 'pending') {
    return (
      <div className="tile-pending" aria-label="Making a thumbnail">
        <Icon name={ASSET_TYPE_ICON[asset.type]} size={32} className="asset-type-icon" strokeWidth={1.5} />
      </div>
    );
  }
  const ext = /\.([a-z0-9]{1,6})$/i.exec(asset.name)?.[1];
  return (
    <div className="tile-icon">
      <Icon name={ASSET_TYPE_ICON[asset.type]} size={32} className="asset-type-icon" strokeWidth={1.5} />
      {ext && <span className="tile-ext">{ext.toUpperCase()}</span>}
    </div>
  );
}

export const AssetTile = memo(function AssetTile({ asset, index, selected, focused, onPointerSelect, onOpen, onRetry }: AssetTileProps) {
  const duration = formatDuration(assetDuration(asset));
  return (
    <div
      id={`asset-${asset.id}`}
      className={`asset-tile${selected ? ' is-selected' : ''}${focused ? ' is-focused' : ''}`}
      role="option"
      aria-selected={selected}
      data-testid="asset-tile"
      data-index={index}
      onMouseDown={(e) => {
        // Keep shift-click from selecting page text.
        if (e.shiftKey) e.preventDefault();
      }}
      onClick={(e) => onPointerSelect(index, e)}
      onDoubleClick={() => onOpen(index)}
    >
      <div className={`tile-media tile-media-${asset.type}`}>
        <TileMedia asset={asset} onRetry={onRetry} />
        {duration && <span className="tile-duration">{duration}</span>}
        {(asset.rating || asset.label) && (
          <span className="tile-marks" aria-label={`${asset.rating ? `${asset.rating} stars` : ''}${asset.rating && asset.label ? ', ' : ''}${asset.label ? `${asset.label} label` : ''}`}>
            {asset.label && <span className={`tile-label label-${asset.label}`} />}
            {asset.rating ? `★${asset.rating}` : null}
          </span>
        )}
        {selected && (
          <span className="tile-check" aria-hidden="true">
            <Icon name="check" size={14} strokeWidth={3} />
          </span>
        )}
      </div>
      <div className="tile-caption">
        <span className="tile-name" title={asset.tags.length > 0 ? `${asset.name}\n${asset.tags.join(' · ')}` : asset.name}>
          {asset.name}
        </span>
        {asset.tags.length > 0 && <span className="tile-tags">{asset.tags.slice(0, 3).join(' · ')}</span>}
      </div>
    </div>
  );
});
