/**
 * The watched fast path of the checkpoint scan (git's fsmonitor idea, DESIGN rule 6): while a host
 * watches a workspace, a checkpoint scan that follows the previous one with the very next dirty set
 * of the same live watcher stats only the dirty regions and keeps the rest of the previous manifest.
 * This file keeps those baselines and decides when one holds; tree-scan.ts does the walking.
 */
import path from 'node:path';
import type { ManifestEntry } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';
import { gcEpoch } from '../maintenance/gc-guard.js';
import { MARKER_FILE } from '../core/library-folder.js';
import { IGNORE_FILE } from './ignore-rules.js';
import type { DirtyPaths, WorkspaceWatcher } from '../watch/workspace-watcher.js';
import type { IgnoreMemo, ScanResult } from './tree-scan.js';

/**
 * What the last checkpoint scan of a watched workspace found, and which of its watcher's takes it
 * started with (DESIGN rule 6, git's fsmonitor): the next checkpoint scan that takes the very next
 * dirty set from the same live watcher — complete, flushed, nothing doubtful in it, no gc or restore
 * since — stats only the dirty paths and keeps the rest of this manifest. Anything else is a full walk.
 */
export interface WatchBaseline {
  watcher: WorkspaceWatcher;
  take: number;
  root: string;
  epoch: number;
  ig: IgnoreMemo;
  entries: ManifestEntry[];
  skipped: ScanResult['skipped'];
}
const baselines = new WeakMap<StorageContext, Map<string, WatchBaseline>>();

/** A restore (or anything else that rewrites a workspace behind the checkpoint scan's back) ends the watched fast path until the next full walk. */
export function forgetWatchBaseline(ctx: StorageContext, projectId: string): void {
  baselines.get(ctx)?.delete(projectId);
}

/** Past this many dirty paths a full walk is as cheap, and simpler. */
const FAST_PATH_MAX_DIRTY = 5_000;

/** Dirty paths a fast scan cannot handle by statting them: the ignore rules, a library marker, a name not read back as UTF-8. */
function doubtful(rel: string): boolean {
  return rel === IGNORE_FILE || rel.includes('\uFFFD') || rel.split('/').some((seg) => seg === MARKER_FILE || seg === '' || seg === '.' || seg === '..');
}

/**
 * Flushes the watcher and takes its dirty set (every change made before this call is in it), and
 * answers the baseline this scan may build on: only the very next take after the baseline's, from
 * the same watcher and root, complete, nothing doubtful in it, no gc since and the same ignore rules.
 * The baseline is used up either way; a scan that fails gives the set back (watcher.restoreDirty).
 */
export async function takeWatchBaseline(
  ctx: StorageContext, projectId: string, root: string, epoch: number, ig: IgnoreMemo, watcher: WorkspaceWatcher,
): Promise<{ taken: DirtyPaths | null; take: number; base: WatchBaseline | undefined }> {
  if (path.resolve(watcher.root) !== path.resolve(root)) return { taken: null, take: 0, base: undefined };
  const flushed = await watcher.flush();
  const taken = watcher.takeDirty();
  const take = watcher.takeCount;
  const b = baselines.get(ctx)?.get(projectId);
  baselines.get(ctx)?.delete(projectId);
  const holds =
    flushed && taken.complete && b && b.watcher === watcher && b.take === take - 1 &&
    b.root === path.resolve(root) && b.epoch === epoch && gcEpoch(ctx) === epoch && b.ig === ig &&
    taken.paths.length <= FAST_PATH_MAX_DIRTY && !taken.paths.some(doubtful);
  return { taken, take, base: holds ? b : undefined };
}

/** After a scan that took a dirty set: its manifest is the baseline for the next take (copies: the caller may change the result). */
export function keepWatchBaseline(ctx: StorageContext, projectId: string, w: { watcher: WorkspaceWatcher; take: number; root: string; epoch: number; ig: IgnoreMemo }, result: ScanResult): void {
  if (!w.watcher.watching) return;
  const m = baselines.get(ctx) ?? (baselines.set(ctx, new Map()).get(ctx) as Map<string, WatchBaseline>);
  m.set(projectId, { watcher: w.watcher, take: w.take, root: path.resolve(w.root), epoch: w.epoch, ig: w.ig, entries: result.entries.map((e) => ({ ...e })), skipped: result.skipped.map((x) => ({ ...x })) });
}

/** Dirty paths reduced to the subtrees to look at again: each climbs to its highest ancestor the baseline did not list as a folder; nested ones fold into their ancestor. */
export function dirtyRegions(paths: readonly string[], baseDirs: ReadonlySet<string>): Set<string> {
  const climbed = new Set<string>();
  for (const p of paths) {
    let r = p;
    for (let i = r.lastIndexOf('/'); i > 0 && !baseDirs.has(r.slice(0, i)); i = r.lastIndexOf('/')) r = r.slice(0, i);
    climbed.add(r);
  }
  const regions = new Set<string>();
  for (const r of climbed) {
    let covered = false;
    for (let i = r.lastIndexOf('/'); i > 0 && !covered; i = r.lastIndexOf('/', i - 1)) covered = climbed.has(r.slice(0, i));
    if (!covered) regions.add(r);
  }
  return regions;
}

export function underRegion(p: string, regions: ReadonlySet<string>): boolean {
  if (regions.has(p)) return true;
  for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) if (regions.has(p.slice(0, i))) return true;
  return false;
}
