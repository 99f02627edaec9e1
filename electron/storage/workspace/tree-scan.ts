import { randomBytes } from 'node:crypto';
import { lstatSync, promises as fsp, readdirSync, type BigIntStats, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { ManifestEntry } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';
import { DEFAULT_IGNORES, IGNORE_FILE } from './ignore-rules.js';
import { assertContentPresent, gcEpoch } from '../maintenance/gc-guard.js';
import { MARKER_FILE } from '../core/library-folder.js';
import { escapeBytes, invalidNames } from './name-bytes.js';
import { conflict, type ReelvaultError } from '../../../shared/errors.js';
import { scanDigests } from './manifest-digest.js';
import { COOKIE_NAME, attachedWatcher, type DirtyPaths } from '../watch/workspace-watcher.js';
import { dirtyRegions, keepWatchBaseline, takeWatchBaseline, underRegion, type WatchBaseline } from './watched-scan.js';

/**
 * A file modified within this window of being hashed may have changed again without its mtime moving
 * (coarse filesystem clocks): git calls these "racily clean". Their cache entries are not trusted.
 */
const RACY_MS = 100;

export interface ScanResult {
  entries: ManifestEntry[];
  treeHash: string;
  /** A digest of every field of every entry (manifestHash): equal digests, equal manifest rows. */
  manifestHash: string;
  /** Files whose content was read during this scan (stat signature changed or unknown). */
  filesRead: number;
  /**
   * Entries left out, each with why: names that are not valid UTF-8 (they cannot be stored as the
   * text every manifest path is, and are never guessed at), files that were not what the walk saw.
   * Never silent: checkpoints report these, and a restore leaves them where they are.
   */
  skipped: { path: string; reason: string }[];
  /** True when a watcher's dirty set stood in for the walk (only the dirty paths were stat-ed). */
  viaWatcher?: boolean;
}

interface CacheRow {
  path: string;
  size: number;
  mtime_ns: string;
  /** Part of the signature, as in git's index: an in-place edit that restores size and mtime (cp -p, rsync -t, many sync tools) still moves ctime. */
  ctime_ns: string;
  ino: string;
  sha256: string;
  cached_ms: number;
  /** 1 when the blob is still stored (so a 'store' scan may reuse the hash without re-reading). */
  known: number;
  /**
   * The same signature as bigints, made once when the row is loaded or written: comparing a file's
   * BigIntStats with these costs no string conversion per file (a scan of an unchanged tree compares
   * 10,000 of them). `trustBeforeNs`: the row is trusted only for a file last changed before this
   * (cached_ms − RACY_MS, in ns) — the same racily-clean rule, in the units lstat gives.
   */
  sig: { mtimeNs: bigint; ctimeNs: bigint; ino: bigint; trustBeforeNs: bigint };
}

/** A cache row with its bigint signature. */
function cacheRow(r: Omit<CacheRow, 'sig'>): CacheRow {
  // floor(changedNs / 1e6) < cached_ms − RACY_MS  ⟺  changedNs < ceil(cached_ms − RACY_MS) × 1e6 (changedNs ≥ 0).
  const trustBeforeNs = BigInt(Math.ceil(r.cached_ms - RACY_MS)) * 1_000_000n;
  return { ...r, sig: { mtimeNs: safeBig(r.mtime_ns), ctimeNs: safeBig(r.ctime_ns), ino: safeBig(r.ino), trustBeforeNs } };
}

/** A stored signature field as a bigint, or −1 (matches nothing lstat gives) for a value that is not a number. */
function safeBig(v: string): bigint {
  // Only plain digits: BigInt('') is 0n and BigInt(' 1 ') is 1n, and neither is what the row says.
  return /^[0-9]+$/.test(v) ? BigInt(v) : -1n;
}

/**
 * The stat cache of each project as last loaded or written by this process, so an unchanged tree does
 * not read 10,000 rows back from SQLite on every scan. It is used only while the project's generation
 * (a meta row every stat_cache write moves, in the same transaction) and the gc epoch (which `known`
 * depends on) are what they were: a write from another process, or a gc, makes the next scan load the
 * rows again. Maps are never changed once shared; a scan that writes makes a new one.
 */
interface CacheMemo {
  gen: string;
  epoch: number;
  rows: ReadonlyMap<string, CacheRow>;
}
const cacheMemos = new WeakMap<StorageContext, Map<string, CacheMemo>>();
/** The meta row whose value moves with every write to a project's stat cache (purged with the project). */
export const genKey = (projectId: string) => `stat_cache_gen:${projectId}`;

function loadCache(ctx: StorageContext, projectId: string): { rows: ReadonlyMap<string, CacheRow>; epoch: number } {
  const memos = cacheMemos.get(ctx) ?? cacheMemos.set(ctx, new Map()).get(ctx) as Map<string, CacheMemo>;
  const epoch = gcEpoch(ctx);
  const gen = ctx.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(genKey(projectId)) as string | undefined;
  const memo = memos.get(projectId);
  if (memo && gen !== undefined && memo.gen === gen && memo.epoch === epoch) return memo;
  const rows = new Map<string, CacheRow>();
  const q = ctx.db
    .prepare(
      `SELECT s.path, s.size, s.mtime_ns, s.ctime_ns, s.ino, s.sha256, s.cached_ms, EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = s.sha256) AS known
         FROM stat_cache s WHERE s.project_id = ?`,
    )
    .raw();
  for (const r of q.all(projectId) as [string, number, string, string, string, string, number, number][]) {
    rows.set(r[0], cacheRow({ path: r[0], size: r[1], mtime_ns: r[2], ctime_ns: r[3], ino: r[4], sha256: r[5], cached_ms: r[6], known: r[7] }));
  }
  if (gen !== undefined) memos.set(projectId, { gen, epoch, rows });
  else memos.delete(projectId);
  return { rows, epoch };
}

/**
 * The ignore rules of a workspace, kept per root while its .reelvaultignore reads the same: the
 * matcher remembers every path it has answered, so the next scan of an unchanged tree asks it nothing new.
 */
const ignoreMemos = new WeakMap<StorageContext, Map<string, { text: string | null; ig: IgnoreMemo }>>();

/**
 * The answers of one set of rules, by folder and name: the `ignore` package keeps its own cache too,
 * but validates and converts every path before looking it up, and asking it by path means building
 * every path of an unchanged tree again. A folder is asked with a trailing '/', as the rules expect.
 */
export interface IgnoreMemo {
  ignores(relDir: string, name: string, isDir: boolean): boolean;
}

function memoIgnore(ig: Ignore): IgnoreMemo {
  const answers = new Map<string, Map<string, boolean>>();
  return {
    ignores(relDir, name, isDir) {
      const folder = answers.get(relDir) ?? answers.set(relDir, new Map()).get(relDir) as Map<string, boolean>;
      const key = isDir ? `${name}/` : name;
      let a = folder.get(key);
      if (a === undefined) folder.set(key, (a = ig.ignores(relDir ? `${relDir}/${key}` : key)));
      return a;
    },
  };
}

/**
 * The same rows by folder, then name: the walk looks a file up by the name readdir gave it and, when
 * found, takes its path string from the row instead of building it. Made once per rows map (those
 * maps are never changed once shared).
 */
const folderIndexes = new WeakMap<ReadonlyMap<string, CacheRow>, Map<string, Map<string, CacheRow>>>();
function byFolder(rows: ReadonlyMap<string, CacheRow>): Map<string, Map<string, CacheRow>> {
  let index = folderIndexes.get(rows);
  if (index) return index;
  index = new Map();
  for (const r of rows.values()) {
    const i = r.path.lastIndexOf('/');
    const dir = i < 0 ? '' : r.path.slice(0, i);
    (index.get(dir) ?? index.set(dir, new Map()).get(dir) as Map<string, CacheRow>).set(r.path.slice(i + 1), r);
  }
  folderIndexes.set(rows, index);
  return index;
}

async function ignoreRules(ctx: StorageContext, root: string): Promise<IgnoreMemo> {
  const memos = ignoreMemos.get(ctx) ?? ignoreMemos.set(ctx, new Map()).get(ctx) as Map<string, { text: string | null; ig: IgnoreMemo }>;
  const text = await fsp.readFile(path.join(root, IGNORE_FILE), 'utf8').catch(() => null);
  const memo = memos.get(root);
  if (memo && memo.text === text) return memo.ig;
  // The defaults (ignore-rules.ts), then the workspace's own .reelvaultignore, memoised by its text.
  const rules = ignore().add(DEFAULT_IGNORES);
  if (text !== null) rules.add(text);
  const ig = memoIgnore(rules);
  memos.set(root, { text, ig });
  return ig;
}

/** Walk order (names sorted within each folder, a folder before what it holds) as one string comparison: NUL sorts below every character a name can hold. */
const walkKey = (p: string) => p.replaceAll('/', '\0');

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
/** How far a scan has come: files looked at (stat), and read (new or changed) with their bytes. */
export interface ScanProgress {
  filesSeen: number;
  filesRead: number;
  bytesRead: number;
}

export async function scanWorkspace(ctx: StorageContext, projectId: string, root: string, mode: 'store' | 'hash', opts: { watched?: boolean; onProgress?: (p: ScanProgress) => void } = {}): Promise<ScanResult> {
  // Noted before anything is stored or looked up: the rows this scan adds are checked against gc
  // inside their transaction, so no blob row is ever added for content gc has since taken.
  const epoch = gcEpoch(ctx);
  const ig = await ignoreRules(ctx, root);
  // A checkpoint of a workspace a host watches: flush the watcher (every change made before this
  // call is then in its dirty set), take the set, and decide whether the last baseline holds.
  const watcher = opts.watched && mode === 'store' ? attachedWatcher(ctx, projectId) : undefined;
  const { taken, take, base } = watcher ? await takeWatchBaseline(ctx, projectId, root, epoch, ig, watcher) : { taken: null, take: 0, base: undefined };
  try {
    const result = await scanTree(ctx, projectId, root, mode, epoch, ig, base, taken, opts.onProgress);
    if (watcher && taken) keepWatchBaseline(ctx, projectId, { watcher, take, root, epoch, ig }, result);
    return result;
  } catch (err) {
    // What was taken is given back: the next checkpoint walks everything (the take count moved on) and loses nothing.
    if (watcher && taken) watcher.restoreDirty(taken);
    throw err;
  }
}

async function scanTree(
  ctx: StorageContext, projectId: string, root: string, mode: 'store' | 'hash', epoch: number, ig: IgnoreMemo,
  base: WatchBaseline | undefined, taken: DirtyPaths | null, onProgress?: (p: ScanProgress) => void,
): Promise<ScanResult> {
  const loaded = loadCache(ctx, projectId);
  const cache = loaded.rows;
  const cacheByFolder = byFolder(cache);
  const sizeKnown = ctx.db.prepare('SELECT 1 FROM blobs WHERE size = ? LIMIT 1').pluck();
  const newBlobs: { sha256: string; size: number }[] = [];
  const fresh: Omit<CacheRow, 'known' | 'sig'>[] = [];
  // Paths of this walk found in the cache: when every cached path was found, none is gone.
  let cacheHits = 0;
  const entries: (ManifestEntry | null)[] = [];
  const dirs = new Set<string>();
  const skipped: ScanResult['skipped'] = [];
  let filesRead = 0;
  const scanStart = Date.now();
  // Said at most every 100 ms (a caller such as an agent's progress notifications needs no more), and
  // only when asked: an unchanged tree of 100k files must not pay for a clock read per file.
  let filesSeen = 0;
  let filesDone = 0;
  let bytesRead = 0;
  let saidAt = 0;
  const say = onProgress
    ? () => {
        const now = Date.now();
        if (now - saidAt < 100) return;
        saidAt = now;
        onProgress({ filesSeen, filesRead: filesDone, bytesRead });
      }
    : null;

  // Reads of changed files run a few at a time while the walk goes on; each fills in its entry.
  // A read that fails stops the walk; its error is thrown once every read in flight has settled.
  const reading = new Set<Promise<void>>();
  let failure: { err: unknown } | null = null;
  // Every read checks that what it opened is the regular file the walk saw, inside the workspace: a
  // file swapped for a symlink (or a folder for a link elsewhere) between the walk and the read is
  // never followed out of the workspace (blob-store.ts, OpenCheck).
  const realRoot = await fsp.realpath(root);
  // This library inside the workspace is refused before anything is read (other libraries are found
  // by their marker during the walk).
  const libRoot = await fsp.realpath(ctx.dirs.root).catch(() => ctx.dirs.root);
  if (libRoot === realRoot || libRoot.startsWith(realRoot + path.sep)) throw nestedLibrary(root, path.relative(realRoot, libRoot).split(path.sep).join('/'));
  const read = async (slot: number, abs: string, rel: string, sig: Sig): Promise<void> => {
    filesRead++;
    let sha: string;
    const expect = { within: realRoot, ino: sig.ino };
    if (mode === 'store') {
      const put = await ctx.blobs.putFile(abs, (n) => sizeKnown.get(n) !== undefined, { deferDirSync: dirs, expect }).catch(vanished);
      if (!put) return void (entries[slot] = null);
      sha = put.sha256;
      newBlobs.push({ sha256: put.sha256, size: put.size });
    } else {
      const h = await ctx.blobs.hashFile(abs, expect).catch(vanished);
      if (!h) return void (entries[slot] = null);
      sha = h.sha256;
    }
    (entries[slot] as ManifestEntry).sha256 = sha;
    filesDone++;
    bytesRead += sig.size;
    say?.();
    fresh.push({ path: rel, size: sig.size, mtime_ns: sig.mtimeNs, ctime_ns: sig.ctimeNs, ino: sig.ino, sha256: sha, cached_ms: scanStart });
  };
  const schedule = async (slot: number, abs: string, rel: string, sig: Sig): Promise<void> => {
    while (reading.size >= READ_CONCURRENCY) await Promise.race(reading);
    if (failure) throw failure.err;
    const p: Promise<void> = read(slot, abs, rel, sig)
      .catch((err: unknown) => { failure ??= { err }; })
      .finally(() => reading.delete(p));
    reading.add(p);
  };

  /**
   * One listed name: a folder is recorded and walked, a file stat-ed and compared with its cached
   * signature (read again when it changed). Returns a promise only when there is something to wait
   * for, so an unchanged file costs no trip through the microtask queue.
   */
  const visit = (absDir: string, relDir: string, name: string, kind: 'dir' | 'file' | 'other', hit: CacheRow | undefined): Promise<void> | undefined => {
    // A cached file's path is the row's own string (equal to the one built here, and already flat).
    const rel = hit ? hit.path : relDir ? `${relDir}/${name}` : name;
    // absDir is absolute and normalised (the root is resolved below) and a listed name holds no '/'.
    const abs = absDir + path.sep + name;
    if (kind === 'dir') {
      if (ig.ignores(relDir, name, true)) return undefined;
      const st = lstatQuiet(abs, false);
      if (!st) return undefined;
      entries.push({ path: rel, kind: 'dir', sha256: null, size: 0, mode: Number(st.mode) & 0o777 });
      return walk(abs, rel);
    }
    if (kind !== 'file') return undefined; // symlinks, sockets and devices are not content: neither followed nor recorded
    if (ig.ignores(relDir, name, false)) return undefined;
    const st = lstatQuiet(abs, true) as BigIntStats | null;
    if (!st) return undefined;
    const size = Number(st.size);
    // Racily clean is judged on the later of mtime and ctime: an edit that set mtime back is as recent as its ctime.
    const changedNs = st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs;
    if (hit) cacheHits++;
    filesSeen++;
    const entry: ManifestEntry = { path: rel, kind: 'file', sha256: null, size, mode: Number(st.mode) & 0o777 };
    entries.push(entry);
    const sig = hit?.sig;
    if (hit && sig && hit.size === size && sig.mtimeNs === st.mtimeNs && sig.ctimeNs === st.ctimeNs && sig.ino === st.ino && changedNs < sig.trustBeforeNs && (mode === 'hash' || hit.known)) {
      entry.sha256 = hit.sha256;
      return undefined;
    }
    return schedule(entries.length - 1, abs, rel, { size, mtimeNs: st.mtimeNs.toString(), ctimeNs: st.ctimeNs.toString(), ino: st.ino.toString() });
  };

  let statsThisTurn = 0;
  const walk = async (absDir: string, relDir: string): Promise<void> => {
    // Folders below the root are listed synchronously, like the lstats: a listing in the page cache is
    // far cheaper than a trip through the thread pool. The root's goes through the pool: that await,
    // after the cache is loaded, is where the gc tests (gc-guard.test.ts, the gc-interleavings model)
    // run gc against a scan.
    const dirents = relDir === '' ? await fsp.readdir(absDir, { withFileTypes: true }).catch(vanished) : readdirQuiet(absDir);
    if (!dirents) return;
    if (isLibraryListing(dirents)) throw nestedLibrary(root, relDir);
    // A name that is not valid UTF-8 reads back with U+FFFD in place of its bad bytes: it could not
    // be opened by that name, and a manifest path is text. Such names are listed as skipped, by their
    // escaped bytes; everything else goes on.
    const undecodable = dirents.some((d) => d.name.includes('\uFFFD')) ? invalidNames(absDir) : null;
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const folderRows = cacheByFolder.get(relDir);
    for (const d of dirents) {
      if (++statsThisTurn >= STATS_PER_TURN) {
        statsThisTurn = 0;
        say?.();
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      // Names are kept exactly as the filesystem gives them: NFC and NFD are different bytes, and two
      // names that differ only so are two files (normalising them once made restore miss the NFD one).
      const hit = folderRows?.get(d.name);
      if (relDir === '' && COOKIE_NAME.test(d.name)) continue; // a watcher's barrier file (workspace-watcher.ts)
      if (undecodable?.has(d.name)) {
        for (const b of undecodable.get(d.name) ?? []) {
          const shown = escapeBytes(b);
          skipped.push({ path: relDir ? `${relDir}/${shown}` : shown, reason: 'its name is not valid UTF-8; rename it to include it in checkpoints' });
        }
        continue;
      }
      const pending = visit(absDir, relDir, d.name, d.isDirectory() ? 'dir' : d.isFile() ? 'file' : 'other', hit);
      if (pending) await pending;
    }
  };
  const absRoot = path.resolve(root);
  let regions: Set<string> | null = null;
  try {
    if (!base) await walk(absRoot, '');
    else {
      // Only the dirty subtrees are looked at; everything else is the baseline's, unchanged.
      regions = dirtyRegions(taken?.paths ?? [], new Set(base.entries.filter((e) => e.kind === 'dir').map((e) => e.path)));
      for (const r of [...regions].sort()) {
        const i = r.lastIndexOf('/');
        const relDir = i < 0 ? '' : r.slice(0, i);
        const name = r.slice(i + 1);
        if (relDir === '' && COOKIE_NAME.test(name)) continue;
        const absDir = relDir ? path.join(absRoot, ...relDir.split('/')) : absRoot;
        const st = lstatQuiet(absDir + path.sep + name, false);
        if (!st) continue; // gone
        const pending = visit(absDir, relDir, name, st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other', cacheByFolder.get(relDir)?.get(name));
        if (pending) await pending;
      }
    }
  } finally {
    // Nothing of this scan may still be writing once it returns or fails.
    while (reading.size) await Promise.race(reading);
  }
  if (failure) throw (failure as { err: unknown }).err;
  let manifest = entries.filter((e): e is ManifestEntry => e !== null);
  if (base && regions) {
    const rs = regions;
    if (rs.size === 0) manifest = base.entries.map((e) => ({ ...e }));
    else {
      const merged = [...base.entries.filter((e) => !underRegion(e.path, rs)).map((e) => ({ ...e })), ...manifest];
      const keys = new Map(merged.map((e) => [e, walkKey(e.path)]));
      merged.sort((a, b) => {
        const x = keys.get(a) as string;
        const y = keys.get(b) as string;
        return x < y ? -1 : x > y ? 1 : 0;
      });
      manifest = merged;
    }
    skipped.unshift(...base.skipped.filter((x) => !underRegion(x.path, rs)));
  }
  if (manifest.some((e) => e.kind === 'file' && e.sha256 === null)) throw new Error('scan left a file without its content hash');
  if (dirs.size) await ctx.blobs.syncDirs(dirs);

  // Each path is walked once, so finding as many cached paths as the cache holds means none is gone.
  let gone: string[] = [];
  if (base && regions) {
    // Only rows under the subtrees looked at can be gone; the rest were not looked at.
    if (regions.size) {
      const seen = new Set(manifest.map((e) => e.path));
      const rs = regions;
      gone = [...cache.keys()].filter((p) => !seen.has(p) && underRegion(p, rs));
    }
  } else if (cacheHits !== cache.size) {
    const seen = new Set(manifest.map((e) => e.path));
    gone = [...cache.keys()].filter((p) => !seen.has(p));
  }
  if (newBlobs.length || fresh.length || gone.length) {
    const now = ctx.now().toISOString();
    const gen = randomBytes(12).toString('hex');
    const knownNow = ctx.db.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').pluck();
    let next: Map<string, CacheRow> | null = null;
    ctx.db.transaction(() => {
      assertContentPresent(ctx, epoch, newBlobs.map((b) => b.sha256));
      const addBlob = ctx.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)');
      for (const b of newBlobs) addBlob.run(b.sha256, b.size, now);
      const put = ctx.db.prepare(
        'INSERT OR REPLACE INTO stat_cache (project_id, path, size, mtime_ns, ctime_ns, ino, sha256, cached_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const f of fresh) put.run(projectId, f.path, f.size, f.mtime_ns, f.ctime_ns, f.ino, f.sha256, f.cached_ms);
      const drop = ctx.db.prepare('DELETE FROM stat_cache WHERE project_id = ? AND path = ?');
      for (const p of gone) drop.run(projectId, p);
      ctx.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(genKey(projectId), gen);
      // What this process now knows the rows to be (known as of this transaction, for the new ones).
      next = new Map(cache);
      for (const f of fresh) next.set(f.path, cacheRow({ ...f, known: knownNow.get(f.sha256) === undefined ? 0 : 1 }));
      for (const p of gone) next.delete(p);
    }).immediate();
    // Old rows' `known` is as of the epoch they were loaded at: a gc since then makes the next scan reload.
    if (next) cacheMemos.get(ctx)?.set(projectId, { gen, epoch: loaded.epoch, rows: next });
  }

  const { tree, manifest: mHash } = scanDigests(ctx, projectId, manifest);
  return { entries: manifest, treeHash: tree, manifestHash: mHash, filesRead, skipped, ...(base ? { viaWatcher: true } : {}) };
}

interface Sig {
  size: number;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
}

/**
 * A listing that is a library's root: its marker, or (a library made before markers) its catalog and
 * blob store side by side. Libraries and workspaces never nest: a checkpoint of a folder holding a
 * library would hold that library's catalog and temp files, and restoring it would delete its blobs.
 */
function isLibraryListing(dirents: readonly Dirent[]): boolean {
  let db = false;
  let blobs = false;
  for (const d of dirents) {
    if (d.name === MARKER_FILE) return true;
    if (d.name === 'library.db') db = true;
    if (d.name === 'blobs' && d.isDirectory()) blobs = true;
  }
  return db && blobs;
}

function nestedLibrary(root: string, relDir: string): ReelvaultError {
  const where = relDir ? path.join(root, ...relDir.split('/')) : root;
  return conflict(`${where} is a Reelvault library inside the workspace ${root}; libraries and workspaces must not nest — move the library out (or the project elsewhere), then checkpoint again`);
}


/** readdir, or null for a folder deleted while the scan walks. */
function readdirQuiet(abs: string): Dirent[] | null {
  try {
    return readdirSync(abs, { withFileTypes: true });
  } catch (err) {
    return vanished(err);
  }
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
