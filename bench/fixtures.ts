/**
 * Fixtures the suite makes for itself under the OS temp folder. Content is random (incompressible,
 * so no tool wins by compressing) and every file is unique unless a case says otherwise.
 */
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, utimesSync, writeSync } from 'node:fs';
import path from 'node:path';

const CHUNK = 4 << 20;

export function makeRandomFile(file: string, bytes: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  const buf = Buffer.allocUnsafe(CHUNK);
  try {
    for (let done = 0; done < bytes; ) {
      const n = Math.min(CHUNK, bytes - done);
      randomFillSync(buf, 0, n);
      let off = 0;
      while (off < n) off += writeSync(fd, buf, off, n - off);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
}

export interface TreeSpec {
  files: number;
  /** Bytes per file (every file the same size, the worst case for size-based shortcuts). */
  fileSize: number;
  perDir: number;
  /** 'random' for media-like content, 'text' for small source-like files (diffable). */
  content: 'random' | 'text';
  /** Text trees only: file i holds the text of file i % distinct (fewer blobs to store, same manifest). */
  distinct?: number;
}

/** Relative path of the i-th file of a tree: d0000/f00000.bin … */
export function treeFile(spec: TreeSpec, i: number): string {
  const dir = `d${String(Math.floor(i / spec.perDir)).padStart(4, '0')}`;
  return `${dir}/f${String(i).padStart(6, '0')}.${spec.content === 'text' ? 'txt' : 'bin'}`;
}

export function textFor(i: number, version: number, size: number): Buffer {
  const line = `file ${i} version ${version}: the quick brown fox jumps over the lazy dog\n`;
  return Buffer.from(line.repeat(Math.max(1, Math.ceil(size / line.length))).slice(0, Math.max(size, line.length)));
}

export function makeTree(root: string, spec: TreeSpec): void {
  rmSync(root, { recursive: true, force: true });
  const buf = Buffer.allocUnsafe(spec.fileSize);
  for (let i = 0; i < spec.files; i++) {
    const rel = treeFile(spec, i);
    if (i % spec.perDir === 0) mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
    writeWhole(path.join(root, rel), spec.content === 'text' ? textFor(i % (spec.distinct ?? spec.files), 0, spec.fileSize) : (randomFillSync(buf), buf));
  }
}

function writeWhole(file: string, data: Buffer): void {
  const fd = openSync(file, 'w');
  try {
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
  } finally {
    closeSync(fd);
  }
}

/** Every regular file under root (skipping .git), relative paths. */
export function listFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const d of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    if (d.name === '.git') continue;
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...listFiles(root, r));
    else if (d.isFile()) out.push(r);
  }
  return out;
}

/**
 * Moves every file's mtime into the past. Checkpoints (like git) do not trust a file modified within
 * a moment of being scanned — it is "racily clean" — so a freshly written fixture would be re-read on
 * the next scan and the unchanged-tree case would not measure the steady state a real project is in.
 */
export function ageFiles(root: string, files: readonly string[], when: Date): void {
  for (const f of files) utimesSync(path.join(root, f), when, when);
}

/** Rewrites the given files with new content of the same size (so only content and mtime change). */
export function rewriteFiles(root: string, files: readonly string[], spec: TreeSpec, version: number, when: Date): number {
  let bytes = 0;
  const buf = Buffer.allocUnsafe(spec.fileSize);
  for (const rel of files) {
    const i = Number(/f(\d+)\./.exec(rel)?.[1] ?? 0);
    const data = spec.content === 'text' ? textFor(i, version, spec.fileSize) : (randomFillSync(buf), buf);
    writeWhole(path.join(root, rel), data);
    utimesSync(path.join(root, rel), when, when);
    bytes += data.length;
  }
  return bytes;
}

/** Empties a folder but keeps the named entries (a workspace's .git). */
export function emptyDir(root: string, keep: readonly string[] = []): void {
  for (const name of readdirSync(root)) {
    if (keep.includes(name)) continue;
    rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

/** n spread-out files of a tree, different for each round (round r takes every (files/n)-th file, offset r). */
export function pickFiles(spec: TreeSpec, n: number, round: number): string[] {
  const stride = Math.max(1, Math.floor(spec.files / n));
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(treeFile(spec, (k * stride + round) % spec.files));
  return out;
}
