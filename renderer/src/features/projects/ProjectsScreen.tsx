import { useEffect, useState, type FormEvent } from 'react';
import { PRESET_NAMES, PROJECT_PRESETS, type ProjectPreset } from '../../../../shared/presets';
import type { Project } from '../../../../shared/models';
import { selectCreating, selectError, selectProjects, selectStatus, useProjectsStore } from './projects-store';

const SCOPE_LABEL = { session: 'scratch', user: 'personal', sandbox: 'shared' } as const;

function CreateProjectForm() {
  const creating = useProjectsStore(selectCreating);
  const create = useProjectsStore((s) => s.create);
  const [name, setName] = useState('');
  const [preset, setPreset] = useState<ProjectPreset>('1080p30');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    if (await create({ name: name.trim(), preset })) setName('');
  };

  return (
    <form className="create-form" onSubmit={submit} aria-label="Create a project">
      <input
        aria-label="Project name"
        placeholder="New project name"
        value={name}
        maxLength={200}
        onChange={(e) => setName(e.target.value)}
      />
      <select aria-label="Preset" value={preset} onChange={(e) => setPreset(e.target.value as ProjectPreset)}>
        {PRESET_NAMES.map((p) => (
          <option key={p} value={p}>
            {PROJECT_PRESETS[p].label}
          </option>
        ))}
      </select>
      <button type="submit" disabled={creating || !name.trim()}>
        {creating ? 'Creating…' : 'Create project'}
      </button>
    </form>
  );
}

function ProjectRow({ project }: { project: Project }) {
  return (
    <li className="project-row" data-testid="project-row">
      <div className="project-name">{project.name}</div>
      <div className="project-meta">
        {project.width}×{project.height} · {project.fps} fps
      </div>
      <span className={`badge badge-${project.namespace.scope}`}>{SCOPE_LABEL[project.namespace.scope]}</span>
      <time className="project-time" dateTime={project.updatedAt}>
        {new Date(project.updatedAt).toLocaleString()}
      </time>
    </li>
  );
}

export function ProjectsScreen() {
  const projects = useProjectsStore(selectProjects);
  const status = useProjectsStore(selectStatus);
  const error = useProjectsStore(selectError);

  useEffect(() => {
    const { load, startSync } = useProjectsStore.getState();
    const stop = startSync();
    void load();
    return stop;
  }, []);

  return (
    <section className="projects">
      <header className="projects-header">
        <h1>Projects</h1>
        <CreateProjectForm />
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {status === 'loading' && <p className="muted">Loading projects…</p>}
      {status === 'ready' && projects.length === 0 && (
        <p className="empty">No projects yet. Name one above and press “Create project” to start.</p>
      )}
      <ul className="project-list" aria-label="Projects">
        {projects.map((p) => (
          <ProjectRow key={p.id} project={p} />
        ))}
      </ul>
    </section>
  );
}
