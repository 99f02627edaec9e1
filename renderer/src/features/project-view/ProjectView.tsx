import { lazy, Suspense, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { PromptDialog } from '../../components/PromptDialog';
import { Icon } from '../../components/Icon';
import { CopyButton } from '../../components/CopyButton';
import { Spinner } from '../../components/Spinner';
import { aspectLabel, formatFps, relativeTime } from '../../components/format';
import { modalOpen } from '../../lib/hotkeys';
import { actionAria, actionFor, actionTitle, useAction } from '../../lib/actions';
import { Keys } from '../../components/KeyHints';
import { ipc } from '../../lib/ipc';
import { navigate, PROJECT_TABS, routeHref, type ProjectTab } from '../../lib/router';
import { FilesTab } from '../files/FilesTab';
import { ScopeBadge } from '../projects/ScopeBadge';
import { RenderDialog } from '../render-jobs/RenderDialog';
import { RenderButton } from '../render-jobs/RenderJobsList';
import { useRenderJobsStore } from '../render-jobs/render-jobs-store';
import { CheckpointDialog } from './CheckpointDialog';
import { useProjectViewStore } from './project-view-store';
import { useProjectDetail } from './use-project';

// The Renders tab (player, notes, render jobs) and the Timeline load on first visit: the first
// screen (the project grid, or a project's Files) stays within its JavaScript budget.
const AssetsScreen = lazy(() => import('../assets/AssetsScreen').then((m) => ({ default: m.AssetsScreen })));
const RendersTab = lazy(() => import('../renders/RendersTab').then((m) => ({ default: m.RendersTab })));
const TimelineTab = lazy(() => import('../timeline/TimelineTab').then((m) => ({ default: m.TimelineTab })));

const TAB_LABEL: Record<ProjectTab, string> = { files: 'Files', renders: 'Renders', assets: 'Assets', timeline: 'Timeline' };

function Tabs({ projectId, tab }: { projectId: string; tab: ProjectTab }) {
  const listRef = useRef<HTMLDivElement>(null);
  // Arrow keys move between tabs (the WAI-ARIA tabs pattern), Tab moves on into the panel.
  const onKey = (e: KeyboardEvent) => {
    if (!actionFor(e, ['project.tabs'])) return;
    const i = PROJECT_TABS.indexOf(tab);
    const to = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? PROJECT_TABS.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = PROJECT_TABS[(to + PROJECT_TABS.length) % PROJECT_TABS.length] ?? 'files';
    navigate({ name: 'project', projectId, tab: next }, { replace: true });
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`[data-tab="${next}"]`)?.focus());
  };
  return (
    <div className="tabs" role="tablist" aria-label="Project sections" ref={listRef} onKeyDown={onKey}>
      {PROJECT_TABS.map((t) => (
        <a
          key={t}
          role="tab"
          data-tab={t}
          id={`tab-${t}`}
          aria-selected={t === tab}
          aria-controls="project-panel"
          tabIndex={t === tab ? 0 : -1}
          className="tab"
          href={routeHref({ name: 'project', projectId, tab: t })}
          onClick={(e) => {
            // Switching tabs replaces the history entry, so Back leaves the project rather than walking its tabs.
            e.preventDefault();
            navigate({ name: 'project', projectId, tab: t }, { replace: true });
          }}
        >
          {TAB_LABEL[t]}
        </a>
      ))}
    </div>
  );
}

