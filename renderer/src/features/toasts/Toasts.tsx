import { useSyncExternalStore } from 'react';
import { Icon } from '../../components/Icon';
import { notifications, type Toast } from '../../lib/notify';

const ICON = { info: 'info', success: 'check', error: 'alert' } as const;

function ToastItem({ t }: { t: Toast }) {
  const { dismiss, hold, release } = notifications;
  return (
    // Errors interrupt (role=alert); the rest are announced politely. Pointer over it or focus in it
    // holds its timer, so it does not vanish while being read or while its action is reached for.
    <div
      className={`toast toast-${t.kind}`}
      role={t.kind === 'error' ? 'alert' : 'status'}
      data-testid="toast"
      onMouseEnter={() => hold(t.id, 'hover')}
      onMouseLeave={() => release(t.id, 'hover')}
      onFocus={() => hold(t.id, 'focus')}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) release(t.id, 'focus');
      }}
    >
      <Icon name={ICON[t.kind]} className="toast-icon" />
      <span className="toast-message">{t.message}</span>
      {t.action && (
        <button
          type="button"
          className="btn btn-small toast-action"
          onClick={() => {
            t.action?.run();
            dismiss(t.id);
          }}
        >
          {t.action.label}
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
        <Icon name="x" size={14} />
      </button>
    </div>
  );
}

/** The stack of toasts, bottom right, above the status bar. */
export function Toasts() {
  const toasts = useSyncExternalStore(notifications.subscribe, notifications.list);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <ToastItem key={t.id} t={t} />
      ))}
    </div>
  );
}
