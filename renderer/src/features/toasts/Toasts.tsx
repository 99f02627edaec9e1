import { Icon } from '../../components/Icon';
import { useToasts, type Toast } from './toasts-store';

const ICON = { info: 'info', success: 'check', error: 'alert' } as const;

function ToastItem({ t }: { t: Toast }) {
  const dismiss = useToasts((s) => s.dismiss);
  return (
    // Errors interrupt (role=alert); the rest are announced politely.
    <div className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'} data-testid="toast">
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
  const toasts = useToasts((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <ToastItem key={t.id} t={t} />
      ))}
    </div>
  );
}
