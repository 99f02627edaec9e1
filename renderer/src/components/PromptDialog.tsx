import { useState, type ReactNode } from 'react';
import { Dialog } from './Dialog';

interface PromptDialogProps {
  title: string;
  label: string;
  initial?: string;
  submitLabel: string;
  busyLabel?: string;
  placeholder?: string;
  hint?: ReactNode;
  /** Selects only the part before the extension, as file managers do when renaming. */
  selectStem?: boolean;
  onClose(): void;
  /** Does the work and says whether it worked; the dialog stays open on failure (the toast says why). */
  onSubmit(value: string): Promise<boolean>;
  testId?: string;
}

/** One text field in a dialog: new names, renames, paths. */
export function PromptDialog({ title, label, initial = '', submitLabel, busyLabel, placeholder, hint, selectStem, onClose, onSubmit, testId = 'prompt-dialog' }: PromptDialogProps) {
  const [value, setValue] = useState(initial);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const next = value.trim();
    if (!next || busy) return;
    if (initial && next === initial) return onClose();
    setBusy(true);
    const ok = await onSubmit(next);
    setBusy(false);
    if (ok) onClose();
  };
  return (
    <Dialog
      open
      title={title}
      onClose={onClose}
      onSubmit={() => void submit()}
      testId={testId}
      onOpened={(d) => {
        // Select the name (or only its stem) so typing replaces it, as in a file manager.
        const el = d.querySelector('input');
        if (!el) return;
        const slash = el.value.lastIndexOf('/') + 1;
        const dot = el.value.lastIndexOf('.');
        if (selectStem && dot > slash) el.setSelectionRange(slash, dot);
        else el.select();
      }}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || !value.trim()}>
            {busy ? (busyLabel ?? 'Working…') : submitLabel}
          </button>
        </>
      }
    >
      <label className="field">
        <span className="field-label">{label}</span>
        <input
          value={value}
          placeholder={placeholder}
          maxLength={4096}
          onChange={(e) => setValue(e.target.value)}
        />
      </label>
      {hint && <p className="muted field-hint">{hint}</p>}
    </Dialog>
  );
}
