import type { Project } from '../../../../shared/models';
import { Icon } from '../../components/Icon';
import { absoluteTime, aspectLabel, formatFps, relativeTime } from '../../components/format';
import { ipc } from '../../lib/ipc';
import { MediaImg } from '../../components/OfflineMedia';
import { routeHref } from '../../lib/router';
import { usePoster } from './use-projects';
import { ScopeBadge } from './ScopeBadge';
import { actionAria, actionTitle } from '../../lib/actions';

interface ProjectCardProps {
  project: Project;
  active: boolean;
  onFocus(): void;
  onRename(): void;
  onDelete(): void;
}

/** The frame a project would fill, drawn at its aspect ratio inside the 16:9 thumbnail. */
export function AspectPlaceholder({ width, height }: { width: number; height: number }) {
  // Wider than the 16:9 thumbnail: size by width; otherwise by height, so it never spills out.
  const wide = width / height >= 16 / 9;
  const style = wide ? { width: '62%', aspectRatio: `${width} / ${height}` } : { height: '66%', aspectRatio: `${width} / ${height}` };
  return (
    <div className="poster-placeholder" aria-hidden="true">
      <div className="poster-frame" style={style}>
        <Icon name="film" size={18} className="poster-icon" />
        <span className="poster-ratio">{aspectLabel(width, height)}</span>
      </div>
    </div>
  );
}

export function ProjectCard({ project, active, onFocus, onRename, onDelete }: ProjectCardProps) {
  const poster = usePoster(project.id);
  const href = routeHref({ name: 'project', projectId: project.id, tab: 'files' });
  return (
    <li className="project-card" data-testid="project-card" data-project-id={project.id}>
      <a
        href={href}
        className="project-card-link"
        // Roving tabindex: Tab enters the grid once, arrows move within it.
        tabIndex={active ? 0 : -1}
        onFocus={onFocus}
        // Named by what it shows (name, scope, size, fps, age): a label of its own would hide the visible text.
        aria-keyshortcuts={`${actionAria('projects.rename')} ${actionAria('projects.trash')}`}
      >
        <div className="project-thumb">
          {poster ? <MediaImg src={ipc.mediaUrl(poster)} alt="" loading="lazy" decoding="async" /> : <AspectPlaceholder width={project.width} height={project.height} />}
        </div>
        <div className="project-card-body">
          <div className="project-card-title">
            <span className="project-name" title={project.name}>
              {project.name}
            </span>
            <ScopeBadge project={project} />
          </div>
          <div className="project-meta">
            <span>
              {project.width}×{project.height} · {formatFps(project.fps)} fps
            </span>
            <time dateTime={project.updatedAt} title={`Updated ${absoluteTime(project.updatedAt)}`}>
              {relativeTime(project.updatedAt)}
            </time>
          </div>
        </div>
      </a>
      <div className="project-card-actions">
        <button type="button" className="icon-button" tabIndex={-1} title={actionTitle('projects.rename', 'Rename')} aria-label={`Rename ${project.name}`} onClick={onRename}>
          <Icon name="pencil" size={14} />
        </button>
        <button type="button" className="icon-button icon-button-danger" tabIndex={-1} title={actionTitle('projects.trash', 'Move to trash')} aria-label={`Delete ${project.name}`} onClick={onDelete}>
          <Icon name="trash" size={14} />
        </button>
      </div>
    </li>
  );
}
