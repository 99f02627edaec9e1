import type { Actor, NotesExportFormat, ReviewNote } from '../../../shared/models.js';
import { invalid, notFound } from '../../../shared/errors.js';
import { smpteOfFrame } from '../../../shared/timecode.js';
import type { StorageContext } from '../core/context.js';
import { nowIso } from '../core/context.js';
import { newId } from '../core/ids.js';
import { checkpointRow } from '../checkpoints/checkpoints.js';
import { projectRow } from '../projects/project-rows.js';
import { renderRow } from './renders.js';

interface NoteRow {
  id: string;
  project_id: string;
  render_id: string | null;
  checkpoint_id: string | null;
  frame_from: number | null;
  frame_to: number | null;
  body: string;
  author: string | null;
  created_at: string;
  updated_at: string;
}

export const NOTE_MAX_CHARS = 10_000;

function toNote(r: NoteRow): ReviewNote {
  return {
    id: r.id,
    projectId: r.project_id,
    renderId: r.render_id,
    checkpointId: r.checkpoint_id,
    frameFrom: r.frame_from,
    frameTo: r.frame_to,
    body: r.body,
    author: r.author,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export type NoteTarget = { renderId: string } | { checkpointId: string };

export interface AddNoteInput {
  body: string;
  /** A frame of the render; with frameTo, a range (inclusive). Neither: the whole render or checkpoint. */
  frameFrom?: number | undefined;
  frameTo?: number | undefined;
}

/** The project a note target belongs to, checked against the caller's visibility (a render in the trash takes none). */
function targetProject(ctx: StorageContext, actor: Actor, t: NoteTarget): string {
  if ('renderId' in t) return renderRow(ctx, actor, t.renderId).project_id;
  return checkpointRow(ctx, actor, t.checkpointId).row.project_id;
}

function cleanBody(body: string): string {
  const b = body.trim();
  if (!b) throw invalid('a note must say something');
  if (b.length > NOTE_MAX_CHARS) throw invalid(`a note is at most ${NOTE_MAX_CHARS} characters`);
  return b;
}

function frames(t: NoteTarget, input: AddNoteInput): { from: number | null; to: number | null } {
  if (input.frameFrom === undefined) {
    if (input.frameTo !== undefined) throw invalid('frameTo needs frameFrom');
    return { from: null, to: null };
  }
  if (!('renderId' in t)) throw invalid('a checkpoint has no frames: a note on it is about the whole checkpoint');
  const from = input.frameFrom;
  const to = input.frameTo ?? from;
  if (!Number.isInteger(from) || from < 0 || !Number.isInteger(to)) throw invalid('frames are whole numbers from 0');
  if (to < from) throw invalid('the range ends before it starts');
  return { from, to };
}

/** A note on a frame, a range of frames or the whole of a render, or on a checkpoint. */
export function addNote(ctx: StorageContext, actor: Actor, target: NoteTarget, input: AddNoteInput): ReviewNote {
  const projectId = targetProject(ctx, actor, target);
  const body = cleanBody(input.body);
  const { from, to } = frames(target, input);
  const id = newId('note');
  const now = nowIso(ctx);
  ctx.db
    .prepare(
      `INSERT INTO review_notes (id, project_id, render_id, checkpoint_id, frame_from, frame_to, body, author, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, projectId, 'renderId' in target ? target.renderId : null, 'checkpointId' in target ? target.checkpointId : null, from, to, body, actor.userId ?? null, now, now);
  ctx.changed('renders', projectId);
  return getNote(ctx, actor, id);
}

function noteRow(ctx: StorageContext, actor: Actor, id: string): NoteRow {
  const row = ctx.db.prepare('SELECT * FROM review_notes WHERE id = ?').get(id) as NoteRow | undefined;
  if (!row) throw notFound(`note ${id}`);
  try {
    projectRow(ctx, actor, row.project_id);
  } catch {
    throw notFound(`note ${id}`);
  }
  return row;
}

export function getNote(ctx: StorageContext, actor: Actor, id: string): ReviewNote {
  return toNote(noteRow(ctx, actor, id));
}

/**
 * Notes on one render or checkpoint, or every note of a project (on renders not in the trash and
 * on its checkpoints): in frame order, whole-item notes first, then by when they were written.
 */
export function listNotes(ctx: StorageContext, actor: Actor, scope: NoteTarget | { projectId: string }): ReviewNote[] {
  let rows: NoteRow[];
  const order = 'ORDER BY n.frame_from IS NOT NULL, n.frame_from, n.created_at, n.id';
  if ('projectId' in scope) {
    projectRow(ctx, actor, scope.projectId);
    rows = ctx.db
      .prepare(
        `SELECT n.* FROM review_notes n LEFT JOIN renders r ON r.id = n.render_id
          WHERE n.project_id = ? AND (n.render_id IS NULL OR r.deleted_at IS NULL) ORDER BY n.render_id IS NULL, r.created_at, n.render_id, n.checkpoint_id, n.frame_from IS NOT NULL, n.frame_from, n.created_at, n.id`,
      )
      .all(scope.projectId) as NoteRow[];
  } else if ('renderId' in scope) {
    renderRow(ctx, actor, scope.renderId);
    rows = ctx.db.prepare(`SELECT n.* FROM review_notes n WHERE n.render_id = ? ${order}`).all(scope.renderId) as NoteRow[];
  } else {
    checkpointRow(ctx, actor, scope.checkpointId);
    rows = ctx.db.prepare(`SELECT n.* FROM review_notes n WHERE n.checkpoint_id = ? ${order}`).all(scope.checkpointId) as NoteRow[];
  }
  return rows.map(toNote);
}

export function updateNote(ctx: StorageContext, actor: Actor, id: string, body: string): ReviewNote {
  const row = noteRow(ctx, actor, id);
  ctx.db.prepare('UPDATE review_notes SET body = ?, updated_at = ? WHERE id = ?').run(cleanBody(body), nowIso(ctx), id);
  ctx.changed('renders', row.project_id);
  return getNote(ctx, actor, id);
}

export function deleteNote(ctx: StorageContext, actor: Actor, id: string): void {
  const row = noteRow(ctx, actor, id);
  ctx.db.prepare('DELETE FROM review_notes WHERE id = ?').run(id);
  ctx.changed('renders', row.project_id);
}

/** One CSV field: quoted when it holds a comma, quote or line break; a leading = + - @ is defused for spreadsheets. */
function csvField(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface NotesExport {
  text: string;
  fileName: string;
  mime: string;
  count: number;
}

/**
 * A review's notes as a file: CSV (one row per note, timecodes at the render's rate, for a
 * spreadsheet or an editing system's marker import) or plain text (a list to paste into a mail).
 */
export function exportNotes(ctx: StorageContext, actor: Actor, scope: NoteTarget | { projectId: string }, format: NotesExportFormat): NotesExport {
  const notes = listNotes(ctx, actor, scope);
  const projectId = 'projectId' in scope ? scope.projectId : targetProject(ctx, actor, scope);
  const project = projectRow(ctx, actor, projectId);
  const renders = new Map<string, { name: string; fps: number }>();
  const checkpoints = new Map<string, string>();
  for (const n of notes) {
    if (n.renderId && !renders.has(n.renderId)) {
      const r = ctx.db.prepare('SELECT r.name, r.fps, m.probe FROM renders r LEFT JOIN media_info m ON m.sha256 = r.sha256 WHERE r.id = ?').get(n.renderId) as { name: string; fps: number | null; probe: string | null };
      const probed = r.probe ? (JSON.parse(r.probe) as { fps?: number | null }).fps ?? null : null;
      renders.set(n.renderId, { name: r.name, fps: r.fps ?? probed ?? project.fps });
    }
    if (n.checkpointId && !checkpoints.has(n.checkpointId)) {
      checkpoints.set(n.checkpointId, (ctx.db.prepare('SELECT name FROM checkpoints WHERE id = ?').pluck().get(n.checkpointId) as string | undefined) ?? n.checkpointId);
    }
  }
  const tc = (n: ReviewNote, f: number | null) => (f === null || !n.renderId ? '' : smpteOfFrame(f, renders.get(n.renderId)?.fps ?? project.fps));
  const about = (n: ReviewNote) => (n.renderId ? `render “${renders.get(n.renderId)?.name ?? n.renderId}”` : `checkpoint “${checkpoints.get(n.checkpointId ?? '') ?? n.checkpointId}”`);
  const base = `${project.name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'project'}-notes`;
  if (format === 'csv') {
    const header = ['render', 'checkpoint', 'frame_from', 'frame_to', 'timecode_from', 'timecode_to', 'author', 'created_at', 'note'];
    const lines = notes.map((n) =>
      [n.renderId ? (renders.get(n.renderId)?.name ?? n.renderId) : '', n.checkpointId ? (checkpoints.get(n.checkpointId) ?? n.checkpointId) : '', n.frameFrom, n.frameTo, tc(n, n.frameFrom), tc(n, n.frameTo), n.author, n.createdAt, n.body]
        .map(csvField)
        .join(','),
    );
    return { text: `${[header.join(','), ...lines].join('\r\n')}\r\n`, fileName: `${base}.csv`, mime: 'text/csv', count: notes.length };
  }
  const out = [`Review notes: ${project.name} (${notes.length})`, ''];
  for (const n of notes) {
    const where = n.frameFrom === null ? 'whole' : n.frameTo !== null && n.frameTo !== n.frameFrom ? `${tc(n, n.frameFrom)}–${tc(n, n.frameTo)} (frames ${n.frameFrom}–${n.frameTo})` : `${tc(n, n.frameFrom)} (frame ${n.frameFrom})`;
    out.push(`[${about(n)} · ${where}] ${n.author ?? 'someone'}, ${n.createdAt}`);
    for (const l of n.body.split(/\r?\n/)) out.push(`  ${l}`);
    out.push('');
  }
  return { text: out.join('\n'), fileName: `${base}.txt`, mime: 'text/plain', count: notes.length };
}
