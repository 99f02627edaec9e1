import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ManifestEntry } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { assertContentPresent, gcEpoch } from '../maintenance/gc-guard.js';

/**
 * Stores files a scan did not record (ignored ones, build output in the way) so a safety checkpoint
 * can reference them, and returns their manifest entries (their rows are in the blob table). Shared
 * by a restore and by the file operations that overwrite or remove (keep-before-change.ts).
 */
export async function storeUnrecorded(ctx: StorageContext, root: string, files: readonly string[], entries: readonly ManifestEntry[]): Promise<ManifestEntry[]> {
  if (files.length === 0) return [];
  const recorded = new Set(entries.map((e) => e.path));
  const realRoot = await fsp.realpath(root);
  const dirs = new Set<string>();
  const epoch = gcEpoch(ctx);
  const out: ManifestEntry[] = [];
  const blobs: { sha256: string; size: number }[] = [];
  for (const rel of files) {
    if (recorded.has(rel)) continue;
    const abs = path.join(root, ...rel.split('/'));
    const st = await fsp.lstat(abs);
    const put = await ctx.blobs.putFile(abs, () => true, { deferDirSync: dirs, expect: { within: realRoot } });
    blobs.push(put);
    out.push({ path: rel, kind: 'file', sha256: put.sha256, size: put.size, mode: st.mode & 0o777 });
  }
  await ctx.blobs.syncDirs(dirs);
  const now = nowIso(ctx);
  ctx.db.transaction(() => {
    assertContentPresent(ctx, epoch, blobs.map((b) => b.sha256));
    const add = ctx.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)');
    for (const b of blobs) add.run(b.sha256, b.size, now);
  }).immediate();
  return out;
}

/** The entries plus a folder entry for every parent they need that is not there yet. */
export function withParents(entries: ManifestEntry[]): ManifestEntry[] {
  const paths = new Set(entries.map((e) => e.path));
  const out = [...entries];
  for (const e of entries) {
    let p = e.path;
    for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/')) {
      p = p.slice(0, i);
      if (paths.has(p)) break;
      paths.add(p);
      out.push({ path: p, kind: 'dir', sha256: null, size: 0, mode: 0o755 });
    }
  }
  return out;
}
