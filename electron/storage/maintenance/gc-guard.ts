import { existsSync } from 'node:fs';
import { ReelvaultError } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';

/**
 * Guards writers against gc. A writer notes the gc epoch before it stores or reuses content, then,
 * inside the write transaction that references that content, checks the epoch again: unchanged means
 * gc deleted nothing in between (the common case, and free); changed means every referenced blob is
 * checked. SQLite serialises write transactions across processes, so this also holds between the
 * desktop app and a `reelvault gc` run from a terminal.
 */
export function gcEpoch(ctx: StorageContext): number {
  return Number(ctx.db.prepare("SELECT value FROM meta WHERE key = 'gc_epoch'").pluck().get() ?? 0);
}

export function bumpGcEpoch(ctx: StorageContext): void {
  ctx.db.prepare("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'gc_epoch'").run();
}

/** Thrown (and retried by the writer) when content it meant to reference was collected meanwhile. */
export class ContentCollected extends ReelvaultError {
  constructor() {
    super('CONFLICT', 'stored content was collected while this operation ran; run it again');
  }
}

/** Call inside the referencing transaction. */
export function assertContentPresent(ctx: StorageContext, sinceEpoch: number, shas: Iterable<string | null>): void {
  if (gcEpoch(ctx) === sinceEpoch) return;
  // gc deletes a blob's row and file together, so the file is the truth (a blob written just now
  // has its file but not yet its row).
  for (const sha of new Set(shas)) {
    if (sha !== null && !existsSync(ctx.blobs.pathOf(sha))) throw new ContentCollected();
  }
}

/** Runs a writer, once more if gc collected its content underneath it. */
export async function retryIfCollected<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ContentCollected) return fn();
    throw err;
  }
}
