import { promises as fsp } from 'node:fs';
import type { VerifyProblem, VerifyReport } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';
import { verifyRemote } from '../remote/remote-verify.js';

/**
 * Checks the library: SQLite's integrity check, then every blob a row references is present with the
 * right size (and, with `full`, the right hash). Blob files no row knows are reported as stray.
 */
export async function verifyLibrary(ctx: StorageContext, opts: { full?: boolean; onProgress?: (done: number, total: number) => void } = {}): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const integrity = ctx.db.pragma('integrity_check') as { integrity_check: string }[];
  for (const r of integrity) if (r.integrity_check !== 'ok') problems.push({ kind: 'integrity', item: 'library.db', detail: r.integrity_check });
  const fk = ctx.db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  // A dangling manifest_id is reported below, by checkpoint id, with the other manifest checks.
  for (const r of fk) if (!(r.table === 'checkpoints' && r.parent === 'checkpoints')) problems.push({ kind: 'integrity', item: `${r.table} row ${r.rowid}`, detail: `points at a missing ${r.parent} row` });
  problems.push(...sharedManifestProblems(ctx));

  const blobs = ctx.db.prepare('SELECT sha256, size FROM blobs ORDER BY sha256').all() as { sha256: string; size: number }[];
  const referencedBy = ctx.db.prepare(
    `SELECT coalesce(
       (SELECT 'asset ' || id FROM assets WHERE sha256 = @s LIMIT 1),
       (SELECT 'render ' || id FROM renders WHERE sha256 = @s LIMIT 1),
       (SELECT 'checkpoint ' || checkpoint_id || ' ' || path FROM checkpoint_entries WHERE sha256 = @s LIMIT 1)) AS ref`,
  ).pluck();
  const mediaRef = ctx.db.prepare('SELECT 1 FROM media_info WHERE poster_grid = @s OR poster_detail = @s OR filmstrip = @s OR waveform = @s OR proxy = @s LIMIT 1').pluck();
  const known = new Set<string>();
  let done = 0;
  for (const b of blobs) {
    known.add(b.sha256);
    const file = ctx.blobs.pathOf(b.sha256);
    const st = await fsp.stat(file).catch(() => null);
    const who = () => (referencedBy.get({ s: b.sha256 }) as string | null) ?? `blob ${b.sha256}`;
    if (!st) {
      // Evicted from the cache after the bucket confirmed it: checked there, below.
      if (ctx.blobs.remote?.confirmed(b.sha256)) { /* in the bucket */ }
      // A row nothing references whose file is gone (gc stopped midway) is harmless: gc drops it.
      else if (referencedBy.get({ s: b.sha256 }) || mediaRef.get({ s: b.sha256 })) problems.push({ kind: 'missing-blob', item: who(), detail: `content ${b.sha256} is missing` });
    }
    else if (st.size !== b.size) problems.push({ kind: 'size-mismatch', item: who(), detail: `content ${b.sha256} is ${st.size} bytes, expected ${b.size}` });
    else if (opts.full) {
      const h = await ctx.blobs.hashFile(file);
      if (h.sha256 !== b.sha256) problems.push({ kind: 'hash-mismatch', item: who(), detail: `content ${b.sha256} hashes to ${h.sha256}` });
    }
    opts.onProgress?.(++done, blobs.length);
  }
  for await (const f of ctx.blobs.listOnDisk()) {
    if (!known.has(f.sha256)) problems.push({ kind: 'stray-file', item: f.file, detail: 'a file in the blob store that no row knows (gc removes it)' });
  }
  // Workspace folders no project row knows: gc never removes a workspace, so they are said here.
  const project = ctx.db.prepare('SELECT 1 FROM projects WHERE id = ?').pluck();
  for (const name of await fsp.readdir(ctx.dirs.workspaces).catch(() => [] as string[])) {
    if (!project.get(name)) problems.push({ kind: 'stray-folder', item: `workspaces/${name}`, detail: 'a workspace folder no project knows (a crash while a project was made, or a lost catalog row); it is kept — move or delete it yourself, or run "repair --rebuild" if the catalog was lost' });
  }
  // A library with a bucket: every confirmed object is checked there too (HEAD; --full streams and rehashes).
  const remote = ctx.remote ? await verifyRemote(ctx, ctx.remote, { full: !!opts.full }) : null;
  if (remote) problems.push(...remote.problems);
  return { ok: problems.length === 0, checkedBlobs: blobs.length, full: !!opts.full, problems, ...(remote ? { checkedRemote: remote.checked } : {}) };
}

/**
 * A checkpoint sharing another's manifest (migration 8) must point at an existing checkpoint of the
 * same project that owns its rows itself (never a chain) and whose manifest digest equals its own.
 */
function sharedManifestProblems(ctx: StorageContext): VerifyProblem[] {
  const rows = ctx.db
    .prepare(
      `SELECT c.id, c.manifest_id, o.id AS owner, o.manifest_id AS owner_manifest,
              o.project_id IS c.project_id AS same_project, o.manifest_hash IS c.manifest_hash AS same_hash
         FROM checkpoints c LEFT JOIN checkpoints o ON o.id = c.manifest_id
        WHERE c.manifest_id IS NOT NULL`,
    )
    .all() as { id: string; manifest_id: string; owner: string | null; owner_manifest: string | null; same_project: number; same_hash: number }[];
  const problems: VerifyProblem[] = [];
  for (const r of rows) {
    const item = `checkpoint ${r.id}`;
    if (r.owner === null) problems.push({ kind: 'integrity', item, detail: `its manifest_id ${r.manifest_id} points at no checkpoint: its files are unknown` });
    else if (r.owner_manifest !== null) problems.push({ kind: 'integrity', item, detail: `its manifest_id ${r.manifest_id} points at a checkpoint that shares another's manifest (a chain)` });
    else if (!r.same_project) problems.push({ kind: 'integrity', item, detail: `its manifest_id ${r.manifest_id} points at a checkpoint of another project` });
    else if (!r.same_hash) problems.push({ kind: 'integrity', item, detail: `its manifest_id ${r.manifest_id} points at a checkpoint with a different manifest` });
  }
  return problems;
}
