/** What carries the contract: the preload bridge's shape and the web host's upload queries. */
import { z } from 'zod';
import { checkpointId, importId, projectId, scope, type Result } from './pieces.js';

/** What the preload script exposes as `window.reelvault` (contextBridge). */
export interface ReelvaultBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** The absolute path of a dropped File (webUtils.getPathForFile); '' for files not from disk. */
  pathForFile(file: unknown): string;
}

/** The web host's upload endpoint (POST /upload?…) takes the file as the raw body and these as query. */
export const uploadQuery = z.strictObject({
  name: z.string().trim().min(1).max(255).refine((s) => !/[/\\\0]/.test(s), 'must be a file name, not a path'),
  projectId: projectId.optional(),
  tags: z.string().max(10_000).optional(),
  scope: scope.optional(),
  importId: importId.optional(),
});
export type UploadQuery = z.input<typeof uploadQuery>;

/** The query of POST /upload/render (web host): the raw video is the body. */
export const renderUploadQuery = z.strictObject({
  projectId,
  name: uploadQuery.shape.name,
  checkpointId: checkpointId.optional(),
});
export type RenderUploadQuery = z.input<typeof renderUploadQuery>;

/** Media URLs take exactly a lowercase sha256; anything else is refused before any lookup. */
export const SHA256 = /^[0-9a-f]{64}$/;
