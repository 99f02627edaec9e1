import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Actor, CheckpointDiff, DiffFile, DiffSide, ManifestEntry } from '../../../shared/models.js';
import { invalid } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { checkpointRow, manifestKey, manifestOf, splitPath } from './checkpoints.js';
import { projectRow, workspaceRoot } from '../projects/project-rows.js';
import { scanWorkspace } from '../workspace/tree-scan.js';
import { jsonChangedKeys } from './json-keys.js';
import { DiffBudget, textDiff } from './text-diff.js';

/** Text diffs are computed for files up to this size; larger ones are reported as 'large'. */
export const TEXT_DIFF_CAP = 512 * 1024;

interface Side {
  /** Null for a checkpoint: its entries stay in SQLite and only the differences are read. */
  entries: ManifestEntry[] | null;
  checkpointId: string | null;
  /** Where a file of this side can be read: the blob store, or the live workspace. */
  fileOf(e: ManifestEntry): string;
  /** Makes fileOf's file readable first (a blob evicted to the library's bucket is fetched back). */
  ready?(e: ManifestEntry): Promise<void>;
}

async function loadSide(ctx: StorageContext, actor: Actor, projectId: string, side: DiffSide): Promise<Side> {
  if ('checkpointId' in side) {
    const { row } = checkpointRow(ctx, actor, side.checkpointId);
    if (row.project_id !== projectId) throw invalid('both sides of a diff must belong to the same project');
    return { entries: null, checkpointId: side.checkpointId, fileOf: (e) => ctx.blobs.pathOf(e.sha256 as string), ready: (e) => ctx.blobs.ensureLocal(e.sha256 as string) };
  }
  const project = projectRow(ctx, actor, projectId);
  const root = workspaceRoot(ctx, project);
  const scan = await scanWorkspace(ctx, projectId, root, 'hash');
  return { entries: scan.entries, checkpointId: null, fileOf: (e) => path.join(root, ...e.path.split('/')) };
}

/** A path present on side a, side b or both, whose entries differ (kind or content). */
type Pair = [ManifestEntry | null, ManifestEntry | null];

type JoinedRow = ManifestEntry & { b_path: string | null; b_kind: 'file' | 'dir'; b_sha256: string | null; b_size: number; b_mode: number };

const CHANGED_SQL = `SELECT a.path, a.kind, a.sha256, a.size, a.mode, b.path AS b_path, b.kind AS b_kind, b.sha256 AS b_sha256, b.size AS b_size, b.mode AS b_mode
   FROM checkpoint_entries a LEFT JOIN checkpoint_entries b ON b.checkpoint_id = @b AND b.path = a.path
  WHERE a.checkpoint_id = @a AND a.path >= @lo AND a.path < @hi AND (b.path IS NULL OR b.kind IS NOT a.kind OR b.sha256 IS NOT a.sha256 OR (a.kind = 'file' AND (b.mode & 511) IS NOT (a.mode & 511)))`;
const ADDED_SQL = `SELECT b.path, b.kind, b.sha256, b.size, b.mode FROM checkpoint_entries b
  WHERE b.checkpoint_id = @b AND b.path >= @lo AND b.path < @hi
    AND NOT EXISTS (SELECT 1 FROM checkpoint_entries a WHERE a.checkpoint_id = @a AND a.path = b.path)`;
/** Above every path: SQLite orders any text before any blob. */
const PAST_EVERY_PATH = Buffer.from([0xff]);

/** Byte order of UTF-8, which is SQLite's order for paths. */
function byteOrder(x: string, y: string): number {
  return Buffer.compare(Buffer.from(x), Buffer.from(y));
}

/**
 * The key ranges holding a folder's immediate children: its own range minus the subtrees of its
 * subfolders (each subtree is every path starting "sub/", i.e. from "sub/" up to "sub0").
 */
function childRanges(dir: string, subdirs: readonly string[]): [string, string | Buffer][] {
  const starts = subdirs.map((s) => `${s}/`).sort(byteOrder);
  const ranges: [string, string | Buffer][] = [];
  let lo = dir ? `${dir}/` : '';
  for (const st of starts) {
    ranges.push([lo, st]);
    lo = `${st.slice(0, -1)}0`;
  }
  ranges.push([lo, dir ? `${dir}0` : PAST_EVERY_PATH]);
  return ranges;
}

