import { existsSync } from 'node:fs';
import type { RepairReport, VerifyProblem } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';
import type { RemoteLink } from './remote-link.js';
import { confirm, sendBlob } from './uploader.js';

/**
 * The bucket's side of repair, from verify's findings (remote-missing, remote-damaged): what it lost or damaged is uploaded again from the local copy (after
 * checking that copy hashes right); what no local copy has either is gone everywhere — it stops
 * counting as confirmed (so its items get marked) and goes back into the outbox, where it uploads by
 * itself if the content ever comes back (say, from a backup). Nothing in the bucket is deleted.
 */
export async function repairRemote(ctx: StorageContext, link: RemoteLink, problems: readonly VerifyProblem[], report: RepairReport): Promise<void> {
  report.reuploaded = 0;
  report.goneEverywhere = [];
  for (const p of problems) {
    if (p.kind !== 'remote-missing' && p.kind !== 'remote-damaged') continue;
    const sha = /content ([0-9a-f]{64})/.exec(p.detail)?.[1];
    if (!sha) continue;
    const size = ctx.db.prepare('SELECT size FROM remote_blobs WHERE sha256 = ?').pluck().get(sha) as number | undefined;
    if (size === undefined) continue;
    const file = ctx.blobs.pathOf(sha);
    const good = existsSync(file) && (await ctx.blobs.hashFile(file)).sha256 === sha;
    if (good) {
      await sendBlob(ctx, link, sha, size);
      confirm(ctx, sha, size);
      report.reuploaded++;
      continue;
    }
    report.goneEverywhere.push(sha);
    ctx.db.transaction(() => {
      ctx.db.prepare('DELETE FROM remote_blobs WHERE sha256 = ?').run(sha);
      ctx.db.prepare('INSERT OR IGNORE INTO remote_outbox (sha256, queued_at) SELECT sha256, created_at FROM blobs WHERE sha256 = ?').run(sha);
    })();
  }
}
