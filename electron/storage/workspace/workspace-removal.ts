import { existsSync, promises as fsp, renameSync } from 'node:fs';
import path from 'node:path';
import type { StorageContext } from '../core/context.js';

/**
 * Removes library workspace folders after the transaction that deletes the rows owning them. Rows
 * first: a kill in between leaves a folder no project knows (verify lists it; nothing is lost), never
 * a project whose files are gone. Each folder is then renamed into this process's own temp folder
 * (the same disk: atomic) and deleted from there, so a deletion that fails or is killed halfway leaves
 * its remains in a temp folder that goes with its session — never a half-deleted workspace.
 */
export async function removeWithWorkspaces<T>(ctx: StorageContext, folders: readonly string[], txn: () => T): Promise<T> {
  const result = txn();
  for (const f of folders) {
    if (!existsSync(f)) continue;
    const aside = path.join(ctx.dirs.tmp, `removed-${path.basename(f)}`);
    try {
      renameSync(f, aside);
    } catch {
      continue; // left where it was: verify names it as a folder no project knows
    }
    await fsp.rm(aside, { recursive: true, force: true }).catch(() => undefined);
  }
  return result;
}
