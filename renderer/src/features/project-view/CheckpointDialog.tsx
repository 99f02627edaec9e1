import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { actionFor } from '../../lib/actions';
import { selectCheckpointOpen, selectSavingCheckpoint, useProjectViewStore } from './project-view-store';

function defaultName(): string {
  const d = new Date();
  return `Checkpoint ${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })}, ${d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`;
}

export function CheckpointDialog() {
  const open = useProjectViewStore(selectCheckpointOpen);
  if (!open) return null;
  return <CheckpointForm />;
}

function CheckpointForm() {
  const saving = useProjectViewStore(selectSavingCheckpoint);
  const { setCheckpointOpen, createCheckpoint } = useProjectViewStore.getState();
  const [name, setName] = useState(defaultName);
  const [description, setDescription] = useState('');
  return (
    <Dialog
      open
      title="Save a checkpoint"
      onClose={() => setCheckpointOpen(false)}
      onSubmit={() => {
        if (name.trim() && !saving) void createCheckpoint(name.trim(), description);
      }}
      testId="checkpoint-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={() => setCheckpointOpen(false)}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving || !name.trim()}>
            {saving ? 'Saving…' : 'Save checkpoint'}
          </button>
        </>
      }
    >
      <p className="muted dialog-lead">A checkpoint records every file of the workspace as it is now. You can compare it with later versions or go back to it.</p>
      <label className="field">
        <span className="field-label">Checkpoint name</span>
        <input value={name} maxLength={200} onChange={(e) => setName(e.target.value)} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <label className="field">
        <span className="field-label">
          Description <span className="muted">(optional)</span>
        </span>
        <textarea
          rows={3}
          value={description}
          maxLength={10_000}
          placeholder="What changed, what to look at"
          onChange={(e) => setDescription(e.target.value)}
          // Ctrl/Cmd+Enter saves from the description too.
          onKeyDown={(e) => {
            if (actionFor(e, ['text.submit'])) e.currentTarget.form?.requestSubmit();
          }}
        />
      </label>
    </Dialog>
  );
}
