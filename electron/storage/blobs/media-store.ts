import type { JobRecord, JobState, MediaProbe, MediaSummary } from '../../../shared/models.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { assertContentPresent, gcEpoch } from '../maintenance/gc-guard.js';
import { cachedStatement } from '../core/statement-cache.js';

/** Content that media work applies to: images, audio and video, as assets or renders. */
export interface MediaTarget {
  sha256: string;
  /** The asset type, or 'video' for a render. */
  type: 'image' | 'video' | 'audio';
  name: string;
  mime: string;
}

interface MediaRow {
  sha256: string;
  state: 'pending' | 'done' | 'failed';
  error: string | null;
  probe: string | null;
  poster_grid: string | null;
  poster_detail: string | null;
  filmstrip: string | null;
  filmstrip_meta: string | null;
  waveform: string | null;
  note: string | null;
  proxy: string | null;
  proxy_state: 'pending' | 'done' | 'failed' | null;
  proxy_error: string | null;
}

function toSummary(r: MediaRow): MediaSummary {
  const meta = r.filmstrip_meta ? (JSON.parse(r.filmstrip_meta) as { frames: number; tileWidth: number; tileHeight: number }) : null;
  return {
    state: r.state,
    error: r.error,
    probe: r.probe ? (JSON.parse(r.probe) as MediaProbe) : null,
    posterGrid: r.poster_grid,
    posterDetail: r.poster_detail,
    filmstrip: r.filmstrip && meta ? { sha256: r.filmstrip, ...meta } : null,
    waveform: r.waveform,
    note: r.note,
    proxy: r.proxy_state ? { state: r.proxy_state, sha256: r.proxy, error: r.proxy_error } : null,
  };
}

/** Media summaries for many contents at once (one query per page of records). */
export function mediaFor(ctx: StorageContext, shas: readonly string[]): Map<string, MediaSummary> {
  const out = new Map<string, MediaSummary>();
  const unique = [...new Set(shas)];
  for (let i = 0; i < unique.length; i += 500) {
    const part = unique.slice(i, i + 500);
    const rows = cachedStatement(ctx.db, `SELECT * FROM media_info WHERE sha256 IN (${part.map(() => '?').join(',')})`).all(...part) as MediaRow[];
    for (const r of rows) out.set(r.sha256, toSummary(r));
  }
  return out;
}

/** Asset rows one claim looks at, at most: a pass over a big library costs a page, not the library. */
export const CLAIM_PAGE_ROWS = 1000;

/**
 * Where the media worker's claims have looked, kept per open library (index.ts). Assets are walked
 * newest first by seq, a page per claim, in descents: `walks` is a stack of seq ranges still to
 * look at (`next` down to just above `stop`), the newest on top; `top` is the highest seq any walk
 * covers. Rows above `top` are new and start a descent of their own, so new imports are claimed
 * first, and a descent left unfinished resumes once the newer one is done. A fresh cursor (each
 * open) walks the whole library again, so nothing owed is skipped across restarts.
 *
 * SQLite reuses the seqs of the newest rows once they are deleted (seq is a rowid, not
 * AUTOINCREMENT), and a row can only take a seq at or below `top` if the row at `top` is gone: so
 * the claim checks that the row at `top` is still the one it saw (`topId`) and walks the whole
 * library again when it is not.
 */
export class MediaClaimCursor {
  top = 0;
  topId: string | null = null;
  walks: { next: number; stop: number }[] = [];
  /** Content whose record was reset (a retry): looked up by sha256 at the next claim, wherever its rows are. */
  readonly recheck = new Set<string>();
  /** Asset rows the last claim examined (tests assert the bound on this, never on time). */
  lastExamined = 0;

  /** True when every asset row has been looked at since it was last seen to change. */
  get done(): boolean {
    return this.walks.length === 0 && this.recheck.size === 0;
  }
}

/**
 * Content with no media record yet: what was imported or rendered since the worker last looked.
 * Each is marked pending in the same call, so a second look does not hand it out twice. Examines
 * at most `CLAIM_PAGE_ROWS` asset rows (through the primary key, newest first) and every render
 * without a record (renders are few); call again while `cursor.done` is false to go on.
 */
