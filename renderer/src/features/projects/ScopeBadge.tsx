import type { Project } from '../../../../shared/models';
import { timeLeft } from '../../components/format';

/** scratch (with the time it has left) / personal / shared. */
export function ScopeBadge({ project }: { project: Pick<Project, 'namespace'> }) {
  const { scope, expiresAt } = project.namespace;
  const label = scope === 'session' ? `scratch · ${timeLeft(expiresAt)}` : scope === 'user' ? 'personal' : 'shared';
  const title =
    scope === 'session'
      ? `Scratch project: deleted automatically${expiresAt ? ` on ${new Date(expiresAt).toLocaleString()}` : ''}`
      : scope === 'user'
        ? 'Personal: only you see it'
        : 'Shared with every user of this library';
  return (
    <span className={`badge badge-${scope}`} title={title} data-testid="scope-badge">
      {label}
    </span>
  );
}
