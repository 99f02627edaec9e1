import { useState } from 'react';
import type { Scope, Template } from '../../../../shared/models';
import { PRESET_NAMES, PROJECT_PRESETS, type ProjectPreset } from '../../../../shared/presets';
import { Dialog } from '../../components/Dialog';
import { navigate } from '../../lib/router';
import { selectCreating, useProjectsStore } from './projects-store';
import { useProjects } from './use-projects';
import { projectsNamed } from '../../../../shared/project-names';
import { relativeTime } from '../../components/format';
import { Icon } from '../../components/Icon';

const SCOPE_WORD: Record<Scope, string> = { user: 'personal', sandbox: 'shared', session: 'scratch' };

const PRESET_TITLES: Record<ProjectPreset, string> = {
  '1080p30': '1080p',
  '4k24': '4K',
  vertical: 'Vertical',
  square: 'Square',
};

const TEMPLATES: { id: Template; title: string; text: string }[] = [
  { id: 'remotion', title: 'Remotion', text: 'A runnable Remotion skeleton sized to the preset' },
  { id: 'empty', title: 'Empty', text: 'An empty folder for any tool' },
];

const SCOPES: { id: Scope; title: string; text: string }[] = [
  { id: 'user', title: 'Personal', text: 'Only you see it' },
  { id: 'sandbox', title: 'Shared', text: 'Everyone using this library' },
  { id: 'session', title: 'Scratch', text: 'Deleted after 24 hours' },
];

export function CreateProjectDialog({ open, onClose, canBePersonal }: { open: boolean; onClose(): void; canBePersonal: boolean }) {
  const creating = useProjectsStore(selectCreating);
  const create = useProjectsStore((s) => s.create);
  const [name, setName] = useState('');
  const [preset, setPreset] = useState<ProjectPreset>('1080p30');
  const [template, setTemplate] = useState<Template>('remotion');
  const [scope, setScope] = useState<Scope>(canBePersonal ? 'user' : 'sandbox');
  // A second project of the same name is allowed, but worth knowing before it exists.
  const { projects } = useProjects();
  const same = name.trim() ? projectsNamed(projects, name) : [];

  const close = () => {
    setName('');
    onClose();
  };

  const submit = async () => {
    if (!name.trim() || creating) return;
    const project = await create({ name: name.trim(), preset, template, scope });
    if (project) {
      close();
      // Open it straight away: a new project is made to be worked on.
      navigate({ name: 'project', projectId: project.id, tab: 'files' });
    }
  };

  return (
    <Dialog
      open={open}
      title="New project"
      onClose={close}
      onSubmit={() => void submit()}
      wide
      testId="create-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={creating || !name.trim()}>
            {creating ? 'Creating…' : 'Create project'}
          </button>
        </>
      }
    >
      <label className="field">
        <span className="field-label">Project name</span>
        <input value={name} maxLength={200} placeholder="e.g. Launch teaser" onChange={(e) => setName(e.target.value)} aria-describedby={same.length ? 'same-name-note' : undefined} />
      </label>
      {same.length > 0 && (
        <div className="field-warning" id="same-name-note" role="status" data-testid="same-name-warning">
          <Icon name="alert" />
          <div>
            {same.length === 1 ? 'A project' : `${same.length} projects`} named “{name.trim()}” already {same.length === 1 ? 'exists' : 'exist'}:{' '}
            {same.map((p, i) => (
              <span key={p.id}>
                {i > 0 && ', '}
                <a href={`#/projects/${encodeURIComponent(p.id)}/files`} onClick={close}>
                  {SCOPE_WORD[p.namespace.scope]}, created {relativeTime(p.createdAt)}
                </a>
              </span>
            ))}
            . You can still create this one; the CLI will then ask for an id instead of the name.
          </div>
        </div>
      )}

      <fieldset className="field">
        <legend className="field-label">Preset</legend>
        <div className="choice-grid choice-grid-4">
          {PRESET_NAMES.map((p) => {
            const v = PROJECT_PRESETS[p];
            const landscape = v.width > v.height;
            return (
              <label key={p} className="choice">
                <input type="radio" name="preset" value={p} checked={preset === p} onChange={() => setPreset(p)} aria-label={v.label} />
                <span className="choice-visual" aria-hidden="true">
                  <span className="choice-frame" style={landscape ? { width: 44, aspectRatio: `${v.width} / ${v.height}` } : { height: 34, aspectRatio: `${v.width} / ${v.height}` }} />
                </span>
                <span className="choice-title">{PRESET_TITLES[p]}</span>
                <span className="choice-text">
                  {v.width}×{v.height} · {v.fps} fps
                </span>
              </label>
            );
          })}
        </div>
      </fieldset>

      <fieldset className="field">
        <legend className="field-label">Template</legend>
        <div className="choice-grid choice-grid-2">
          {TEMPLATES.map((t) => (
            <label key={t.id} className="choice choice-row">
              <input type="radio" name="template" value={t.id} checked={template === t.id} onChange={() => setTemplate(t.id)} aria-label={t.title} />
              <span className="choice-title">{t.title}</span>
              <span className="choice-text">{t.text}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="field">
        <legend className="field-label">Who sees it</legend>
        <div className="choice-grid choice-grid-3">
          {SCOPES.map((s) => (
            <label key={s.id} className={`choice choice-row${s.id === 'user' && !canBePersonal ? ' choice-disabled' : ''}`}>
              <input
                type="radio"
                name="scope"
                value={s.id}
                checked={scope === s.id}
                disabled={s.id === 'user' && !canBePersonal}
                onChange={() => setScope(s.id)}
                aria-label={s.title}
              />
              <span className="choice-title">{s.title}</span>
              <span className="choice-text">{s.id === 'user' && !canBePersonal ? 'Needs a user (REELVAULT_USER)' : s.text}</span>
            </label>
          ))}
        </div>
      </fieldset>
    </Dialog>
  );
}