export function claimMediaWork(ctx: StorageContext, limit = 500, cursor: MediaClaimCursor = new MediaClaimCursor()): MediaTarget[] {
  return ctx.db.transaction(() => {
    const out: MediaTarget[] = [];
    const seen = new Set<string>();
    const take = (r: MediaTarget) => {
      if (seen.has(r.sha256)) return;
      seen.add(r.sha256);
      out.push({ sha256: r.sha256, type: r.type, name: r.name, mime: r.mime });
    };
    for (const sha of [...cursor.recheck]) {
      const r = cachedStatement(
        ctx.db,
        `SELECT a.sha256, a.type, a.name, a.mime FROM assets a
          WHERE a.sha256 = ? AND a.type IN ('image','video','audio') AND a.deleted_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM media_info m WHERE m.sha256 = a.sha256)
          ORDER BY a.seq DESC LIMIT 1`,
      ).get(sha) as MediaTarget | undefined;
      if (r) take(r);
      cursor.recheck.delete(sha);
    }
    if (cursor.topId !== null) {
      const at = cachedStatement(ctx.db, 'SELECT id FROM assets WHERE seq = ?').pluck().get(cursor.top) as string | undefined;
      if (at !== cursor.topId) {
        // The newest row seen is gone: seqs at or below it may have been given to new rows.
        cursor.walks = [];
        cursor.top = 0;
        cursor.topId = null;
      }
    }
    const head = cachedStatement(ctx.db, 'SELECT seq, id FROM assets ORDER BY seq DESC LIMIT 1').get() as { seq: number; id: string } | undefined;
    if (head && head.seq > cursor.top) {
      cursor.walks.push({ next: head.seq, stop: cursor.top });
      cursor.top = head.seq;
      cursor.topId = head.id;
    }
    const page = cachedStatement(
      ctx.db,
      `SELECT a.seq, a.sha256, a.type, a.name, a.mime,
              a.type IN ('image','video','audio') AND a.deleted_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM media_info m WHERE m.sha256 = a.sha256) AS owed
         FROM assets a WHERE a.seq <= ? AND a.seq > ? ORDER BY a.seq DESC LIMIT ?`,
    );
    let examined = 0;
    while (cursor.walks.length && examined < CLAIM_PAGE_ROWS && out.length < limit) {
      const w = cursor.walks[cursor.walks.length - 1]!;
      const want = CLAIM_PAGE_ROWS - examined;
      const rows = page.all(w.next, w.stop, want) as (MediaTarget & { seq: number; owed: number })[];
      let full = false;
      for (const r of rows) {
        examined++;
        w.next = r.seq - 1;
        if (r.owed) take(r);
        if (out.length >= limit) {
          full = true;
          break;
        }
      }
      if (!full && rows.length < want) cursor.walks.pop(); // this descent reached its floor
      else if (w.next <= w.stop) cursor.walks.pop();
    }
    cursor.lastExamined = examined;
    if (out.length < limit) {
      const renders = cachedStatement(
        ctx.db,
        `SELECT r.sha256, 'video' AS type, r.name, 'video/' || r.format AS mime FROM renders r
          WHERE r.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM media_info m WHERE m.sha256 = r.sha256)
          ORDER BY r.rowid DESC LIMIT ?`,
      ).all(limit - out.length) as MediaTarget[];
      for (const r of renders) if (out.length < limit) take(r);
    }
    const mark = cachedStatement(ctx.db, "INSERT OR IGNORE INTO media_info (sha256, state, updated_at) VALUES (?, 'pending', ?)");
    const now = nowIso(ctx);
    for (const r of out) mark.run(r.sha256, now);
    return out;
  })();
}

/**
 * Pending records left by a run that ended before finishing them (they are handed out again): all of
 * them, or one page in sha256 order after `page.after` (the primary key's index), so a host can
 * re-queue thousands between answering requests.
 */
export function pendingMedia(ctx: StorageContext, page?: { after: string; limit: number }): MediaTarget[] {
  return cachedStatement(
    ctx.db,
    `SELECT m.sha256,
            coalesce((SELECT type FROM assets WHERE sha256 = m.sha256 LIMIT 1), 'video') AS type,
            coalesce((SELECT name FROM assets WHERE sha256 = m.sha256 LIMIT 1), (SELECT name FROM renders WHERE sha256 = m.sha256 LIMIT 1), m.sha256) AS name,
            coalesce((SELECT mime FROM assets WHERE sha256 = m.sha256 LIMIT 1), 'video/mp4') AS mime
       FROM media_info m WHERE m.state = 'pending' AND m.sha256 > ? ORDER BY m.sha256 LIMIT ?`,
  ).all(page?.after ?? '', page?.limit ?? -1) as MediaTarget[];
}

export interface MediaResult {
  probe: MediaProbe | null;
  /** Derived images, already stored as blobs (their sha256 and size). */
  posterGrid?: { sha256: string; size: number } | undefined;
  posterDetail?: { sha256: string; size: number } | undefined;
  filmstrip?: { sha256: string; size: number; frames: number; tileWidth: number; tileHeight: number } | undefined;
  waveform?: { sha256: string; size: number } | undefined;
  error?: string | undefined;
  /** The original is a video the page cannot decode: a proxy job follows (saveProxy records it). */
  proxyPending?: boolean | undefined;
}

