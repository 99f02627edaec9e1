import { useEffect, useState } from 'react';
import { COLOR_LABELS, type ColorLabel, type SavedSearch } from '../../../../shared/models';
import { PromptDialog } from '../../components/PromptDialog';
import { ipc } from '../../lib/ipc';
import { toast } from '../../lib/notify';
import { filterOf, filtersFrom } from './asset-filters';
import { selectFilters, selectIsFiltered, useAssetsStore } from './assets-store';

const CODECS = ['h264', 'hevc', 'prores', 'vp9', 'av1', 'mpeg4'];
const HEIGHTS = [
  { h: 720, label: '720p and up' },
  { h: 1080, label: '1080p and up' },
  { h: 2160, label: '4K (2160p) and up' },
];
export const LABEL_TITLE: Record<ColorLabel, string> = { red: 'Red', orange: 'Orange', yellow: 'Yellow', green: 'Green', blue: 'Blue', purple: 'Purple' };

/** A seconds field that applies on Enter or leaving it (not per key). */
function SecondsInput({ label, value, onCommit }: { label: string; value: number | null; onCommit(v: number | null): void }) {
  const [text, setText] = useState(value === null ? '' : String(value));
  useEffect(() => setText(value === null ? '' : String(value)), [value]);
  const commit = () => {
    const v = text.trim() === '' ? null : Number(text);
    if (v !== null && (!Number.isFinite(v) || v < 0)) return setText(value === null ? '' : String(value));
    if (v !== value) onCommit(v);
  };
  return <input className="asset-seconds" type="number" min={0} step="any" inputMode="decimal" aria-label={label} placeholder={label.startsWith('Shortest') ? 'min s' : 'max s'} value={text} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />;
}

/** Stars, colour label, codec, resolution and duration filters, and saved searches (smart collections). */
export function MoreFilters() {
  const filters = useAssetsStore(selectFilters);
  const filtered = useAssetsStore(selectIsFiltered);
  const setFilters = useAssetsStore((s) => s.setFilters);
  const [saved, setSaved] = useState<SavedSearch[]>([]);
  const [naming, setNaming] = useState(false);
  const loadSaved = () => ipc.invoke('searches.list', {}).then(setSaved, toast.error);
  useEffect(() => void loadSaved(), []);

  return (
    <div className="asset-filters-more" role="group" aria-label="More filters">
      <select aria-label="Rating" value={filters.minRating} onChange={(e) => setFilters({ minRating: Number(e.target.value) })}>
        <option value={0}>Any rating</option>
        {[5, 4, 3, 2, 1].map((n) => (
          <option key={n} value={n}>
            {'★'.repeat(n)}
            {n < 5 ? ' and up' : ''}
          </option>
        ))}
      </select>
      <select aria-label="Colour label" value={filters.label} onChange={(e) => setFilters({ label: e.target.value as ColorLabel | '' })}>
        <option value="">Any label</option>
        {COLOR_LABELS.map((l) => (
          <option key={l} value={l}>
            {LABEL_TITLE[l]}
          </option>
        ))}
      </select>
      <select aria-label="Codec" value={filters.codec} onChange={(e) => setFilters({ codec: e.target.value })}>
        <option value="">Any codec</option>
        {CODECS.map((c) => (
          <option key={c} value={c}>
            {c === 'hevc' ? 'HEVC (H.265)' : c === 'h264' ? 'H.264' : c === 'prores' ? 'ProRes' : c.toUpperCase()}
          </option>
        ))}
      </select>
      <select aria-label="Resolution" value={filters.minHeight} onChange={(e) => setFilters({ minHeight: Number(e.target.value) })}>
        <option value={0}>Any resolution</option>
        {HEIGHTS.map((r) => (
          <option key={r.h} value={r.h}>
            {r.label}
          </option>
        ))}
      </select>
      <span className="asset-duration">
        <SecondsInput label="Shortest duration (s)" value={filters.minDuration} onCommit={(v) => setFilters({ minDuration: v })} />
        <span aria-hidden="true">–</span>
        <SecondsInput label="Longest duration (s)" value={filters.maxDuration} onCommit={(v) => setFilters({ maxDuration: v })} />
      </span>
      <span className="bulk-spacer" />
      <select
        aria-label="Saved searches"
        value=""
        onChange={(e) => {
          const s = saved.find((x) => x.id === e.target.value);
          if (s) useAssetsStore.getState().setFilters(filtersFrom(s.filter, filters.sort));
        }}
      >
        <option value="">{saved.length ? 'Saved searches…' : 'No saved searches'}</option>
        {saved.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
            {s.shared ? ' (shared)' : ''}
          </option>
        ))}
      </select>
      <button type="button" className="btn btn-small" disabled={!filtered} onClick={() => setNaming(true)} title={filtered ? 'Keep this search as a smart collection' : 'Set a filter first'}>
        Save search
      </button>
      {naming && (
        <PromptDialog
          title="Save this search"
          label="Name"
          placeholder="e.g. Best 4K takes"
          submitLabel="Save"
          busyLabel="Saving…"
          testId="save-search-dialog"
          hint="It lists whatever matches these filters at the time you open it."
          onClose={() => setNaming(false)}
          onSubmit={async (name) => {
            try {
              // The search box text waits for a pause before it applies: read the field as typed.
              await ipc.invoke('searches.save', { name, filter: filterOf(useAssetsStore.getState().filters) as never });
              toast.success(`Saved search “${name}”`);
              await loadSaved();
              return true;
            } catch (err) {
              toast.error(err);
              return false;
            }
          }}
        />
      )}
    </div>
  );
}