export function ProjectView({ projectId, tab }: { projectId: string; tab: ProjectTab }) {
  const { project, status } = useProjectDetail(projectId);
  const { setCheckpointOpen, openFolder, rename } = useProjectViewStore.getState();
  const [renaming, setRenaming] = useState(false);

  useEffect(() => {
    const s = useProjectViewStore.getState();
    const stop = s.startSync();
    void s.open(projectId);
    // The Render dialog can open from any tab (the toolbar, the timeline), so its store follows the project.
    void useRenderJobsStore.getState().load(projectId);
    return stop;
  }, [projectId]);

  // Always taken (the browser's "save page" means nothing here), but not over another dialog.
  useAction('project.checkpoint', () => {
    if (!modalOpen()) setCheckpointOpen(true);
  }, status === 'ready');

  if (status === 'missing') {
    return (
      <div className="page">
        <EmptyState icon={<Icon name="folder" size={28} />} title="This project is not here any more" action={<a className="btn btn-primary" href="#/projects">Back to projects</a>}>
          It may have been moved to the trash, or it was a scratch project that expired.
        </EmptyState>
      </div>
    );
  }
  if (!project) {
    return (
      <div className="page">
        <Spinner label="Opening the project…" />
      </div>
    );
  }

  const lastCheckpoint = project.checkpoints.at(-1);
  return (
    <div className="project-view">
      <header className="project-header">
        <div className="project-header-main">
          <nav className="crumbs" aria-label="Breadcrumb">
            <a href="#/projects">Projects</a>
            <Icon name="chevronRight" size={12} />
          </nav>
          <div className="project-title">
            <h1>{project.name}</h1>
            <button type="button" className="icon-button" aria-label="Rename project" title="Rename project" onClick={() => setRenaming(true)}>
              <Icon name="pencil" size={14} />
            </button>
          </div>
          <div className="project-facts">
            <span>
              {project.width}×{project.height} · {aspectLabel(project.width, project.height)} · {formatFps(project.fps)} fps
            </span>
            <ScopeBadge project={project} />
            <span className="muted">{project.namespace.adopted ? 'Adopted folder' : project.template === 'remotion' ? 'Remotion project' : 'Plain folder'}</span>
            <span className="muted">
              {project.checkpoints.length} checkpoint{project.checkpoints.length === 1 ? '' : 's'}
              {lastCheckpoint ? ` · last ${relativeTime(lastCheckpoint.createdAt)}` : ''}
            </span>
            <span className="muted">
              {project.renderCount} render{project.renderCount === 1 ? '' : 's'}
            </span>
          </div>
          {/* Workspace folders are named prj_…: the path is what finds them in a terminal or an editor. */}
          <div className="project-path" data-testid="workspace-path">
            <Icon name="folder" size={14} />
            <code title={project.namespace.workspacePath}>{project.namespace.workspacePath}</code>
            <CopyButton text={project.namespace.workspacePath} label="Copy the workspace folder's path" what="folder path" />
            {ipc.host === 'desktop' && (
              <button type="button" className="btn btn-small" onClick={() => void openFolder()}>
                <Icon name="external" size={14} /> Open in file manager
              </button>
            )}
          </div>
        </div>
        <div className="toolbar">
          {project.template === 'remotion' && <RenderButton checkpointId={null} label="the workspace" />}
          <button type="button" className="btn btn-primary" onClick={() => setCheckpointOpen(true)} aria-keyshortcuts={actionAria('project.checkpoint')} title={actionTitle('project.checkpoint')}>
            <Icon name="save" /> Checkpoint <span className="kbd-on-accent"><Keys combo="mod+s" /></span>
          </button>
        </div>
      </header>
      <Tabs projectId={projectId} tab={tab} />
      <section className="tab-panel" id="project-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        <Suspense fallback={<Spinner label="Opening the tab…" />}>
          {tab === 'files' && <FilesTab projectId={projectId} />}
          {tab === 'renders' && <RendersTab projectId={projectId} />}
          {tab === 'assets' && <AssetsScreen projectId={projectId} />}
          {tab === 'timeline' && <TimelineTab projectId={projectId} />}
        </Suspense>
      </section>
      <CheckpointDialog />
      <RenderDialog />
      {renaming && (
        <PromptDialog title="Rename project" label="New name" initial={project.name} submitLabel="Rename" busyLabel="Renaming…" testId="rename-dialog" onClose={() => setRenaming(false)} onSubmit={rename} />
      )}
    </div>
  );
}
