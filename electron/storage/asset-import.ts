import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Actor, Asset, ImportProgress, ImportResultItem, ImportSummary, Scope } from '../../shared/models.js';
import { invalid, toErrorPayload } from '../../shared/errors.js';
import type { StorageContext } from './context.js';
import { nowIso } from './context.js';
import { newId } from './ids.js';
import { ownershipFor, visibleParams, visibleSql, type Ownership } from './scopes.js';
import { assetTypeFor, mimeFor, sniffFile } from './sniff.js';
import { cleanTags, replaceAssetTags, tagsOf } from './asset-tags.js';
import { toAssets, type AssetRow } from './asset-rows.js';
import { projectRow } from './project-rows.js';
import { assertContentPresent, gcEpoch, retryIfCollected } from './gc-guard.js';

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

/** Expands the given paths (files and folders, recursively) into the files to import. */
async function plan(paths: readonly string[], items: ImportResultItem[]): Promise<Planned[]> {
  const out: Planned[] = [];
  const walk = async (dir: string): Promise<void> => {
    const dirents = await fsp.readdir(dir, { withFileTypes: true });
    dirents.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const d of dirents) {
      if (skipName(d.name)) continue;
      const abs = path.join(dir, d.name);
      // Links inside a chosen folder are not followed: they may lead anywhere on the disk.
      if (d.isSymbolicLink()) continue;
      if (d.isDirectory()) await walk(abs);
      else if (d.isFile()) out.push({ source: abs, size: (await fsp.stat(abs)).size });
    }
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

/**
 * Imports files and folders by path (Electron's drops give paths). Each file is streamed once,
 * hashed while copied; content already in the library is stored once and reported as a duplicate.
 * One file failing does not stop the rest; cancelling stops between files and keeps what is done.
 */
export async function importPaths(ctx: StorageContext, actor: Actor, paths: readonly string[], opts: ImportOptions = {}): Promise<ImportSummary> {
  if (!Array.isArray(paths) || paths.length === 0) throw invalid('at least one path is required');
  const setup = prepare(ctx, actor, opts);
  const items: ImportResultItem[] = [];
  const files = await plan(paths, items);
  const progress: ImportProgress = { filesDone: 0, filesTotal: files.length, bytesDone: 0, bytesTotal: files.reduce((n, f) => n + f.size, 0), current: null };
  opts.onProgress?.({ ...progress });
  const sizeKnown = ctx.db.prepare('SELECT 1 FROM blobs WHERE size = ? LIMIT 1').pluck();
  for (const f of files) {
    if (opts.signal?.aborted) {
      items.push({ source: f.source, status: 'failed', error: 'cancelled' });
      continue;
    }
    progress.current = f.source;
    opts.onProgress?.({ ...progress });
    try {
      const mime = await sniffFile(f.source);
      items.push(
        await retryIfCollected(async () => {
          const epoch = gcEpoch(ctx);
          const put = await ctx.blobs.putFile(f.source, (n) => sizeKnown.get(n) !== undefined);
          return record(ctx, actor, setup, { name: path.basename(f.source).normalize('NFC'), sha256: put.sha256, size: put.size, mime, source: f.source }, epoch);
        }),
      );
    } catch (err) {
      const e = toErrorPayload(err);
      items.push({ source: f.source, status: 'failed', error: e.message, errorCode: e.code });
    }
    progress.filesDone++;
    progress.bytesDone += f.size;
    progress.current = null;
    opts.onProgress?.({ ...progress });
  }
  ctx.changed('assets');
  return summarize(items);
}

/** Imports one upload (a browser has no paths): streamed to disk while hashed, never buffered. */
export async function importStream(ctx: StorageContext, actor: Actor, name: string, source: Readable | AsyncIterable<Uint8Array>, opts: ImportOptions = {}): Promise<ImportResultItem> {
  if (typeof name !== 'string' || name.trim() === '' || name.length > 255 || /[/\\\0]/.test(name)) throw invalid('a file name (no folders) is required');
  const setup = prepare(ctx, actor, opts);
  const epoch = gcEpoch(ctx);
  const put = await ctx.blobs.putStream(source);
  const head = Buffer.alloc(512);
  const fh = await fsp.open(ctx.blobs.pathOf(put.sha256), 'r');
  let n = 0;
  try { n = (await fh.read(head, 0, 512, 0)).bytesRead; } finally { await fh.close(); }
  const item = record(ctx, actor, setup, { name: name.normalize('NFC'), sha256: put.sha256, size: put.size, mime: mimeFor(head.subarray(0, n), name), source: name }, epoch);
  ctx.changed('assets');
  return item;
}

interface Setup {
  own: Ownership;
  tags: string[];
  projectId: string | null;
}

function prepare(ctx: StorageContext, actor: Actor, opts: ImportOptions): Setup {
  const scope = opts.scope ?? (actor.userId ? 'user' : 'sandbox');
  const own = ownershipFor(scope, actor, opts.ttlHours, ctx.now());
  if (opts.projectId !== undefined) projectRow(ctx, actor, opts.projectId);
  return { own, tags: cleanTags(opts.tags ?? []), projectId: opts.projectId ?? null };
}

/**
 * Writes the asset row for stored content (the blob is durable already). Content the actor can
 * already see as an asset is a duplicate: no second asset, but the new tags and link are added.
 */
function record(ctx: StorageContext, actor: Actor, s: Setup, f: { name: string; sha256: string; size: number; mime: string; source: string }, epoch: number): ImportResultItem {
  const now = nowIso(ctx);
  let status: 'imported' | 'duplicate' = 'imported';
  let seq = 0;
  ctx.db.transaction(() => {
    assertContentPresent(ctx, epoch, [f.sha256]);
    ctx.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)').run(f.sha256, f.size, now);
    const existing = ctx.db
      .prepare(`SELECT a.* FROM assets a WHERE a.sha256 = @sha AND a.deleted_at IS NULL AND ${visibleSql('a')} ORDER BY a.seq LIMIT 1`)
      .get({ sha: f.sha256, ...visibleParams(actor, now) }) as AssetRow | undefined;
    if (existing) {
      status = 'duplicate';
      seq = existing.seq;
      if (s.tags.length) replaceAssetTags(ctx, seq, existing.name, [...tagsOf(ctx, seq), ...s.tags]);
    } else {
      const type = assetTypeFor(f.mime);
      seq = Number(
        ctx.db
          .prepare(
            `INSERT INTO assets (id, sha256, name, size, mime, type, scope, user_id, session_id, expires_at, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(newId('ast'), f.sha256, f.name, f.size, f.mime, type, s.own.scope, s.own.userId, s.own.sessionId, s.own.expiresAt, now, now).lastInsertRowid,
      );
      replaceAssetTags(ctx, seq, f.name, s.tags);
    }
    if (s.projectId) ctx.db.prepare('INSERT OR IGNORE INTO asset_projects (asset_seq, project_id) VALUES (?, ?)').run(seq, s.projectId);
  }).immediate();
  const asset = toAssets(ctx, [ctx.db.prepare('SELECT * FROM assets WHERE seq = ?').get(seq) as AssetRow])[0] as Asset;
  return { source: f.source, status, asset };
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
