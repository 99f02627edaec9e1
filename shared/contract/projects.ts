/** The projects.* channels: create, adopt, read, resize, list and trash projects. */
import { z } from 'zod';
import type { Project, ProjectDetail } from '../models.js';
import { TEMPLATES } from '../models.js';
import { limitMessages, PROJECT_FPS, PROJECT_SIDE, PROJECT_SORTS, PROJECT_THEME_MAX } from '../limits.js';
import { PRESET_NAMES, type ProjectPreset } from '../presets.js';
import { absPath, name200, projectId, returns, scope, sortOrder, ttlHours } from './pieces.js';

// Limits from shared/limits.ts, worded as the library words them (dispatch prints a message that names its field as is).
const fps = z.number().min(PROJECT_FPS.min, limitMessages.fps).max(PROJECT_FPS.max, limitMessages.fps);
const side = (k: 'width' | 'height') => z.number().int(limitMessages.side(k)).min(PROJECT_SIDE.min, limitMessages.side(k)).max(PROJECT_SIDE.max, limitMessages.side(k));
const projectSettings = { theme: z.string().max(PROJECT_THEME_MAX, limitMessages.theme).optional(), fps: fps.optional(), width: side('width').optional(), height: side('height').optional() };

export const projectChannels = {
  /** Creates a project (empty or Remotion template), sized by a preset and/or explicit fps, width, height. */
  'projects.create': {
    input: z.strictObject({
      name: name200,
      ...projectSettings,
      preset: z.enum(PRESET_NAMES as [ProjectPreset, ...ProjectPreset[]]).optional(),
      template: z.enum(TEMPLATES).optional(),
      scope: scope.optional(),
      ttlHours: ttlHours.optional(),
    }),
    output: returns<Project>(),
  },
  /** Desktop only: adopts an existing folder in place as a project (the path comes from desktop.chooseFolder). */
  'projects.adopt': {
    input: z.strictObject({ path: absPath, name: name200.optional(), ...projectSettings, scope: scope.optional(), ttlHours: ttlHours.optional() }),
    output: returns<Project>(),
  },
  /** One project with its checkpoints (oldest first) and render count. */
  'projects.get': { input: z.strictObject({ id: projectId }), output: returns<ProjectDetail>() },
  /** Renames or resizes a project; bumps updatedAt. */
  'projects.update': {
    input: z.strictObject({ id: projectId, patch: z.strictObject({ name: name200.optional(), ...projectSettings }) }),
    output: returns<ProjectDetail>(),
  },
  /** Every project the caller may see, filtered and sorted. */
  'projects.list': {
    input: z.strictObject({
      scope: scope.optional(),
      userId: z.string().min(1).max(200).optional(),
      text: z.string().max(200).optional(),
      sort: z.enum(PROJECT_SORTS, limitMessages.projectSort).optional(),
      order: sortOrder.optional(),
    }),
    output: returns<Project[]>(),
  },
  /** Moves a project to the trash (trash.restore undoes it). */
  'projects.delete': { input: z.strictObject({ id: projectId }), output: returns<null>() },
} as const;
