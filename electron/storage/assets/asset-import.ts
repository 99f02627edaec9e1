import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Actor, Asset, ImportProgress, ImportResultItem, ImportSummary, Scope } from '../../../shared/models.js';
import { invalid, toErrorPayload } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { mimeFor, sniffFile } from '../blobs/sniff.js';
import { escapeBytes, invalidNames } from '../workspace/name-bytes.js';
import { toAssets, type AssetRow } from './asset-rows.js';
import { assertContentPresent, ContentCollected, gcEpoch } from '../maintenance/gc-guard.js';
import { recordMany, recordSetup, withBulkSettings, type RecordSetup, type Recorded } from './asset-bulk.js';

export interface ImportOptions {
  tags?: string[] | undefined;
  /** Link every imported asset to this project. */
  projectId?: string | undefined;
  scope?: Scope | undefined;
  ttlHours?: number | undefined;
  onProgress?: ((p: ImportProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/** Hidden and system files are never imported from a folder. */
const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini', 'icon\r', '.ds_store']);
function skipName(name: string): boolean {
  return name.startsWith('.') || SYSTEM_FILES.has(name.toLowerCase());
}

interface Planned {
  source: string;
  size: number;
}

/** Files stored at once: per-file latency (opens, fsyncs) overlaps instead of adding up. */
const CONCURRENCY = 8;
/** Asset rows written per transaction (one commit, one fsync of the WAL, per batch). */
const BATCH = 256;
/** Files above this size are copied one at a time: several large copies at once only thrash the disk. */
const LARGE = 8 << 20;

/** Expands the given paths (files and folders, recursively) into the files to import. */
async function plan(paths: readonly string[], items: ImportResultItem[]): Promise<Planned[]> {
  const out: Planned[] = [];
  const walk = async (dir: string): Promise<void> => {
    const dirents = await fsp.readdir(dir, { withFileTypes: true });
    dirents.sort((a, b) => (a.name < b.name ? -1 : 1));
    const files: Planned[] = [];
    // A name that is not valid UTF-8 cannot be opened by the text readdir gives for it: each such
    // file is one failed item with the reason, and the rest of the folder goes on.
    const bad = dirents.some((d) => d.name.includes('\uFFFD')) ? invalidNames(dir) : null;
    for (const d of dirents) {
      if (skipName(d.name)) continue;
      if (bad?.has(d.name)) {
        for (const b of bad.get(d.name) ?? []) items.push({ source: path.join(dir, escapeBytes(b)), status: 'failed', error: 'its name is not valid UTF-8; rename it to import it', errorCode: 'INVALID_INPUT' });
        continue;
      }
      const abs = path.join(dir, d.name);
      // Links inside a chosen folder are not followed: they may lead anywhere on the disk.
      if (d.isSymbolicLink()) continue;
      if (d.isDirectory()) {
        await statAll(files);
        out.push(...files.splice(0));
        await walk(abs);
      } else if (d.isFile()) files.push({ source: abs, size: -1 });
    }
    await statAll(files);
    out.push(...files);
  };
  for (const p of paths) {
    if (typeof p !== 'string' || !path.isAbsolute(p)) {
      items.push({ source: String(p), status: 'failed', error: 'not an absolute path' });
      continue;
    }
    const st = await fsp.stat(p).catch((e: unknown) => e as Error);
    if (st instanceof Error) items.push({ source: p, status: 'failed', error: toErrorPayload(st).message });
    else if (st.isDirectory()) await walk(p);
    else if (st.isFile()) out.push({ source: p, size: st.size });
    else items.push({ source: p, status: 'failed', error: 'not a file or folder' });
  }
  return out;
}

/** Sizes for a folder's files, a few stats in flight at a time; a file that vanished keeps size -1 (it fails alone later). */
async function statAll(files: Planned[]): Promise<void> {
  for (let i = 0; i < files.length; i += 64) {
    await Promise.all(files.slice(i, i + 64).map(async (f) => { f.size = (await fsp.stat(f.source).catch(() => null))?.size ?? 0; }));
  }
}

interface Stored {
  index: number;
  source: string;
  name: string;
  sha256: string;
  size: number;
  mime: string;
  /** The gc epoch noted before this file's content was stored (gc-guard.ts). */
  epoch: number;
}

/**
 * Imports files and folders by path (Electron's drops give paths). Each file is read once; content
 * already in the library is stored once and reported as a duplicate. Several files are stored at a
 * time and their rows written in batches, one transaction each, after the batch's blob folders are
 * fsynced (rule 4: content is durable before the rows that reference it). One file failing does not
 * stop the rest; cancelling stops starting files and keeps what is done.
 */
export async function importPaths(ctx: StorageContext, actor: Actor, paths: readonly string[], opts: ImportOptions = {}): Promise<ImportSummary> {
  if (!Array.isArray(paths) || paths.length === 0) throw invalid('at least one path is required');
  const setup = recordSetup(ctx, actor, opts);
  const failedEarly: ImportResultItem[] = [];
  const files = await plan(paths, failedEarly);
  const results: (ImportResultItem | undefined)[] = new Array<ImportResultItem | undefined>(files.length);
  const progress: ImportProgress = { filesDone: 0, filesTotal: files.length, bytesDone: 0, bytesTotal: files.reduce((n, f) => n + f.size, 0), current: null };
  opts.onProgress?.({ ...progress });
  const sizeKnown = ctx.db.prepare('SELECT 1 FROM blobs WHERE size = ? LIMIT 1').pluck();
  // Noted once, before any content is stored: if gc runs at any point of the import, each batch
  // checks its blobs are still there before referencing them (gc-guard.ts).
  const epoch = gcEpoch(ctx);

  // Stored files wait here until every file before them is done too: rows are written in file
  // order, so which of two equal files is "the duplicate" never depends on timing.
  const stored = new Map<number, Stored>();
  let committed = 0;
  const dirs = new Set<string>();
  let committing: Promise<void> = Promise.resolve();
  const flush = (all: boolean): Promise<void> => {
    // The finished files right after the last committed one, up to the first still in flight.
    let end = committed;
    let count = 0;
    while (end < files.length && (results[end] !== undefined || stored.has(end))) {
      if (stored.has(end)) count++;
      end++;
    }
    if (count === 0 || (!all && count < BATCH)) return committing;
    const batch: Stored[] = [];
    for (let i = committed; i < end; i++) {
      const s = stored.get(i);
      if (s) batch.push(s);
      stored.delete(i);
    }
    committed = end;
    const batchDirs = new Set(dirs);
    dirs.clear();
    committing = committing.then(() => commitBatch(ctx, actor, setup, batch, batchDirs, results, sizeKnown));
    return committing;
  };

  let large: Promise<void> = Promise.resolve();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = next++;
      const f = files[index];
      if (!f) return;
      if (opts.signal?.aborted) {
        results[index] = { source: f.source, status: 'failed', error: 'cancelled' };
        continue;
      }
      progress.current = f.source;
      opts.onProgress?.({ ...progress });
      let release: (() => void) | null = null;
      if (f.size > LARGE) {
        const before = large;
        large = new Promise<void>((r) => { release = r; });
        await before;
      }
      try {
        const put = await ctx.blobs.putFile(f.source, (n) => sizeKnown.get(n) !== undefined, { deferDirSync: dirs });
        // Small files were read whole already: their type is sniffed from those bytes.
        const mime = put.head ? mimeFor(put.head, f.source) : await sniffFile(f.source);
        stored.set(index, { index, source: f.source, name: path.basename(f.source).normalize('NFC'), sha256: put.sha256, size: put.size, mime, epoch });
      } catch (err) {
        const e = toErrorPayload(err);
        results[index] = { source: f.source, status: 'failed', error: e.message, errorCode: e.code };
      } finally {
        (release as (() => void) | null)?.();
      }
      progress.filesDone++;
      progress.bytesDone += f.size;
      progress.current = null;
      opts.onProgress?.({ ...progress });
      if (stored.size >= BATCH) await flush(false);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
  await flush(true);
  ctx.changed('assets');
  return summarize([...failedEarly, ...(results as ImportResultItem[])]);
}

/**
 * Makes a batch of stored files durable and records them: their blob folders are fsynced, then one
 * transaction checks gc did not take their content meanwhile, adds their blob rows and asset rows.
 * When gc did take some, the batch's files are stored again and the batch retried once.
 */
async function commitBatch(
  ctx: StorageContext,
  actor: Actor,
  setup: RecordSetup,
  batch: Stored[],
  dirs: Set<string>,
  results: (ImportResultItem | undefined)[],
  sizeKnown: { get(n: number): unknown },
): Promise<void> {
  try {
    await ctx.blobs.syncDirs(dirs);
    let items: ImportResultItem[];
    try {
      items = recordStored(ctx, actor, setup, batch);
    } catch (err) {
      if (!(err instanceof ContentCollected)) throw err;
      const again = new Set<string>();
      for (const b of batch) {
        b.epoch = gcEpoch(ctx);
        const put = await ctx.blobs.putFile(b.source, (n) => sizeKnown.get(n) !== undefined, { deferDirSync: again });
        Object.assign(b, { sha256: put.sha256, size: put.size });
      }
      await ctx.blobs.syncDirs(again);
      items = recordStored(ctx, actor, setup, batch);
    }
    batch.forEach((b, k) => { results[b.index] = items[k]; });
  } catch (err) {
    const e = toErrorPayload(err);
    for (const b of batch) results[b.index] = { source: b.source, status: 'failed', error: e.message, errorCode: e.code };
  }
}

/** One transaction: the gc check, blob rows, then asset rows (new or duplicate) for every stored file. */
function recordStored(ctx: StorageContext, actor: Actor, setup: RecordSetup, batch: readonly Omit<Stored, 'index'>[]): ImportResultItem[] {
  const now = nowIso(ctx);
  const recorded = withBulkSettings(ctx.db, batch.length, () => ctx.db.transaction(() => {
    const since = Math.min(...batch.map((b) => b.epoch));
    assertContentPresent(ctx, since, batch.map((b) => b.sha256));
    const addBlob = ctx.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)');
    for (const b of batch) addBlob.run(b.sha256, b.size, now);
    return recordMany(ctx, actor, setup, batch);
  }).immediate());
  const byId = new Map(toAssets(ctx, selectRows(ctx, [...new Set(recorded.map((r) => r.seq))])).map((a) => [a.id, a]));
  return batch.map((b, k) => {
    const r = recorded[k] as Recorded;
    return { source: b.source, status: r.status, asset: byId.get(r.id) as Asset };
  });
}

function selectRows(ctx: StorageContext, seqs: number[]): AssetRow[] {
  const out: AssetRow[] = [];
  for (let i = 0; i < seqs.length; i += 500) {
    const part = seqs.slice(i, i + 500);
    out.push(...(ctx.db.prepare(`SELECT * FROM assets WHERE seq IN (${part.map(() => '?').join(',')}) ORDER BY seq`).all(...part) as AssetRow[]));
  }
  return out;
}

/** Imports one upload (a browser has no paths): streamed to disk while hashed, never buffered. */
export async function importStream(ctx: StorageContext, actor: Actor, name: string, source: Readable | AsyncIterable<Uint8Array>, opts: ImportOptions = {}): Promise<ImportResultItem> {
  if (typeof name !== 'string' || name.trim() === '' || name.length > 255 || /[/\\\0]/.test(name)) throw invalid('a file name (no folders) is required');
  const setup = recordSetup(ctx, actor, opts);
  const epoch = gcEpoch(ctx);
  const put = await ctx.blobs.putStream(source);
  const head = Buffer.alloc(512);
  const fh = await fsp.open(ctx.blobs.pathOf(put.sha256), 'r');
  let n = 0;
  try { n = (await fh.read(head, 0, 512, 0)).bytesRead; } finally { await fh.close(); }
  const [item] = recordStored(ctx, actor, setup, [{ source: name, name: name.normalize('NFC'), sha256: put.sha256, size: put.size, mime: mimeFor(head.subarray(0, n), name), epoch }]);
  ctx.changed('assets');
  return item as ImportResultItem;
}

function summarize(items: ImportResultItem[]): ImportSummary {
  let imported = 0, duplicates = 0, failed = 0, bytes = 0;
  for (const i of items) {
    if (i.status === 'imported') { imported++; bytes += i.asset?.size ?? 0; }
    else if (i.status === 'duplicate') duplicates++;
    else failed++;
  }
  return { items, imported, duplicates, failed, bytes };
}
