import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ManifestEntry } from '../../shared/models.js';
import type { StorageContext } from './context.js';
import { loadIgnore } from './ignore-rules.js';

/**
 * A file modified within this window of being hashed may have changed again without its mtime moving
 * (coarse filesystem clocks): git calls these "racily clean". Their cache entries are not trusted.
 */
const RACY_MS = 100;

export interface ScanResult {
  entries: ManifestEntry[];
  treeHash: string;
  /** Files whose content was read during this scan (stat signature changed or unknown). */
  filesRead: number;
}

interface CacheRow {
  path: string;
  size: number;
  mtime_ns: string;
  ino: string;
  sha256: string;
  cached_ms: number;
}

/**
 * Walks a workspace and returns its manifest. Files whose stat signature (size, mtime, inode) is
 * unchanged since the last scan are not read again: an unchanged tree costs one lstat per file.
 * In 'store' mode changed content is copied into the blob store (a checkpoint is about to reference
 * it); in 'hash' mode it is only hashed (a diff against the live workspace).
 */
export async function scanWorkspace(ctx: StorageContext, projectId: string, root: string, mode: 'store' | 'hash'): Promise<ScanResult> {
  const ig = await loadIgnore(root);
  const cache = new Map<string, CacheRow>();
  for (const r of ctx.db.prepare('SELECT path, size, mtime_ns, ino, sha256, cached_ms FROM stat_cache WHERE project_id = ?').iterate(projectId) as Iterable<CacheRow>) {
    cache.set(r.path, r);
  }
  const blobKnown = ctx.db.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').pluck();
  const sizeKnown = ctx.db.prepare('SELECT 1 FROM blobs WHERE size = ? LIMIT 1').pluck();
  const newBlobs: { sha256: string; size: number }[] = [];
  const fresh: CacheRow[] = [];
  const entries: ManifestEntry[] = [];
  let filesRead = 0;
  const scanStart = Date.now();

  const walk = async (absDir: string, relDir: string): Promise<void> => {
    const dirents = await fsp.readdir(absDir, { withFileTypes: true }).catch(vanished);
    if (!dirents) return;
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      const rel = (relDir ? `${relDir}/${d.name}` : d.name).normalize('NFC');
      const abs = path.join(absDir, d.name);
      if (d.isDirectory()) {
        if (ig.ignores(rel + '/')) continue;
        const st = await fsp.lstat(abs).catch(vanished);
        if (!st) continue;
        entries.push({ path: rel, kind: 'dir', sha256: null, size: 0, mode: st.mode & 0o777 });
        await walk(abs, rel);
      } else if (d.isFile()) {
        if (ig.ignores(rel)) continue;
        const st = await fsp.lstat(abs, { bigint: true }).catch(vanished);
        if (!st) continue;
        const size = Number(st.size);
        const mtimeNs = st.mtimeNs.toString();
        const ino = st.ino.toString();
        const mtimeMs = Number(st.mtimeNs / 1_000_000n);
        const hit = cache.get(rel);
        let sha: string | null = null;
        if (hit && hit.size === size && hit.mtime_ns === mtimeNs && hit.ino === ino && mtimeMs < hit.cached_ms - RACY_MS) {
          if (mode === 'hash' || blobKnown.get(hit.sha256)) sha = hit.sha256;
        }
        if (sha === null) {
          filesRead++;
          if (mode === 'store') {
            const put = await ctx.blobs.putFile(abs, (n) => sizeKnown.get(n) !== undefined).catch(vanished);
            if (!put) continue;
            sha = put.sha256;
            newBlobs.push({ sha256: put.sha256, size: put.size });
          } else {
            const h = await ctx.blobs.hashFile(abs).catch(vanished);
            if (!h) continue;
            sha = h.sha256;
          }
          fresh.push({ path: rel, size, mtime_ns: mtimeNs, ino, sha256: sha, cached_ms: scanStart });
        }
        entries.push({ path: rel, kind: 'file', sha256: sha, size, mode: Number(st.mode) & 0o777 });
      }
      // Symlinks, sockets and devices are not content: checkpoints neither follow nor record them.
    }
  };
  await walk(root, '');

  const now = ctx.now().toISOString();
  ctx.db.transaction(() => {
    const addBlob = ctx.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)');
    for (const b of newBlobs) addBlob.run(b.sha256, b.size, now);
    const put = ctx.db.prepare(
      'INSERT OR REPLACE INTO stat_cache (project_id, path, size, mtime_ns, ino, sha256, cached_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const f of fresh) put.run(projectId, f.path, f.size, f.mtime_ns, f.ino, f.sha256, f.cached_ms);
    const seen = new Set(entries.map((e) => e.path));
    const drop = ctx.db.prepare('DELETE FROM stat_cache WHERE project_id = ? AND path = ?');
    for (const p of cache.keys()) if (!seen.has(p)) drop.run(projectId, p);
  })();

  return { entries, treeHash: treeHash(entries), filesRead };
}

/**
 * A file or folder deleted while the scan walks (a person editing, a build cleaning up) is simply
 * not part of this checkpoint; any other error stops the scan.
 */
function vanished(err: unknown): null {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return null;
  throw err;
}

/** A digest of a manifest: equal trees, equal hashes, whatever order they were listed in. */
export function treeHash(entries: readonly ManifestEntry[]): string {
  const h = createHash('sha256');
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const e of sorted) h.update(`${e.kind}\t${e.path}\t${e.sha256 ?? '-'}\t${e.kind === 'file' ? (e.mode & 0o111 ? 'x' : '-') : ''}\n`);
  return h.digest('hex');
}
