/** Review notes on renders and checkpoints. */

/**
 * A review note: a comment on a frame or a range of frames of a render, or on a checkpoint (issue 14).
 * Frames are the render's own (frame 0 first), so a note means the same picture in every player.
 */
export interface ReviewNote {
  id: string;
  projectId: string;
  renderId: string | null;
  checkpointId: string | null;
  /** Null: about the whole render or checkpoint. */
  frameFrom: number | null;
  /** Equal to frameFrom for one frame; the last frame of a range (inclusive). */
  frameTo: number | null;
  body: string;
  author: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NotesExportFormat = 'csv' | 'text';
