import { createHash } from 'node:crypto';
import { lstatSync, promises as fsp, type BigIntStats, type Stats } from 'node:fs';
import path from 'node:path';
import type { ManifestEntry } from '../../shared/models.js';
import type { StorageContext } from './context.js';
import { loadIgnore } from './ignore-rules.js';
import { assertContentPresent, gcEpoch } from './gc-guard.js';

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
  /** 1 when the blob is still stored (so a 'store' scan may reuse the hash without re-reading). */
  known: number;
}

/** Files read (hashed or stored) at once when their stat signature changed. */
const READ_CONCURRENCY = 8;
/** Stats taken synchronously before the walk lets other work run (keeps the event loop responsive). */
const STATS_PER_TURN = 2000;

/**
 * Walks a workspace and returns its manifest. Files whose stat signature (size, mtime, inode) is
 * unchanged since the last scan are not read again: an unchanged tree costs one lstat per file —
 * taken synchronously, a folder at a time, since a cached stat is far cheaper than a trip through
 * the thread pool. Files that did change are read several at a time. In 'store' mode changed content
 * is copied into the blob store (a checkpoint is about to reference it; the blob folders are fsynced
 * before the blob rows commit); in 'hash' mode it is only hashed (a diff against the live workspace).
 */
export async function scanWorkspace(ctx: StorageContext, projectId: string, root: string, mode: 'store' | 'hash'): Promise<ScanResult> {
  // Noted before anything is stored or looked up: the rows this scan adds are checked against gc
  // inside their transaction, so no blob row is ever added for content gc has since taken.
  const epoch = gcEpoch(ctx);
  const ig = await loadIgnore(root);
  const cache = new Map<string, CacheRow>();
  const rows = ctx.db.prepare(
    `SELECT s.path, s.size, s.mtime_ns, s.ino, s.sha256, s.cached_ms, EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = s.sha256) AS known
       FROM stat_cache s WHERE s.project_id = ?`,
  );
  for (const r of rows.iterate(projectId) as Iterable<CacheRow>) cache.set(r.path, r);
  const sizeKnown = ctx.db.prepare('SELECT 1 FROM blobs WHERE size = ? LIMIT 1').pluck();
  const newBlobs: { sha256: string; size: number }[] = [];
  const fresh: Omit<CacheRow, 'known'>[] = [];
  const entries: (ManifestEntry | null)[] = [];
  const dirs = new Set<string>();
  let filesRead = 0;
  const scanStart = Date.now();

  // Reads of changed files run a few at a time while the walk goes on; each fills in its entry.
  // A read that fails stops the walk; its error is thrown once every read in flight has settled.
  const reading = new Set<Promise<void>>();
  let failure: { err: unknown } | null = null;
  const read = async (slot: number, abs: string, rel: string, sig: { size: number; mtimeNs: string; ino: string }): Promise<void> => {
    filesRead++;
    let sha: string;
    if (mode === 'store') {
      const put = await ctx.blobs.putFile(abs, (n) => sizeKnown.get(n) !== undefined, { deferDirSync: dirs }).catch(vanished);
      if (!put) return void (entries[slot] = null);
      sha = put.sha256;
      newBlobs.push({ sha256: put.sha256, size: put.size });
    } else {
      const h = await ctx.blobs.hashFile(abs).catch(vanished);
      if (!h) return void (entries[slot] = null);
      sha = h.sha256;
    }
    (entries[slot] as ManifestEntry).sha256 = sha;
    fresh.push({ path: rel, size: sig.size, mtime_ns: sig.mtimeNs, ino: sig.ino, sha256: sha, cached_ms: scanStart });
  };
  const schedule = async (slot: number, abs: string, rel: string, sig: { size: number; mtimeNs: string; ino: string }): Promise<void> => {
    while (reading.size >= READ_CONCURRENCY) await Promise.race(reading);
    if (failure) throw failure.err;
    const p: Promise<void> = read(slot, abs, rel, sig)
      .catch((err: unknown) => { failure ??= { err }; })
      .finally(() => reading.delete(p));
    reading.add(p);
  };

  let statsThisTurn = 0;
  const walk = async (absDir: string, relDir: string): Promise<void> => {
    const dirents = await fsp.readdir(absDir, { withFileTypes: true }).catch(vanished);
    if (!dirents) return;
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      if (++statsThisTurn >= STATS_PER_TURN) {
        statsThisTurn = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const rel = (relDir ? `${relDir}/${d.name}` : d.name).normalize('NFC');
      const abs = path.join(absDir, d.name);
      if (d.isDirectory()) {
        if (ig.ignores(rel + '/')) continue;
        const st = lstatQuiet(abs, false);
        if (!st) continue;
        entries.push({ path: rel, kind: 'dir', sha256: null, size: 0, mode: Number(st.mode) & 0o777 });
        await walk(abs, rel);
      } else if (d.isFile()) {
        if (ig.ignores(rel)) continue;
        const st = lstatQuiet(abs, true) as BigIntStats | null;
        if (!st) continue;
        const size = Number(st.size);
        const mtimeNs = st.mtimeNs.toString();
        const ino = st.ino.toString();
        const mtimeMs = Number(st.mtimeNs / 1_000_000n);
        const hit = cache.get(rel);
        const entry: ManifestEntry = { path: rel, kind: 'file', sha256: null, size, mode: Number(st.mode) & 0o777 };
        entries.push(entry);
        if (hit && hit.size === size && hit.mtime_ns === mtimeNs && hit.ino === ino && mtimeMs < hit.cached_ms - RACY_MS && (mode === 'hash' || hit.known)) {
          entry.sha256 = hit.sha256;
        } else {
          await schedule(entries.length - 1, abs, rel, { size, mtimeNs, ino });
        }
      }
      // Symlinks, sockets and devices are not content: checkpoints neither follow nor record them.
    }
  };
  try {
    await walk(root, '');
  } finally {
    // Nothing of this scan may still be writing once it returns or fails.
    while (reading.size) await Promise.race(reading);
  }
  if (failure) throw (failure as { err: unknown }).err;
  const manifest = entries.filter((e): e is ManifestEntry => e !== null);
  if (manifest.some((e) => e.kind === 'file' && e.sha256 === null)) throw new Error('scan left a file without its content hash');
  if (dirs.size) await ctx.blobs.syncDirs(dirs);

  const seen = new Set(manifest.map((e) => e.path));
  const gone = [...cache.keys()].filter((p) => !seen.has(p));
  if (newBlobs.length || fresh.length || gone.length) {
    const now = ctx.now().toISOString();
    ctx.db.transaction(() => {
      assertContentPresent(ctx, epoch, newBlobs.map((b) => b.sha256));
      const addBlob = ctx.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)');
      for (const b of newBlobs) addBlob.run(b.sha256, b.size, now);
      const put = ctx.db.prepare(
        'INSERT OR REPLACE INTO stat_cache (project_id, path, size, mtime_ns, ino, sha256, cached_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const f of fresh) put.run(projectId, f.path, f.size, f.mtime_ns, f.ino, f.sha256, f.cached_ms);
      const drop = ctx.db.prepare('DELETE FROM stat_cache WHERE project_id = ? AND path = ?');
      for (const p of gone) drop.run(projectId, p);
    }).immediate();
  }

  return { entries: manifest, treeHash: treeHash(manifest), filesRead };
}

/** lstat, or null for an entry deleted while the scan walks. */
function lstatQuiet(abs: string, bigint: boolean): Stats | BigIntStats | null {
  try {
    return bigint ? lstatSync(abs, { bigint: true }) : lstatSync(abs);
  } catch (err) {
    return vanished(err);
  }
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
