import { createHash } from 'node:crypto';
import { ReelvaultError } from '../../../shared/errors.js';
import type { VerifyProblem } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';
import type { RemoteLink } from './remote-link.js';

/** HEADs (or full reads) in flight at once. */
const VERIFY_CONCURRENCY = 8;

export interface RemoteVerifyReport {
  checked: number;
  problems: VerifyProblem[];
  /** Set when the bucket could not be reached: nothing past that point was checked. */
  unreachable: string | null;
}

/**
 * Checks every object the catalog counts as confirmed: a HEAD each (present, the right size, the
 * sha256 metadata it was uploaded with); with `full`, the whole object is streamed and hashed, which
 * finds damage a HEAD cannot (bytes changed under unchanged metadata).
 */
export async function verifyRemote(ctx: StorageContext, link: RemoteLink, opts: { full?: boolean; onProgress?: (done: number, total: number) => void } = {}): Promise<RemoteVerifyReport> {
  // Objects gc is deleting (a deletion sent, its rows not yet removed) are not expected to be there.
  const rows = ctx.db
    .prepare('SELECT sha256, size FROM remote_blobs r WHERE NOT EXISTS (SELECT 1 FROM remote_deletions d WHERE d.sha256 = r.sha256 AND d.executing = 1) ORDER BY sha256')
    .all() as { sha256: string; size: number }[];
  const report: RemoteVerifyReport = { checked: 0, problems: [], unreachable: null };
  const referencedBy = ctx.db
    .prepare(
      `SELECT coalesce(
         (SELECT 'asset ' || id FROM assets WHERE sha256 = @s LIMIT 1),
         (SELECT 'render ' || id FROM renders WHERE sha256 = @s LIMIT 1),
         (SELECT 'checkpoint ' || checkpoint_id || ' ' || path FROM checkpoint_entries WHERE sha256 = @s LIMIT 1)) AS ref`,
    )
    .pluck();
  const who = (sha: string) => `${(referencedBy.get({ s: sha }) as string | null) ?? `blob ${sha}`} (in the bucket)`;
  let next = 0;
  const worker = async () => {
    while (next < rows.length && !report.unreachable) {
      const r = rows[next++] as { sha256: string; size: number };
      try {
        const problem = await checkOne(link, r.sha256, r.size, !!opts.full);
        if (problem) report.problems.push({ ...problem, item: who(r.sha256) });
        report.checked++;
      } catch (err) {
        if (err instanceof ReelvaultError && err.code === 'OFFLINE') report.unreachable ??= err.message;
        else report.problems.push({ kind: 'remote-damaged', item: who(r.sha256), detail: `content ${r.sha256} could not be checked: ${err instanceof Error ? err.message : String(err)}` });
      }
      opts.onProgress?.(report.checked, rows.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(VERIFY_CONCURRENCY, rows.length) }, worker));
  if (!report.unreachable) await findStrays(ctx, link, report);
  if (report.unreachable) {
    report.problems.push({ kind: 'remote-unreachable', item: link.store.url, detail: `${rows.length - report.checked} of ${rows.length} objects not checked: ${report.unreachable}` });
  }
  return report;
}

async function checkOne(link: RemoteLink, sha256: string, size: number, full: boolean): Promise<Omit<VerifyProblem, 'item'> | null> {
  const head = await link.store.head(sha256);
  if (!head) return { kind: 'remote-missing', detail: `content ${sha256} is gone from the bucket` };
  if (head.size !== size) return { kind: 'remote-damaged', detail: `content ${sha256} is ${head.size} bytes in the bucket, expected ${size}` };
  if (head.sha256 !== sha256) return { kind: 'remote-damaged', detail: `content ${sha256} carries sha256 metadata ${head.sha256 ?? '(none)'}` };
  if (!full) return null;
  const { body } = await link.store.getStream(link.store.blobKey(sha256));
  const hash = createHash('sha256');
  let n = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      hash.update(chunk);
      n += chunk.length;
    }
  } catch (err) {
    throw link.store.wrap(err, `reading ${sha256}`);
  }
  const got = hash.digest('hex');
  if (got !== sha256 || n !== size) return { kind: 'remote-damaged', detail: `content ${sha256} hashes to ${got} in the bucket (${n} bytes)` };
  return null;
}

/**
 * Objects under the blob prefix this catalog does not know (listed a page of 1,000 at a time): an
 * upload whose confirmation a crash lost (the next sync confirms it), or another copy of this library
 * writing to the same prefix. Reported, never deleted: gc only deletes what this catalog confirmed.
 */
async function findStrays(ctx: StorageContext, link: RemoteLink, report: RemoteVerifyReport): Promise<void> {
  const known = ctx.db.prepare('SELECT 1 WHERE EXISTS (SELECT 1 FROM remote_blobs WHERE sha256 = @s) OR EXISTS (SELECT 1 FROM remote_outbox WHERE sha256 = @s)').pluck();
  try {
    for await (const o of link.store.list(link.store.blobsPrefix)) {
      const sha = o.key.slice(o.key.lastIndexOf('/') + 1);
      if (known.get({ s: sha })) continue;
      report.problems.push({ kind: 'stray-file', item: `s3://${link.store.bucket}/${o.key}`, detail: `an object in the bucket this catalog does not know (${o.size} bytes; left alone)` });
    }
  } catch (err) {
    if (err instanceof ReelvaultError && err.code === 'OFFLINE') report.unreachable ??= err.message;
    else throw err;
  }
}

