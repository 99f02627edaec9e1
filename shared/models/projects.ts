/** Projects: a workspace folder with its settings, in a scope. */
import type { CheckpointSummary } from './checkpoints.js';
import type { Scope } from './scopes.js';

export const TEMPLATES = ['empty', 'remotion'] as const;
export type Template = (typeof TEMPLATES)[number];

export interface NamespaceInfo {
  scope: Scope;
  userId: string | null;
  sessionId: string | null;
  ttlHours: number | null;
  expiresAt: string | null;
  /** Hierarchical address of the item, as in the original storage grid: grid/<scope>/<owner>/<id>. */
  gridPath: string;
  /** Absolute path of the workspace folder on disk. */
  workspacePath: string;
  /** True when the folder was adopted in place rather than created inside the library. */
  adopted: boolean;
}

export interface Project {
  id: string;
  name: string;
  theme: string;
  fps: number;
  width: number;
  height: number;
  template: Template;
  namespace: NamespaceInfo;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface ProjectDetail extends Project {
  checkpoints: CheckpointSummary[];
  renderCount: number;
}