/**
 * The differing paths of two checkpoints, found by SQLite. Folders whose listing hashes match hold
 * the same children (checkpoints.ts, listingHashes), so only the children of folders whose hashes
 * differ are compared — each side probed by (checkpoint, path) — and only differences reach
 * JavaScript. Checkpoints made before folder hashes existed are compared whole, the same way.
 * The result lists a's paths that b lacks or has differently (in a's path order), then b's paths
 * that a lacks (in b's). Checkpoints sharing one manifest (checkpoints.ts) are equal at once; the
 * rows of the others are read under their manifest owners' ids.
 */
function checkpointPairs(ctx: StorageContext, ca: string, cb: string): Pair[] {
  const a = manifestKey(ctx, ca);
  const b = manifestKey(ctx, cb);
  if (a === b) return [];
  const hashes = ctx.db.prepare('SELECT path, hash FROM checkpoint_dirs WHERE checkpoint_id = ?').raw();
  const da = new Map(hashes.all(a) as [string, string][]);
  const db = new Map(hashes.all(b) as [string, string][]);
  let ranges: [string, string | Buffer][];
  if (!da.has('') || !db.has('')) {
    ranges = [['', PAST_EVERY_PATH]];
  } else {
    const differing: string[] = [];
    for (const [p, h] of da) if (db.get(p) !== h) differing.push(p);
    for (const p of db.keys()) if (!da.has(p)) differing.push(p);
    const subdirs = new Map<string, string[]>();
    for (const p of new Set([...da.keys(), ...db.keys()])) {
      if (p === '') continue;
      const [parent] = splitPath(p);
      (subdirs.get(parent) ?? subdirs.set(parent, []).get(parent))?.push(p);
    }
    ranges = differing.flatMap((d) => childRanges(d, subdirs.get(d) ?? []));
  }
  const changedQ = ctx.db.prepare(CHANGED_SQL);
  const addedQ = ctx.db.prepare(ADDED_SQL);
  const changed: JoinedRow[] = [];
  const added: ManifestEntry[] = [];
  for (const [lo, hi] of ranges) {
    changed.push(...(changedQ.all({ a, b, lo, hi }) as JoinedRow[]));
    added.push(...(addedQ.all({ a, b, lo, hi }) as ManifestEntry[]));
  }
  changed.sort((x, y) => byteOrder(x.path, y.path));
  added.sort((x, y) => byteOrder(x.path, y.path));
  const pairs: Pair[] = changed.map((r) => [
    { path: r.path, kind: r.kind, sha256: r.sha256, size: r.size, mode: r.mode },
    r.b_path === null ? null : { path: r.b_path, kind: r.b_kind, sha256: r.b_sha256, size: r.b_size, mode: r.b_mode },
  ]);
  for (const e of added) pairs.push([null, e]);
  return pairs;
}

/** The same pairs for sides held in memory (a live workspace on either side). */
function memoryPairs(ea: readonly ManifestEntry[], eb: readonly ManifestEntry[]): Pair[] {
  const mb = new Map(eb.map((e) => [e.path, e]));
  const ma = new Map(ea.map((e) => [e.path, e]));
  const pairs: Pair[] = [];
  for (const [p, x] of ma) {
    const y = mb.get(p) ?? null;
    if (!y || y.kind !== x.kind || y.sha256 !== x.sha256 || modeChanged(x, y)) pairs.push([x, y]);
  }
  for (const [p, y] of mb) if (!ma.has(p)) pairs.push([null, y]);
  return pairs;
}

async function entriesOf(ctx: StorageContext, s: Side): Promise<ManifestEntry[]> {
  return s.entries ?? manifestOf(ctx, s.checkpointId as string);
}

/**
 * Compares two states of a project — each a checkpoint or the live workspace: added, removed,
 * modified and renamed (same content at a new path), with line hunks for text and changed keys for
 * JSON. Unchanged files are not listed.
 */