/**
 * Records what media work found and fills the records: assets get width, height and duration; renders
 * get the probed values where the caller's disagree, and a note says what was corrected.
 */
export function saveMediaResult(ctx: StorageContext, sha256: string, r: MediaResult, epochBefore: number = gcEpoch(ctx)): MediaSummary | null {
  const now = nowIso(ctx);
  const derived = [r.posterGrid, r.posterDetail, r.filmstrip, r.waveform].filter((d): d is { sha256: string; size: number } => !!d);
  const notes: string[] = [];
  ctx.db.transaction(() => {
    if (!ctx.db.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').pluck().get(sha256)) return; // the content was collected meanwhile
    assertContentPresent(ctx, epochBefore, derived.map((d) => d.sha256));
    const addBlob = ctx.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)');
    for (const d of derived) addBlob.run(d.sha256, d.size, now);
    const p = r.probe;
    if (p) {
      ctx.db
        .prepare('UPDATE assets SET width = coalesce(?, width), height = coalesce(?, height), duration = coalesce(?, duration), updated_at = ? WHERE sha256 = ?')
        .run(p.width, p.height, p.durationSeconds, now, sha256);
      const renders = ctx.db.prepare('SELECT id, width, height, fps, duration, codec, bitrate_kbps FROM renders WHERE sha256 = ?').all(sha256) as {
        id: string; width: number | null; height: number | null; fps: number | null; duration: number | null; codec: string | null; bitrate_kbps: number | null;
      }[];
      for (const x of renders) {
        const fix = <T>(label: string, given: T | null, probed: T | null, same: (a: T, b: T) => boolean): T | null => {
          if (probed === null) return given;
          if (given !== null && !same(given, probed)) notes.push(`${label} ${String(given)} → ${String(probed)}`);
          return probed;
        };
        const near = (tol: number) => (a: number, b: number) => Math.abs(a - b) <= tol;
        ctx.db
          .prepare('UPDATE renders SET width = ?, height = ?, fps = ?, duration = ?, codec = ?, bitrate_kbps = ? WHERE id = ?')
          .run(
            fix('width', x.width, p.width, near(0)),
            fix('height', x.height, p.height, near(0)),
            fix('fps', x.fps, p.fps, near(0.01)),
            fix('duration', x.duration, p.durationSeconds !== null ? Math.round(p.durationSeconds * 1000) / 1000 : null, near(0.1)),
            fix('codec', x.codec, p.videoCodec, (a, b) => a.toLowerCase() === b.toLowerCase()),
            fix('bitrate', x.bitrate_kbps, p.bitrateKbps, near(Math.max(1, (x.bitrate_kbps ?? 0) * 0.05))),
            x.id,
          );
      }
    }
    ctx.db
      .prepare(
        `INSERT OR REPLACE INTO media_info (sha256, state, error, probe, poster_grid, poster_detail, filmstrip, filmstrip_meta, waveform, note, proxy_state, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        sha256,
        r.error ? 'failed' : 'done',
        r.error ?? null,
        p ? JSON.stringify(p) : null,
        r.posterGrid?.sha256 ?? null,
        r.posterDetail?.sha256 ?? null,
        r.filmstrip?.sha256 ?? null,
        r.filmstrip ? JSON.stringify({ frames: r.filmstrip.frames, tileWidth: r.filmstrip.tileWidth, tileHeight: r.filmstrip.tileHeight }) : null,
        r.waveform?.sha256 ?? null,
        notes.length ? `Corrected from the file: ${[...new Set(notes)].join(', ')}` : null,
        r.proxyPending ? 'pending' : null,
        now,
      );
  }).immediate();
  ctx.changed('media');
  return mediaFor(ctx, [sha256]).get(sha256) ?? null;
}

/**
 * Records the playback proxy made for content (a derived blob, like a poster) or why none could be
 * made. Nothing happens when the content's media record was reset or collected meanwhile.
 */
export function saveProxy(ctx: StorageContext, sha256: string, r: { proxy: { sha256: string; size: number } } | { error: string }, epochBefore: number = gcEpoch(ctx)): void {
  const now = nowIso(ctx);
  ctx.db.transaction(() => {
    if (!ctx.db.prepare("SELECT 1 FROM media_info WHERE sha256 = ? AND proxy_state IS NOT NULL").pluck().get(sha256)) return;
    if ('proxy' in r) {
      assertContentPresent(ctx, epochBefore, [r.proxy.sha256]);
      ctx.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)').run(r.proxy.sha256, r.proxy.size, now);
      ctx.db.prepare("UPDATE media_info SET proxy = ?, proxy_state = 'done', proxy_error = NULL, updated_at = ? WHERE sha256 = ?").run(r.proxy.sha256, now, sha256);
    } else {
      ctx.db.prepare("UPDATE media_info SET proxy = NULL, proxy_state = 'failed', proxy_error = ?, updated_at = ? WHERE sha256 = ?").run(r.error, now, sha256);
    }
  }).immediate();
  ctx.changed('media');
}

/** Content whose proxy was wanted but never finished (a restart in between): made again. */
export function pendingProxies(ctx: StorageContext): string[] {
  return ctx.db.prepare("SELECT sha256 FROM media_info WHERE proxy_state = 'pending' AND state != 'pending'").pluck().all() as string[];
}

/**
 * Videos probed before probes said whether a browser plays them (libraries older than migration
 * 12): the media worker decides from the recorded probe, then `settleProxyDecision` stores its
 * answer in the probe (so each is looked at once) and marks a proxy pending where one is wanted.
 */
export function undecidedVideos(ctx: StorageContext, limit = 1000): { sha256: string; probe: MediaProbe }[] {
  // Every probe since migration 12 records the answer, so once a pass finds none there are none for
  // good: later opens skip the look (a scan of every media record, 0.4 s at 1,000,000 at each start).
  if (cachedStatement(ctx.db, "SELECT value FROM meta WHERE key = 'proxy_decisions_settled'").pluck().get() === '1') return [];
  const rows = ctx.db
    .prepare(
      `SELECT sha256, probe FROM media_info
        WHERE state = 'done' AND proxy_state IS NULL AND probe IS NOT NULL
          AND json_extract(probe, '$.kind') = 'video' AND json_extract(probe, '$.browserPlayable') IS NULL LIMIT ?`,
    )
    .all(limit) as { sha256: string; probe: string }[];
  if (rows.length === 0 && !ctx.readOnly) ctx.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('proxy_decisions_settled', '1')").run();
  return rows.map((r) => ({ sha256: r.sha256, probe: JSON.parse(r.probe) as MediaProbe }));
}

export function settleProxyDecision(ctx: StorageContext, sha256: string, browserPlayable: boolean): void {
  ctx.db
    .prepare(
      `UPDATE media_info SET probe = json_set(probe, '$.browserPlayable', json(?)), proxy_state = CASE WHEN ? THEN proxy_state ELSE 'pending' END
        WHERE sha256 = ? AND proxy_state IS NULL`,
    )
    .run(browserPlayable ? 'true' : 'false', browserPlayable ? 1 : 0, sha256);
}

/** Forgets what media work found for content, so it is done again (the UI's "retry"). */
export function resetMedia(ctx: StorageContext, sha256: string): void {
  ctx.db.prepare('DELETE FROM media_info WHERE sha256 = ?').run(sha256);
  ctx.changed('media');
}

/** The media job queue's persistence: queued and running jobs survive a restart. */
export const jobRows = {
  save(ctx: StorageContext, j: JobRecord): void {
    ctx.db
      .prepare('INSERT OR REPLACE INTO jobs (id, kind, payload, state, attempts, priority, timeout_ms, error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(j.id, j.kind, JSON.stringify(j.payload ?? null), j.state, j.attempts, j.priority, j.timeoutMs ?? null, j.error ?? null, j.createdAt, j.updatedAt);
  },
  remove(ctx: StorageContext, id: string): void {
    ctx.db.prepare('DELETE FROM jobs WHERE id = ?').run(id);
  },
  apply(ctx: StorageContext, ops: readonly ({ save: JobRecord } | { remove: string })[]): void {
    if (ops.length === 0) return;
    ctx.db.transaction(() => {
      for (const op of ops) {
        if ('save' in op) jobRows.save(ctx, op.save);
        else jobRows.remove(ctx, op.remove);
      }
    })();
  },
  loadPending(ctx: StorageContext): JobRecord[] {
    const rows = ctx.db.prepare("SELECT * FROM jobs WHERE state IN ('queued','running') ORDER BY created_at").all() as {
      id: string; kind: string; payload: string; state: string; attempts: number; priority: number; timeout_ms: number | null; error: string | null; created_at: string; updated_at: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      payload: JSON.parse(r.payload) as unknown,
      state: r.state as JobState,
      attempts: r.attempts,
      priority: r.priority,
      ...(r.timeout_ms !== null ? { timeoutMs: r.timeout_ms } : {}),
      ...(r.error !== null ? { error: r.error } : {}),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  },
};
