import { COLOR_LABELS, type Asset } from '../../../../shared/models';
import { useAssetsStore } from './assets-store';
import { LABEL_TITLE } from './MoreFilters';

/** Stars (click the current one again to clear) and a colour label, as Lightroom and Resolve mark clips. */
export function MarksEditor({ asset }: { asset: Asset }) {
  const mark = (patch: { rating?: number | null; label?: (typeof COLOR_LABELS)[number] | null }) => void useAssetsStore.getState().mark([asset.id], patch);
  const rating = asset.rating ?? 0;
  return (
    <div className="marks" data-testid="marks-editor">
      <div className="stars" role="radiogroup" aria-label="Rating">
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            role="radio"
            aria-checked={rating === n}
            aria-label={`${n} star${n === 1 ? '' : 's'}`}
            title={rating === n ? 'Click again to clear the rating' : `${n} star${n === 1 ? '' : 's'}`}
            className={`star${n <= rating ? ' is-on' : ''}`}
            onClick={() => mark({ rating: rating === n ? null : n })}
          >
            ★
          </button>
        ))}
      </div>
      <div className="labels" role="radiogroup" aria-label="Colour label">
        {COLOR_LABELS.map((l) => (
          <button key={l} type="button" role="radio" aria-checked={asset.label === l} aria-label={`${LABEL_TITLE[l]} label`} title={asset.label === l ? 'Click again to clear the label' : LABEL_TITLE[l]} className={`label-swatch label-${l}`} onClick={() => mark({ label: asset.label === l ? null : l })} />
        ))}
      </div>
    </div>
  );
}
