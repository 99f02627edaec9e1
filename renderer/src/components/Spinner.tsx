/** A small busy indicator with words for screen readers (and for people, when label is shown). */
export function Spinner({ label = 'Loading…', showLabel = true }: { label?: string; showLabel?: boolean }) {
  return (
    <div className="spinner-wrap" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {showLabel ? <span className="muted">{label}</span> : <span className="sr-only">{label}</span>}
    </div>
  );
}
