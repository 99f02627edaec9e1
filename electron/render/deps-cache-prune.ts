import { randomBytes } from 'node:crypto';
import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';

/**
 * Keeping the install cache in bounds. Every distinct lockfile adds a node_modules of hundreds of
 * MB, so the cache keeps the most recently used few, under a byte budget, and sweeps what killed
 * installs left. Several processes share it (the app, the CLI, an MCP server), so what is in use is
 * said on disk: a render holds a lease file in the entry (named for its pid) for as long as it
 * runs, and a lease whose process is gone no longer counts.
 */

/** The marker of a finished entry; its mtime is when the entry was last used (touched at every lease). */
export const COMPLETE = '.reelvault-complete';
const LEASES = '.in-use';
const STAGING = /^\.staging-[0-9a-f]+-(?:(\d+)-)?[0-9a-f]+$/;
const DOOMED = /^\.pruning-/;
/** A staging folder of an older version (no pid in its name) is abandoned once this old. */
const OLD_STAGING_MS = 60 * 60_000;

export interface PruneLimits {
  /** Keep at most this many entries (the most recently used). */
  keep: number;
  /** And only as many as fit in this many bytes, the most recently used first. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: PruneLimits = { keep: 3, maxBytes: 4 * 1024 ** 3 };

/** The limits from REELVAULT_RENDER_CACHE_KEEP and REELVAULT_RENDER_CACHE_MAX_MB, else the defaults. */
export function pruneLimits(env: NodeJS.ProcessEnv = process.env): PruneLimits {
  const keep = Number(env.REELVAULT_RENDER_CACHE_KEEP);
  const mb = Number(env.REELVAULT_RENDER_CACHE_MAX_MB);
  return {
    keep: Number.isInteger(keep) && keep >= 0 ? keep : DEFAULT_LIMITS.keep,
    maxBytes: Number.isFinite(mb) && mb >= 0 && env.REELVAULT_RENDER_CACHE_MAX_MB ? mb * 1024 * 1024 : DEFAULT_LIMITS.maxBytes,
  };
}

/** Whether a process of this id exists (EPERM: it does, and is someone else's). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Marks an entry in use by this process until release() is called. Null when the entry is not (any
 * longer) a finished one — pruned by another process between finding it and leasing it — so the
 * caller installs again. The lease is written before the check, and pruning checks after moving the
 * entry away, so one of the two always sees the other.
 */
export async function leaseEntry(entry: string): Promise<{ release(): Promise<void> } | null> {
  const file = path.join(entry, LEASES, `${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    // Not recursive: an entry moved away must not be made again as an empty folder.
    await fsp.mkdir(path.dirname(file)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    await fsp.writeFile(file, '', { flag: 'wx' });
  } catch {
    return null;
  }
  const marker = path.join(entry, COMPLETE);
  if (!existsSync(marker)) {
    await fsp.rm(file, { force: true });
    return null;
  }
  const now = new Date();
  await fsp.utimes(marker, now, now).catch(() => undefined);
  return { release: () => fsp.rm(file, { force: true }) };
}

/** Live leases of an entry; dead ones (their process is gone) are removed on the way. */
async function liveLeases(entry: string): Promise<number> {
  const names = await fsp.readdir(path.join(entry, LEASES)).catch(() => [] as string[]);
  let live = 0;
  for (const name of names) {
    if (processAlive(Number(name.split('-')[0]))) live++;
    else await fsp.rm(path.join(entry, LEASES, name), { force: true });
  }
  return live;
}

/** Bytes under a folder, links not followed (node_modules/.bin is links). */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += await folderBytes(p);
    else total += (await fsp.lstat(p).catch(() => null))?.size ?? 0;
  }
  return total;
}

/** An entry's size: as recorded in its marker at install, else measured. */
async function entryBytes(entry: string): Promise<number> {
  try {
    const bytes = (JSON.parse(await fsp.readFile(path.join(entry, COMPLETE), 'utf8')) as { bytes?: unknown }).bytes;
    if (typeof bytes === 'number' && bytes >= 0) return bytes;
  } catch {
    /* measured below */
  }
  return folderBytes(entry);
}

export interface PruneReport {
  removed: string[];
  swept: string[];
  kept: string[];
  bytesKept: number;
}

/**
 * Sweeps staging folders of installs whose process is gone (and half-deleted leftovers of an
 * earlier prune), then removes finished entries beyond the limits, least recently used first, never
 * one leased by a live process. An entry is moved aside before it is deleted, so no one finds it
 * half gone; if a lease appeared meanwhile it is put back.
 */
export async function pruneDepsCache(cacheDir: string, limits: PruneLimits = DEFAULT_LIMITS, now: () => number = Date.now): Promise<PruneReport> {
  const report: PruneReport = { removed: [], swept: [], kept: [], bytesKept: 0 };
  const names = await fsp.readdir(cacheDir).catch(() => [] as string[]);
  const entries: { name: string; dir: string; usedAt: number }[] = [];
  for (const name of names) {
    const dir = path.join(cacheDir, name);
    const st = await fsp.stat(dir).catch(() => null);
    if (!st?.isDirectory()) continue;
    const staging = STAGING.exec(name);
    if (staging || DOOMED.test(name)) {
      const pid = staging?.[1];
      const abandoned = DOOMED.test(name) || (pid !== undefined ? !processAlive(Number(pid)) : now() - st.mtimeMs > OLD_STAGING_MS);
      if (abandoned) {
        await fsp.rm(dir, { recursive: true, force: true });
        report.swept.push(name);
      }
      continue;
    }
    if (name.startsWith('.')) continue;
    const marker = await fsp.stat(path.join(dir, COMPLETE)).catch(() => null);
    // No marker: not finished (an install replaces it), or not ours to judge; left alone.
    if (marker) entries.push({ name, dir, usedAt: marker.mtimeMs });
  }
  entries.sort((a, b) => b.usedAt - a.usedAt);
  let count = 0;
  for (const e of entries) {
    const bytes = await entryBytes(e.dir);
    const fits = count < limits.keep && report.bytesKept + bytes <= limits.maxBytes;
    if (fits || (await liveLeases(e.dir)) > 0 || !(await removeEntry(e.dir))) {
      count++;
      report.bytesKept += bytes;
      report.kept.push(e.name);
    } else {
      report.removed.push(e.name);
    }
  }
  return report;
}

/** Moves an entry aside, checks again that no one leased it, and deletes it; false when it stays. */
async function removeEntry(dir: string): Promise<boolean> {
  const aside = path.join(path.dirname(dir), `.pruning-${path.basename(dir)}-${randomBytes(4).toString('hex')}`);
  try {
    await fsp.rename(dir, aside);
  } catch {
    return false;
  }
  if ((await liveLeases(aside)) > 0) {
    // Leased between the check and the move: back it goes (unless a fresh install took the name).
    const back = await fsp.rename(aside, dir).then(() => true, () => false);
    if (back) return false;
  }
  await fsp.rm(aside, { recursive: true, force: true });
  return true;
}
