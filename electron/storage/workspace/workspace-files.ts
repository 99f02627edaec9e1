import { createReadStream, promises as fsp, type Stats } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Actor, FileEntry } from '../../../shared/models.js';
import { conflict, invalid, notFound } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';
import { projectRow, touchProject, workspaceRoot, type ProjectRow } from '../projects/project-rows.js';
import { keepBeforeChange } from '../checkpoints/keep-before-change.js';
import { checkNewPath, checkNoTwin, normalizeRelPath, relFrom, resolveInside } from './safe-path.js';
import { renameDurable, tempName, unlinkQuiet } from '../core/fs-durable.js';
import { pinFolder } from './contained-fs.js';
import { escapeBytes, invalidNames } from './name-bytes.js';

/** What a write may take: bytes, text, a stream, or a file to copy from. */
export type WriteSource = Uint8Array | string | Readable | AsyncIterable<Uint8Array> | { fromPath: string };

/** Temp files of our own atomic writes; never listed, never checkpointed. */
export const TEMP_FILE = /^\.rv-.*\.tmp$/;

function entryOf(rel: string, st: Stats): FileEntry {
  return {
    path: rel,
    kind: st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : 'file',
    size: st.isFile() ? st.size : 0,
    mode: st.mode & 0o777,
    mtime: st.mtime.toISOString(),
  };
}

/**
 * Each folder that would be made along a new path must be a portable name with no case twin.
 * `renaming` is the entry being renamed in the same folder, which is no twin of its new name.
 */
async function checkCreatable(root: string, clean: string, renaming?: string): Promise<void> {
  checkNewPath(clean);
  const parts = clean.split('/');
  let dir = root;
  for (const [i, part] of parts.entries()) {
    await checkNoTwin(dir, part, i === parts.length - 1 ? renaming : undefined);
    const next = path.join(dir, part);
    const st = await fsp.lstat(next).catch(() => null);
    if (!st) break; // the rest will be new: nothing to collide with
    if (i < parts.length - 1 && !st.isDirectory() && !st.isSymbolicLink()) {
      throw conflict(`${parts.slice(0, i + 1).join('/')} is a file, so it cannot hold ${clean}`);
    }
    dir = next;
  }
}

async function rootFor(ctx: StorageContext, actor: Actor, projectId: string): Promise<string> {
  return workspaceRoot(ctx, projectRow(ctx, actor, projectId));
}

/** The project row and its workspace folder, for the operations that may need a safety checkpoint. */
function projectAndRoot(ctx: StorageContext, actor: Actor, projectId: string): { project: ProjectRow; root: string } {
  const project = projectRow(ctx, actor, projectId);
  return { project, root: workspaceRoot(ctx, project) };
}

export interface WriteOptions {
  /**
   * The caller read the file it replaces and checked it is unchanged on disk (the editor's save with
   * expectSha256): this write is the user's next version of bytes they have in front of them, so, like
   * any editor's save, it supersedes them without a safety checkpoint. A blind write over a file keeps
   * bytes that are in no checkpoint first (keep-before-change.ts).
   */
  replacesWhatWasRead?: boolean;
}

