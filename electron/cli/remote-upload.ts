import type { SyncReport } from '../storage/index.js';
import type { CliContext } from './context.js';
import { bytes } from './output.js';
import { progressBar } from './progress.js';

/**
 * After a command that stored content, in a library with a bucket: that content is uploaded before
 * the command exits (with a progress bar), so "the command finished" means "it is in the bucket" —
 * unless --no-upload asked to leave it in the outbox, or the bucket cannot be reached, in which case
 * it waits there (safe on this disk) and the command says so. Older outbox entries go along too.
 */
export async function uploadBeforeExit(c: CliContext, upload: boolean, startedIso: string): Promise<SyncReport | null> {
  const status = c.lib.remote.status();
  if (!status || status.outboxBlobs === 0) return null;
  if (!c.lib.remote.hasQueuedSince(startedIso)) return null;
  if (!upload) {
    note(`${status.outboxBlobs} file${status.outboxBlobs === 1 ? '' : 's'} (${bytes(status.outboxBytes)}) wait in the outbox (--no-upload); "reelvault sync" uploads them.`);
    return null;
  }
  return syncWithBar(c, false);
}

/** Drains the outbox with a progress bar on stderr, then applies the cache budget. */
export async function syncWithBar(c: CliContext, explicit: boolean): Promise<SyncReport> {
  const bar = progressBar(!c.json);
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once('SIGINT', onSigint);
  let r: SyncReport;
  try {
    r = await c.lib.remote.sync({ now: true, signal: ac.signal, onProgress: (p) => bar.update(p) });
  } finally {
    bar.done();
    process.off('SIGINT', onSigint);
  }
  if (r.left === 0) await c.lib.remote.evict();
  if (r.offline && !explicit) note(`not available offline — the bucket cannot be reached; ${r.left} file${r.left === 1 ? '' : 's'} (${bytes(r.leftBytes)}) wait in the outbox and upload with the next "reelvault sync".`);
  else if (r.left > 0 && !explicit) note(`${r.left} file${r.left === 1 ? '' : 's'} could not be uploaded and wait in the outbox: ${r.failed[0]?.error ?? ''}`);
  return r;
}

function note(text: string): void {
  process.stderr.write(`reelvault: ${text}\n`);
}
