/** The renders.* channels: stored videos, and rendering checkpoints with the project's Remotion. */
import { z } from 'zod';
import type { Render } from '../models.js';
import { RENDER_CODECS, type CompositionInfo, type FrameComparison, type RenderJob } from '../render-models.js';
import { absPath, checkpointId, jobId, projectId, renderId, returns, TEXT_READ_MAX } from './pieces.js';

/** Remotion's own rule for composition ids: letters, digits and dashes. */
const compositionId = z.string().regex(/^[\p{L}\p{N}-]{1,200}$/u, 'must be letters, digits and dashes (a Remotion composition id)');
const frameRange = z
  .strictObject({ from: z.number().int().min(0).max(10_000_000), to: z.number().int().min(0).max(10_000_000) })
  .refine((r) => r.to >= r.from, 'to must not be before from');

export const renderChannels = {
  /** A project's renders, newest first. */
  'renders.list': { input: z.strictObject({ projectId }), output: returns<Render[]>() },
  /** One render. */
  'renders.get': { input: z.strictObject({ id: renderId }), output: returns<Render>() },
  /** Renames a render or corrects its metadata. */
  'renders.update': {
    input: z.strictObject({
      id: renderId,
      meta: z.strictObject({
        name: z.string().trim().min(1).max(255).optional(),
        format: z.string().regex(/^[a-z0-9]{1,10}$/).optional(),
        width: z.number().int().min(1).max(16384).optional(),
        height: z.number().int().min(1).max(16384).optional(),
        fps: z.number().positive().max(1000).optional(),
        durationSeconds: z.number().min(0).optional(),
        codec: z.string().max(100).optional(),
        bitrateKbps: z.number().min(0).optional(),
      }),
    }),
    output: returns<Render>(),
  },
  /** Desktop only: stores a video file as one of the project's renders (a browser POSTs /upload/render instead). */
  'renders.add': {
    input: z.strictObject({ projectId, path: absPath, name: z.string().trim().min(1).max(255).optional(), checkpointId: checkpointId.optional() }),
    output: returns<Render>(),
  },
  /** Desktop only: saves a copy of a render to an absolute path or folder; a browser downloads /media instead. */
  'renders.export': {
    input: z.strictObject({ id: renderId, dest: absPath, overwrite: z.boolean().optional() }),
    output: returns<{ path: string }>(),
  },
  /** Moves a render to the trash. */
  'renders.delete': { input: z.strictObject({ id: renderId }), output: returns<null>() },
  /** The compositions a Remotion project registers, read from a checkpoint (default: the workspace, checkpointed first); installs dependencies on first use. */
  'renders.compositions': { input: z.strictObject({ projectId, checkpointId: checkpointId.optional() }), output: returns<CompositionInfo[]>() },
  /** Renders a checkpoint (default: the workspace, checkpointed first) with the project's Remotion, as a job; progress arrives as jobs.progress; wait answers once it is stored. */
  'renders.make': {
    input: z.strictObject({
      projectId,
      checkpointId: checkpointId.optional(),
      composition: compositionId.optional(),
      codec: z.enum(RENDER_CODECS).optional(),
      crf: z.number().int().min(0).max(63).optional(),
      frames: frameRange.optional(),
      name: z.string().trim().min(1).max(255).optional(),
      wait: z.boolean().optional(),
    }),
    output: returns<RenderJob>(),
  },
  /** Render jobs (queued, running, lately finished or failed), newest first; one project's when projectId is given. */
  'renders.jobs': { input: z.strictObject({ projectId: projectId.optional() }), output: returns<RenderJob[]>() },
  /** Cancels a queued or running render job; Remotion, its browser and npm are stopped. */
  'renders.cancel': { input: z.strictObject({ jobId }), output: returns<RenderJob>() },
  /** The end of a render job's log (npm and Remotion output), kept after a failure. */
  'renders.log': { input: z.strictObject({ jobId, maxBytes: z.number().int().min(1).max(TEXT_READ_MAX).optional() }), output: returns<{ text: string; truncated: boolean; path: string | null }>() },
  /** Frame-by-frame difference of two renders (ffmpeg's ssim and psnr), kept with the pair; pending while it runs, unless wait. */
  'renders.compare': { input: z.strictObject({ a: renderId, b: renderId, wait: z.boolean().optional() }), output: returns<FrameComparison>() },
  /** The render a render is compared with by default: the same composition's on the nearest earlier checkpoint that has one; null if none. */
  'renders.previous': { input: z.strictObject({ id: renderId }), output: returns<Render | null>() },
} as const;