async function lstatOrNotFound(abs: string, rel: string): Promise<Stats> {
  try {
    return await fsp.lstat(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') throw notFound(`file ${rel || '/'}`);
    throw err;
  }
}

/** Lists a folder of the workspace, sorted by path; recursive walks the whole subtree. */
export async function listFiles(ctx: StorageContext, actor: Actor, projectId: string, dir = '', opts: { recursive?: boolean } = {}): Promise<FileEntry[]> {
  const root = await rootFor(ctx, actor, projectId);
  const abs = await resolveInside(root, dir);
  const st = await lstatOrNotFound(abs, dir);
  if (!st.isDirectory()) throw invalid(`not a folder: ${dir}`);
  const out: FileEntry[] = [];
  const realRoot = await fsp.realpath(root);
  const walk = async (absDir: string): Promise<void> => {
    const names = (await fsp.readdir(absDir)).sort();
    // Names that are not UTF-8 come back with U+FFFD and cannot be opened by that text: they are
    // listed by their bytes (escaped), flagged, never dropped.
    const bad = names.some((n) => n.includes('\uFFFD')) ? [...invalidNames(absDir).values()].flat() : [];
    for (const name of names) {
      if (TEMP_FILE.test(name)) continue;
      const child = path.join(absDir, name);
      const cst = await fsp.lstat(child).catch(() => null);
      if (!cst) continue;
      // Kept exactly as named (NFC or NFD): it is the path that opens it.
      const rel = relFrom(realRoot, child);
      out.push(entryOf(rel, cst));
      if (opts.recursive && cst.isDirectory()) await walk(child);
    }
    const relDir = relFrom(realRoot, absDir);
    for (const b of bad) {
      const cst = await fsp.lstat(Buffer.concat([Buffer.from(absDir + path.sep), b])).catch(() => null);
      if (!cst) continue;
      const shown = escapeBytes(b);
      out.push({ ...entryOf(relDir ? `${relDir}/${shown}` : shown, cst), nameNotUtf8: true });
    }
  };
  await walk(abs);
  return out;
}


export async function statFile(ctx: StorageContext, actor: Actor, projectId: string, rel: string): Promise<FileEntry> {
  const root = await rootFor(ctx, actor, projectId);
  const abs = await resolveInside(root, rel);
  return entryOf(normalizeRelPath(rel), await lstatOrNotFound(abs, rel));
}

/** Opens a workspace file as a stream; never buffers the whole file. */
export async function readFile(ctx: StorageContext, actor: Actor, projectId: string, rel: string): Promise<Readable> {
  const root = await rootFor(ctx, actor, projectId);
  const abs = await resolveInside(root, rel);
  const st = await lstatOrNotFound(abs, rel);
  if (!st.isFile()) throw invalid(`not a file: ${rel}`);
  return createReadStream(abs, { highWaterMark: 1 << 20 });
}

/**
 * Writes a file atomically: the content goes to a temp file in the library's tmp/, is fsynced, then
 * renamed over the target, so a reader sees the old file or the new one, never half of one.
 */
export async function writeFile(ctx: StorageContext, actor: Actor, projectId: string, rel: string, source: WriteSource, opts: WriteOptions = {}): Promise<FileEntry> {
  const clean = normalizeRelPath(rel);
  if (clean === '') throw invalid('a file path is required');
  const { project, root } = projectAndRoot(ctx, actor, projectId);
  const abs = await resolveInside(root, clean);
  const existing = await fsp.lstat(abs).catch(() => null);
  if (existing?.isDirectory()) throw conflict(`a folder already exists at ${clean}`);
  if (existing?.isSymbolicLink()) throw conflict(`a symlink exists at ${clean}; delete it first`);
  if (!existing) await checkCreatable(root, clean);
  else if (existing.isFile() && !opts.replacesWhatWasRead) await keepBeforeChange(ctx, project, root, [clean], `overwriting ${clean}`);
  await fsp.mkdir(path.dirname(abs), { recursive: true });
  // The parent chain now exists; check again that it did not lead outside through a symlink.
  await resolveInside(root, clean);
  const tmp = path.join(ctx.dirs.tmp, tempName());
  try {
    await writeTemp(tmp, source);
    if (existing) await fsp.chmod(tmp, existing.mode & 0o777);
    // Through the opened folder, checked to be inside the workspace: a folder swapped for a symlink
    // after the check above cannot send the file elsewhere (contained-fs.ts).
    const folder = pinFolder(path.dirname(abs), await fsp.realpath(root));
    try {
      await renameDurable(tmp, path.join(folder.path, path.basename(abs)));
    } finally {
      folder.close();
    }
  } catch (err) {
    await unlinkQuiet(tmp);
    throw err;
  }
  touchProject(ctx, projectId);
  ctx.changed('files', projectId);
  return entryOf(clean, await fsp.lstat(abs));
}

async function writeTemp(tmp: string, source: WriteSource): Promise<void> {
  if (typeof source === 'object' && source !== null && 'fromPath' in source) {
    await fsp.copyFile(source.fromPath, tmp);
  } else {
    const fh = await fsp.open(tmp, 'wx', 0o644);
    try {
      if (typeof source === 'string' || source instanceof Uint8Array) {
        await fh.writeFile(source);
      } else {
        for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
          await fh.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        }
      }
    } finally {
      await fh.close();
    }
  }
  const fh = await fsp.open(tmp, 'r+');
  try { await fh.sync(); } finally { await fh.close(); }
}

