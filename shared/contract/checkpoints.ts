/** The checkpoints.* channels: versions of a workspace, compared and restored. */
import { z } from 'zod';
import type { Checkpoint, CheckpointDiff, CheckpointSummary, RestoreResult } from '../models.js';
import type { TextContent } from './files.js';
import { checkpointId, name200, projectId, relPath, returns, TEXT_READ_MAX } from './pieces.js';

const diffSide = z.union([z.strictObject({ checkpointId }), z.strictObject({ workspace: z.literal(true) })]);

export const checkpointChannels = {
  /** Checkpoints the workspace as it is now. */
  'checkpoints.create': {
    input: z.strictObject({ projectId, name: name200, description: z.string().max(10_000).optional() }),
    output: returns<CheckpointSummary>(),
  },
  /** A project's checkpoints, oldest first. */
  'checkpoints.list': { input: z.strictObject({ projectId }), output: returns<CheckpointSummary[]>() },
  /** One checkpoint with its manifest and captured metadata. */
  'checkpoints.get': { input: z.strictObject({ id: checkpointId }), output: returns<Checkpoint>() },
  /** The text of a file as it was in a checkpoint, at most maxBytes of it. */
  'checkpoints.readText': {
    input: z.strictObject({ id: checkpointId, path: relPath.min(1), maxBytes: z.number().int().min(1).max(TEXT_READ_MAX).optional() }),
    output: returns<TextContent>(),
  },
  /** Compares two states (checkpoints or the live workspace); content:false skips hunks. */
  'checkpoints.diff': {
    input: z.strictObject({ projectId, a: diffSide, b: diffSide, content: z.boolean().optional() }),
    output: returns<CheckpointDiff>(),
  },
  /** Restores a checkpoint; the current state is checkpointed first when it is not saved yet. */
  'checkpoints.restore': { input: z.strictObject({ id: checkpointId }), output: returns<RestoreResult>() },
  /** Deletes a checkpoint no render came from. */
  'checkpoints.delete': { input: z.strictObject({ id: checkpointId }), output: returns<null>() },
} as const;
