import { createHash } from 'node:crypto';
import type { Actor } from '../../shared/models.js';
import { ReelvaultError } from '../../shared/errors.js';
import type { Storage } from '../storage/index.js';

/**
 * Refuses a save when the file on disk is not the one the editor opened: changed by another editor,
 * a formatter or a checkpoint restore since (its hash differs), or gone. The caller then shows the
 * conflict and lets the user choose; nothing on disk is overwritten unasked. The window between this
 * check and the atomic rename is a few milliseconds, not the minutes an edit takes.
 */
export async function checkUnchanged(storage: Storage, actor: Actor, projectId: string, path: string, expectSha256: string): Promise<void> {
  let st;
  try {
    st = await storage.files.stat(actor, projectId, path);
  } catch (err) {
    if (err instanceof ReelvaultError && err.code === 'NOT_FOUND') throw new ReelvaultError('CONFLICT', `${path} was deleted on disk after it was opened; nothing was saved`);
    throw err;
  }
  if (st.kind !== 'file') throw new ReelvaultError('CONFLICT', `${path} is no longer a file on disk; nothing was saved`);
  const hash = createHash('sha256');
  for await (const chunk of await storage.files.read(actor, projectId, path)) hash.update(chunk as Buffer);
  if (hash.digest('hex') !== expectSha256) {
    throw new ReelvaultError('CONFLICT', `${path} changed on disk after it was opened (now ${st.size} bytes, modified ${st.mtime}); nothing was saved`);
  }
}