export async function diffCheckpoints(ctx: StorageContext, actor: Actor, projectId: string, a: DiffSide, b: DiffSide, opts: { content?: boolean } = {}): Promise<CheckpointDiff> {
  const [sa, sb] = [await loadSide(ctx, actor, projectId, a), await loadSide(ctx, actor, projectId, b)];
  const pairs = sa.checkpointId !== null && sb.checkpointId !== null
    ? checkpointPairs(ctx, sa.checkpointId, sb.checkpointId)
    : memoryPairs(await entriesOf(ctx, sa), await entriesOf(ctx, sb));
  const files: DiffFile[] = [];
  const removedFiles: ManifestEntry[] = [];
  const addedFiles: ManifestEntry[] = [];
  const onlyInB: ManifestEntry[] = [];
  // One budget for the whole comparison, so many medium files cannot add up to an unbounded call.
  const budget = opts.content === false ? null : new DiffBudget();

  for (const [ea, eb] of pairs) {
    if (!ea) {
      onlyInB.push(eb as ManifestEntry);
      continue;
    }
    if (eb && eb.kind === ea.kind) {
      if (ea.kind === 'file' && ea.sha256 !== eb.sha256) files.push(withMode(await modified(sa, sb, ea, eb, budget), ea, eb));
      else if (modeChanged(ea, eb)) files.push({ ...withMode(entryDiff('modified', ea, eb), ea, eb), content: 'mode' });
    } else {
      if (ea.kind === 'file') removedFiles.push(ea);
      else files.push(entryDiff('removed', ea, null));
      if (eb) {
        if (eb.kind === 'file') addedFiles.push(eb);
        else files.push(entryDiff('added', null, eb));
      }
    }
  }
  for (const eb of onlyInB) {
    if (eb.kind === 'file') addedFiles.push(eb);
    else files.push(entryDiff('added', null, eb));
  }

  // Renames: a removed file whose exact content appears at an added path. Pair one to one.
  const bySha = new Map<string, ManifestEntry[]>();
  for (const r of removedFiles) {
    const list = bySha.get(r.sha256 as string) ?? [];
    list.push(r);
    bySha.set(r.sha256 as string, list);
  }
  for (const ad of addedFiles) {
    const from = bySha.get(ad.sha256 as string)?.shift();
    if (from) files.push({ ...entryDiff('renamed', from, ad), oldPath: from.path });
    else files.push(entryDiff('added', null, ad));
  }
  for (const list of bySha.values()) for (const r of list) files.push(entryDiff('removed', r, null));

  files.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  const counts = { added: 0, removed: 0, modified: 0, renamed: 0 };
  for (const f of files) counts[f.status]++;
  return { a, b, files, counts };
}

/** A file's permissions differ (chmod +x render.sh): a change a restore makes, so a diff shows it. */
function modeChanged(a: ManifestEntry, b: ManifestEntry): boolean {
  return a.kind === 'file' && b.kind === 'file' && (a.mode & 0o777) !== (b.mode & 0o777);
}

function withMode(d: DiffFile, a: ManifestEntry, b: ManifestEntry): DiffFile {
  return modeChanged(a, b) ? { ...d, oldMode: a.mode & 0o777, newMode: b.mode & 0o777 } : d;
}

function entryDiff(status: DiffFile['status'], ea: ManifestEntry | null, eb: ManifestEntry | null): DiffFile {
  const e = (eb ?? ea) as ManifestEntry;
  return {
    status,
    path: e.path,
    kind: e.kind,
    oldSize: ea && ea.kind === 'file' ? ea.size : null,
    newSize: eb && eb.kind === 'file' ? eb.size : null,
    oldSha256: ea?.sha256 ?? null,
    newSha256: eb?.sha256 ?? null,
  };
}

async function modified(sa: Side, sb: Side, ea: ManifestEntry, eb: ManifestEntry, budget: DiffBudget | null): Promise<DiffFile> {
  const d = entryDiff('modified', ea, eb);
  if (!budget) return d;
  if (ea.size > TEXT_DIFF_CAP || eb.size > TEXT_DIFF_CAP) return { ...d, content: 'large' };
  if (budget.steps <= 0 || !budget.claimBytes(ea.size + eb.size)) {
    return { ...d, content: 'too-costly', budget: { reason: 'comparison', removedAtLeast: null, addedAtLeast: null } };
  }
  await Promise.all([sa.ready?.(ea), sb.ready?.(eb)]);
  const [ba, bb] = await Promise.all([fsp.readFile(sa.fileOf(ea)), fsp.readFile(sb.fileOf(eb))]);
  if (looksBinary(ba) || looksBinary(bb)) return { ...d, content: 'binary' };
  const ta = ba.toString('utf8');
  const tb = bb.toString('utf8');
  const r = textDiff(ea.path, eb.path, ta, tb, budget);
  // One file's diff is the longest the event loop is held: let waiting requests in before the next.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const keys = /\.json$/i.test(eb.path) ? jsonChangedKeys(ta, tb) : null;
  if (r.kind === 'stopped') {
    const note = { reason: r.reason, removedAtLeast: r.removedAtLeast, addedAtLeast: r.addedAtLeast };
    return { ...d, content: 'too-costly', budget: note, ...(keys ? { changedKeys: keys } : {}) };
  }
  if (keys) return { ...d, content: 'json', hunks: r.hunks, changedKeys: keys };
  return { ...d, content: 'text', hunks: r.hunks };
}

/** Git's rule of thumb: a NUL byte in the first 8000 bytes means binary. */
function looksBinary(b: Buffer): boolean {
  return b.subarray(0, 8000).includes(0);
}
