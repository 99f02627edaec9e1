import { Fragment } from 'react';
import { action } from '../lib/actions';
import { comboKeys } from '../lib/hotkeys';

/** One combo as keycaps: "Ctrl"+"S". */
export function Keys({ combo }: { combo: string }) {
  const keys = comboKeys(combo);
  return (
    <span className="keys">
      {keys.map((k, i) => (
        <Fragment key={i}>
          {i > 0 && <span aria-hidden="true">+</span>}
          <kbd>{k}</kbd>
        </Fragment>
      ))}
    </span>
  );
}

/** Every key of an action, as keycaps: ← → ↑ ↓. */
export function ActionKeys({ id }: { id: string }) {
  return (
    <>
      {action(id).keys.map((k, i) => (
        <Keys key={i} combo={k} />
      ))}
    </>
  );
}

/** A hint line from the action table: "← → ↑ ↓ move · Space preview · …". */
export function KeyHints({ ids, className = 'muted key-hints', testId }: { ids: readonly string[]; className?: string; testId?: string }) {
  return (
    <p className={className} data-testid={testId}>
      {ids.map((id, i) => (
        <Fragment key={id}>
          {i > 0 && ' · '}
          <ActionKeys id={id} /> {action(id).hint ?? action(id).label.toLowerCase()}
        </Fragment>
      ))}
    </p>
  );
}
