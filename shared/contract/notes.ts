/** The notes.* channels: review notes on a render's frames, a whole render or a checkpoint. */
import { z } from 'zod';
import type { ReviewNote } from '../models.js';
import { checkpointId, projectId, renderId, returns } from './pieces.js';

const noteId = z.string().regex(/^note_[0-9a-z]{1,64}$/, 'must be a note_… id');
const noteBody = z.string().trim().min(1, 'a note must say something').max(10_000);
const frame = z.number().int().min(0).max(10_000_000);
/** What a note list or export covers: one render, one checkpoint, or a whole project. */
const notesFormat = z.enum(['csv', 'text']);
const noteScope = z.union([z.strictObject({ renderId }), z.strictObject({ checkpointId }), z.strictObject({ projectId })]);

export const noteChannels = {
  /** Review notes on one render or checkpoint, or all of a project's: frame order, whole-item notes first. */
  'notes.list': { input: noteScope, output: returns<ReviewNote[]>() },
  /** Adds a review note on a frame or a range of frames (inclusive) of a render, on a whole render, or on a checkpoint. */
  'notes.add': {
    input: z.union([
      z.strictObject({ renderId, frameFrom: frame.optional(), frameTo: frame.optional(), body: noteBody }).refine((n) => n.frameTo === undefined || (n.frameFrom !== undefined && n.frameTo >= n.frameFrom), 'frameTo needs frameFrom and must not be before it'),
      z.strictObject({ checkpointId, body: noteBody }),
    ]),
    output: returns<ReviewNote>(),
  },
  /** Rewrites a review note's text. */
  'notes.update': { input: z.strictObject({ id: noteId, body: noteBody }), output: returns<ReviewNote>() },
  /** Deletes a review note. */
  'notes.delete': { input: z.strictObject({ id: noteId }), output: returns<null>() },
  /** The notes of a render, a checkpoint or a project as a CSV or plain-text file's content (timecodes at the render's rate), to save or download. */
  'notes.export': {
    input: z.union([z.strictObject({ renderId, format: notesFormat }), z.strictObject({ checkpointId, format: notesFormat }), z.strictObject({ projectId, format: notesFormat })]),
    output: returns<{ text: string; fileName: string; mime: string; count: number }>(),
  },
} as const;
