import { useEffect } from 'react';
import { selectPreviewId, useAssetsStore } from './assets-store';
import { AssetPreview } from './AssetPreview';
import { KeyHints } from '../../components/KeyHints';
import { actionFor } from '../../lib/actions';

/** Space on a tile: a large look at the asset over the grid; Space or Escape closes it. */
export function QuickLook() {
  const id = useAssetsStore(selectPreviewId);
  const asset = useAssetsStore((s) => (id ? s.items.find((a) => a.id === id) ?? null : null));
  useEffect(() => {
    if (!id) return;
    const onKey = (e: KeyboardEvent) => {
      if (actionFor(e, ['app.close'])) useAssetsStore.getState().setPreview(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [id]);
  if (!asset) return null;
  return (
    <div className="quicklook" role="dialog" aria-label={`Preview of ${asset.name}`} data-testid="quicklook" onClick={() => useAssetsStore.getState().setPreview(null)}>
      <div className="quicklook-body" onClick={(e) => e.stopPropagation()}>
        <AssetPreview asset={asset} autoPlay full />
        <div className="quicklook-caption">
          <strong>{asset.name}</strong>
          <KeyHints className="muted quicklook-keys" ids={['assets.preview', 'app.close', 'assets.details']} />
        </div>
      </div>
    </div>
  );
}
