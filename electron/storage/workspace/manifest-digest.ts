/**
 * The digests of a manifest (a checkpoint's list of entries): treeHash for "same tree" (what a user
 * means by unchanged), manifestHash over every field (the condition for two checkpoints sharing
 * rows), and the per-project memo that lets a scan of an unchanged tree skip hashing it again. Kept
 * in the workspace folder beside the scan that produces them (checkpoints import both).
 */
import { createHash } from 'node:crypto';
import type { ManifestEntry } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';

/**
 * The last manifest each project's scan produced, with its digests: a scan whose entries are equal
 * to it, field by field (the common case of an unchanged tree), takes the digests instead of
 * building and hashing 10,000 lines again.
 */
const digestMemos = new WeakMap<StorageContext, Map<string, { entries: ManifestEntry[]; tree: string; manifest: string }>>();

function sameEntries(a: readonly ManifestEntry[], b: readonly ManifestEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as ManifestEntry;
    const y = b[i] as ManifestEntry;
    if (x.path !== y.path || x.kind !== y.kind || x.sha256 !== y.sha256 || x.size !== y.size || x.mode !== y.mode) return false;
  }
  return true;
}

/** The digests of a scan's manifest, from the project's memo when its entries are unchanged. */
export function scanDigests(ctx: StorageContext, projectId: string, manifest: readonly ManifestEntry[]): { tree: string; manifest: string } {
  const memos = digestMemos.get(ctx) ?? (digestMemos.set(ctx, new Map()).get(ctx) as Map<string, { entries: ManifestEntry[]; tree: string; manifest: string }>);
  const last = memos.get(projectId);
  if (last && sameEntries(last.entries, manifest)) return { tree: last.tree, manifest: last.manifest };
  const d = manifestDigests(manifest);
  // Entries are handed to the caller, who may change them: the memo keeps copies.
  memos.set(projectId, { entries: manifest.map((e) => ({ ...e })), tree: d.tree, manifest: d.manifest });
  return d;
}

/** A digest of a manifest: equal trees, equal hashes, whatever order they were listed in. */
export function treeHash(entries: readonly ManifestEntry[]): string {
  return manifestDigests(entries).tree;
}

/**
 * A digest of every field of a manifest (path, kind, content hash, size, full mode), in path order.
 * Unlike treeHash it leaves nothing out, so equal digests mean rows equal in every column: the
 * condition for two checkpoints sharing them. Fields end in NUL, which no path can hold, so no name
 * can forge a boundary.
 */
export function manifestHash(entries: readonly ManifestEntry[]): string {
  return manifestDigests(entries).manifest;
}

/** Both digests from one sort of the entries, each hashed as one string. */
function manifestDigests(entries: readonly ManifestEntry[]): { tree: string; manifest: string } {
  // A walk lists names sorted within each folder, which is path order unless a folder's name is a
  // prefix of a sibling's followed by a character below '/' ("a" and "a.txt"): sort only then.
  let inOrder = true;
  for (let i = 1; i < entries.length && inOrder; i++) inOrder = (entries[i - 1] as ManifestEntry).path < (entries[i] as ManifestEntry).path;
  const sorted = inOrder ? entries : [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const tree: string[] = [];
  const full: string[] = ['manifest v1'];
  for (const e of sorted) {
    tree.push(`${e.kind}\t${e.path}\t${e.sha256 ?? '-'}\t${e.kind === 'file' ? (e.mode & 0o111 ? 'x' : '-') : ''}\n`);
    full.push(`${e.path}\0${e.kind}\0${e.sha256 ?? '-'}\0${e.size}\0${e.mode}`);
  }
  return {
    tree: createHash('sha256').update(tree.join('')).digest('hex'),
    manifest: createHash('sha256').update(full.join('\0')).digest('hex'),
  };
}