export async function makeDir(ctx: StorageContext, actor: Actor, projectId: string, rel: string): Promise<FileEntry> {
  const clean = normalizeRelPath(rel);
  if (clean === '') throw invalid('a folder path is required');
  const root = await rootFor(ctx, actor, projectId);
  const abs = await resolveInside(root, clean);
  const existing = await fsp.lstat(abs).catch(() => null);
  if (existing && !existing.isDirectory()) throw conflict(`a file already exists at ${clean}`);
  if (!existing) await checkCreatable(root, clean);
  await fsp.mkdir(abs, { recursive: true });
  await resolveInside(root, clean);
  touchProject(ctx, projectId);
  ctx.changed('files', projectId);
  return entryOf(clean, await fsp.lstat(abs));
}

/** Moves or renames within the workspace; refuses to overwrite unless asked. */
export async function moveFile(ctx: StorageContext, actor: Actor, projectId: string, from: string, to: string, opts: { overwrite?: boolean } = {}): Promise<FileEntry> {
  const a = normalizeRelPath(from);
  const b = normalizeRelPath(to);
  if (a === '' || b === '') throw invalid('cannot move the workspace root');
  if (b === a || b.startsWith(a + '/')) throw invalid('cannot move a folder into itself');
  const { project, root } = projectAndRoot(ctx, actor, projectId);
  const absA = await resolveInside(root, a);
  const absB = await resolveInside(root, b);
  const source = await lstatOrNotFound(absA, a);
  let target = await fsp.lstat(absB).catch(() => null);
  // A case-only rename on a filesystem that ignores case finds the source itself at the new name.
  if (target && target.ino === source.ino && target.dev === source.dev) target = null;
  if (target && !opts.overwrite) throw conflict(`${b} already exists`);
  if (!target) await checkCreatable(root, b, path.posix.dirname(a) === path.posix.dirname(b) ? path.posix.basename(a) : undefined);
  if (target?.isDirectory()) throw conflict(`${b} is a folder; it is never replaced by a move`);
  if (target?.isFile()) await keepBeforeChange(ctx, project, root, [b], `moving ${a} over ${b}`);
  await fsp.mkdir(path.dirname(absB), { recursive: true });
  await resolveInside(root, b);
  // Both ends through their opened, checked folders (contained-fs.ts).
  const realRoot = await fsp.realpath(root);
  const fromDir = pinFolder(path.dirname(absA), realRoot);
  try {
    const toDir = pinFolder(path.dirname(absB), realRoot);
    try {
      await fsp.rename(path.join(fromDir.path, path.basename(absA)), path.join(toDir.path, path.basename(absB)));
    } finally {
      toDir.close();
    }
  } finally {
    fromDir.close();
  }
  touchProject(ctx, projectId);
  ctx.changed('files', projectId);
  return entryOf(b, await fsp.lstat(absB));
}

export async function deleteFile(ctx: StorageContext, actor: Actor, projectId: string, rel: string): Promise<void> {
  const clean = normalizeRelPath(rel);
  if (clean === '') throw invalid('cannot delete the workspace root');
  const { project, root } = projectAndRoot(ctx, actor, projectId);
  const abs = await resolveInside(root, clean);
  await lstatOrNotFound(abs, clean);
  await keepBeforeChange(ctx, project, root, [clean], `deleting ${clean}`);
  const folder = pinFolder(path.dirname(abs), await fsp.realpath(root));
  try {
    await fsp.rm(path.join(folder.path, path.basename(abs)), { recursive: true });
  } finally {
    folder.close();
  }
  touchProject(ctx, projectId);
  ctx.changed('files', projectId);
}

export { Readable };
