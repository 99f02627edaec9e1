import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  open: boolean;
  onClose(): void;
  /** When given, the body is a form and Enter submits it. */
  onSubmit?(e: FormEvent<HTMLFormElement>): void;
  children: ReactNode;
  /** Buttons, right-aligned under the body. */
  footer?: ReactNode;
  wide?: boolean;
  testId?: string;
  /** Runs once, right after the dialog opened and focused its first field. */
  onOpened?(dialog: HTMLDialogElement): void;
}

/**
 * A modal on the native <dialog>: the browser traps focus, closes on Escape and returns focus to
 * what opened it, so every dialog is keyboard-complete without a focus-trap library.
 */
export function Dialog({ title, open, onClose, onSubmit, children, footer, wide, testId, onOpened }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const onOpenedRef = useRef(onOpened);
  onOpenedRef.current = onOpened;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (!open) return;
    // Give focus back to what opened the dialog, also when the dialog is unmounted rather than closed.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!d.open) {
      d.showModal();
      // showModal would focus the first focusable element, the Close button; the field (or the
      // button marked data-autofocus) is where the user starts. Synchronous, so no keystroke slips in between.
      const target = d.querySelector<HTMLElement>('[data-autofocus]') ?? d.querySelector<HTMLElement>('.dialog-body input:not([type=radio]), .dialog-body textarea, .dialog-body select, .dialog-body input');
      target?.focus();
      onOpenedRef.current?.(d);
    }
    return () => {
      if (d.open) d.close();
      if (opener?.isConnected) opener.focus();
    };
  }, [open]);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const onCancel = (e: Event) => {
      e.preventDefault();
      onClose();
    };
    d.addEventListener('cancel', onCancel);
    return () => d.removeEventListener('cancel', onCancel);
  }, [onClose]);
  if (!open) return null;
  const titleId = `dlg-${title.replace(/\W+/g, '-').toLowerCase()}`;
  const body = (
    <>
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="dialog-body">{children}</div>
      {footer && <footer className="dialog-footer">{footer}</footer>}
    </>
  );
  return (
    <dialog ref={ref} className={`dialog${wide ? ' dialog-wide' : ''}`} aria-labelledby={titleId} data-testid={testId}
      // A click on the backdrop (the dialog element itself, outside its content) closes it.
      onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}
    >
      {onSubmit ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit(e);
          }}
        >
          {body}
        </form>
      ) : (
        body
      )}
    </dialog>
  );
}
