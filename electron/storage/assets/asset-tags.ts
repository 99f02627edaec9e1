import { invalid } from '../../../shared/errors.js';
import type { StorageContext } from '../core/context.js';

/** Tags are trimmed, lowercased, unique; the FTS row is rewritten with them so search sees them at once. */
export function cleanTags(tags: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of tags) {
    if (typeof t !== 'string') throw invalid('tags must be strings');
    const c = t.trim().toLowerCase();
    if (c === '') continue;
    if (c.length > 100) throw invalid('a tag must be at most 100 characters');
    out.add(c);
  }
  return [...out].sort();
}

export function replaceAssetTags(ctx: StorageContext, seq: number, name: string, tags: readonly string[]): void {
  const clean = cleanTags(tags);
  ctx.db.prepare('DELETE FROM asset_tags WHERE asset_seq = ?').run(seq);
  const add = ctx.db.prepare('INSERT INTO asset_tags (asset_seq, tag) VALUES (?, ?)');
  for (const t of clean) add.run(seq, t);
  writeFts(ctx, seq, name, clean);
}

export function tagsOf(ctx: StorageContext, seq: number): string[] {
  return ctx.db.prepare('SELECT tag FROM asset_tags WHERE asset_seq = ? ORDER BY tag').pluck().all(seq) as string[];
}

export function writeFts(ctx: StorageContext, seq: number, name: string, tags: readonly string[]): void {
  ctx.db.prepare('DELETE FROM assets_fts WHERE rowid = ?').run(seq);
  ctx.db.prepare('INSERT INTO assets_fts (rowid, name, tags) VALUES (?, ?, ?)').run(seq, searchableName(name), tags.join(' '));
}

/** File names split into words too: "intro_logo-v2.mp4" is found by "logo" and "v2". */
export function searchableName(name: string): string {
  return `${name} ${name.replace(/[._-]+/g, ' ')}`;
}
