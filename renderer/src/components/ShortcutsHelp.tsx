import { actionGroups } from '../lib/actions';
import { Dialog } from './Dialog';
import { ActionKeys } from './KeyHints';

/** The shortcuts help sheet (`?`): every action of the registry with its keys, by where it works. */
export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose(): void }) {
  return (
    <Dialog
      open={open}
      title="Keyboard shortcuts"
      onClose={onClose}
      wide
      testId="shortcuts-help"
      footer={
        <button type="button" className="btn btn-primary" data-autofocus onClick={onClose}>
          Done
        </button>
      }
    >
      {/* It scrolls on short windows: focusable, so the keyboard scrolls it too. */}
      <div className="shortcuts-groups" role="region" aria-label="All shortcuts" tabIndex={0}>
        {actionGroups().map(({ group, actions }) => (
          <section key={group} className="shortcuts-group" aria-labelledby={`shortcuts-${group}`}>
            <h3 id={`shortcuts-${group}`}>{group}</h3>
            <dl className="shortcuts-list">
              {actions.map((a) => (
                <div key={a.id} className="shortcuts-row" data-testid="shortcut" data-action={a.id}>
                  <dt>{a.label}</dt>
                  <dd>
                    <ActionKeys id={a.id} />
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
