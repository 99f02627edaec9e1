/**
 * Project names are not unique (two "Launch teaser"s are allowed), so every place that finds a
 * project by its name compares names the same way and says which projects share one.
 */
import type { Project } from './models.js';

/** The form two names are compared in: trimmed, NFC, case folded ("Launch Teaser " = "launch teaser"). */
export function nameKey(name: string): string {
  return name.trim().normalize('NFC').toLocaleLowerCase('en-US');
}

export function projectsNamed<P extends Pick<Project, 'name'>>(projects: readonly P[], name: string): P[] {
  const key = nameKey(name);
  return projects.filter((p) => nameKey(p.name) === key);
}

const SCOPE_WORD = { session: 'scratch', user: 'personal', sandbox: 'shared' } as const;

/** One line per project for messages: `prj_… (personal, created 2026-05-01, /path/to/workspace)`. */
export function describeProject(p: Pick<Project, 'id' | 'createdAt' | 'namespace'>): string {
  return `${p.id} (${SCOPE_WORD[p.namespace.scope]}, created ${p.createdAt.slice(0, 10)}, ${p.namespace.workspacePath})`;
}
