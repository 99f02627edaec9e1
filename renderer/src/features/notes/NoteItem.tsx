import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ReviewNote } from '../../../../shared/models';
import { relativeTime } from '../../components/format';
import { actionFor } from '../../lib/actions';
import { useNotesStore, type NotesTarget } from './notes-store';

/**
 * One note in a notes list: its text (inside `go`, the render list's jump-to-frame button, or a plain block),
 * Edit and ×. Editing swaps the text for a field: Enter saves (Shift+Enter is a new line, since notes may have
 * several), Escape cancels; either way focus goes back to the Edit button, so a keyboard user is where they were.
 */
export function NoteItem({ note, target, className, where, onGo }: { note: ReviewNote; target: NotesTarget; className?: string; where?: ReactNode; onGo?: () => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const editing = draft !== null;
  const short = note.body.slice(0, 40);

  useEffect(() => {
    if (!editing) return;
    field.current?.focus();
    field.current?.select();
  }, [editing]);

  // Focus goes back once React has put the Edit button back in place of the field: an effect after that
  // commit, not a timer (a save closes from an async callback, whose render may come after any frame).
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (editing || !refocus) return;
    editButton.current?.focus();
    setRefocus(false);
  }, [editing, refocus]);
  const close = () => {
    setDraft(null);
    setRefocus(true);
  };
  const save = async () => {
    const body = (draft ?? '').trim();
    if (!body || saving) return;
    if (body === note.body) return close();
    setSaving(true);
    const ok = await useNotesStore.getState().update(target, note.id, body);
    setSaving(false);
    if (ok) close();
  };

  if (editing) {
    return (
      <li className={`nt-item nt-editing ${className ?? ''}`} data-testid="note">
        <div className="nt-edit">
          {where}
          <textarea
            ref={field}
            className="nt-edit-field"
            aria-label={`Edit note: ${short}`}
            rows={Math.min(6, Math.max(2, draft.split('\n').length))}
            value={draft}
            maxLength={10_000}
            // Read-only, not disabled, while the host answers: a disabled field drops focus, and a refused save keeps the editor open.
            readOnly={saving}
            aria-busy={saving}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if ((e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) || actionFor(e, ['text.submit'])) {
                e.preventDefault();
                void save();
              } else if (actionFor(e, ['app.close'])) {
                // Cancels this edit only: the player, panel or dialog around it stays open.
                e.preventDefault();
                e.stopPropagation();
                close();
              }
            }}
          />
          <div className="nt-edit-row">
            <span className="muted nt-edit-hint">Enter saves · Shift+Enter new line · Esc cancels</span>
            <span className="nt-edit-actions">
              <button type="button" className="btn btn-small" onClick={close}>
                Cancel
              </button>
              <button type="button" className="btn btn-small btn-primary" disabled={!draft.trim() || saving} onClick={() => void save()}>
                Save
              </button>
            </span>
          </div>
        </div>
      </li>
    );
  }

  const content = (
    <>
      {where}
      <span className="nt-body">{note.body}</span>
      <span className="nt-meta muted">
        {note.author ?? 'someone'} · {relativeTime(note.createdAt)}
        {note.updatedAt !== note.createdAt && <span title={`Edited ${relativeTime(note.updatedAt)}`}> · edited</span>}
      </span>
    </>
  );
  return (
    <li className={`nt-item ${className ?? ''}`} data-testid="note">
      {onGo ? (
        <button type="button" className="nt-go" onClick={onGo} title="Go to this frame">
          {content}
        </button>
      ) : (
        <div className="nt-go">{content}</div>
      )}
      <span className="nt-actions">
        <button type="button" ref={editButton} className="icon-button nt-edit-button" aria-label={`Edit note: ${short}`} title="Edit" onClick={() => setDraft(note.body)}>
          ✎
        </button>
        <button type="button" className="icon-button nt-delete" aria-label={`Delete note: ${short}`} title="Delete" onClick={() => void useNotesStore.getState().remove(target, note.id)}>
          ×
        </button>
      </span>
    </li>
  );
}
