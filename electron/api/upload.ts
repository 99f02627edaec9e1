import type { Readable } from 'node:stream';
import { renderUploadQuery, uploadQuery, type Result } from '../../shared/contract.js';
import { toErrorPayload } from '../../shared/errors.js';
import type { ImportResultItem, Render } from '../../shared/models.js';
import type { Storage } from '../storage/index.js';
import type { Actor } from '../../shared/models.js';
import { describeIssues } from './dispatch.js';
import { requireDecodableVideo } from './decodable-video.js';
import type { ImportRegistry } from './imports.js';

export interface UploadRequest {
  /** The query of POST /upload, untrusted. */
  query: Record<string, string>;
  /** The raw file bytes, streamed. */
  body: Readable | AsyncIterable<Uint8Array>;
  /** Content-Length when the client sent one, for progress. */
  size: number | null;
  /** Stops the transport (the web host destroys the request) when the import is cancelled. */
  abort(): void;
}

/**
 * A browser drop has no paths, so the web host streams each file here: hashed while written to the
 * blob store, never buffered, with import.progress events and cancellation by importId like a
 * desktop import. A failed or cancelled upload leaves no temp file (the blob store's put cleans up).
 */
export async function importUpload(storage: Storage, actor: Actor, imports: ImportRegistry, req: UploadRequest): Promise<Result<ImportResultItem>> {
  const parsed = uploadQuery.safeParse(req.query);
  if (!parsed.success) return { ok: false, error: { code: 'INVALID_INPUT', message: describeIssues(parsed.error) } };
  const q = parsed.data;
  const tags = q.tags ? q.tags.split(',').map((t) => t.trim()).filter(Boolean) : [];
  const run = imports.start(q.importId, req.abort);
  const total = req.size ?? 0;
  run.progress({ filesDone: 0, filesTotal: 1, bytesDone: 0, bytesTotal: total, current: q.name });
  let done = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of req.body) {
      if (run.signal.aborted) throw new Error('cancelled');
      done += chunk.length;
      run.progress({ filesDone: 0, filesTotal: 1, bytesDone: done, bytesTotal: Math.max(total, done), current: q.name });
      yield chunk;
    }
    // A body that ends short of its Content-Length is a cut-off upload, never an asset.
    if (req.size !== null && done !== req.size) throw new Error(`the upload ended after ${done} of ${req.size} bytes`);
  }
  let stored: ImportResultItem | undefined;
  try {
    if (run.signal.aborted) throw new Error('cancelled');
    stored = await storage.assets.importStream(actor, q.name, counted(), { tags, projectId: q.projectId, scope: q.scope });
    run.progress({ filesDone: 1, filesTotal: 1, bytesDone: done, bytesTotal: done, current: null });
    return { ok: true, value: stored };
  } catch (err) {
    if (run.signal.aborted) return { ok: false, error: { code: 'IO', message: 'the upload was cancelled' } };
    return { ok: false, error: toErrorPayload(err) };
  } finally {
    // What was stored is remembered, so a cancel that lost the race says "stored", not "cancelled".
    run.finish(stored);
  }
}

/**
 * A rendered video uploaded from a browser (the desktop app adds one by path, renders.add): streamed
 * into the blob store like an asset upload, then recorded as one of the project's renders. The
 * browser shows its own upload progress; a failed or abandoned upload leaves no temp file.
 */
export async function renderUpload(storage: Storage, actor: Actor, req: UploadRequest): Promise<Result<Render>> {
  const parsed = renderUploadQuery.safeParse(req.query);
  if (!parsed.success) return { ok: false, error: { code: 'INVALID_INPUT', message: describeIssues(parsed.error) } };
  const q = parsed.data;
  try {
    const render = await storage.renders.store(actor, q.projectId, { stream: req.body, fileName: q.name }, { checkpointId: q.checkpointId, verify: (f) => requireDecodableVideo(f) });
    return { ok: true, value: render };
  } catch (err) {
    return { ok: false, error: toErrorPayload(err) };
  }
}
