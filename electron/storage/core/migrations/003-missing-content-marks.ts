/**
 * Repair marks items whose stored content is gone (or damaged) instead of deleting them, so the
 * UI can say so and a restored backup can clear the mark.
 */
export const version = 3;

export const sql = `
  ALTER TABLE assets ADD COLUMN content_missing INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE renders ADD COLUMN content_missing INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE checkpoints ADD COLUMN missing_files INTEGER NOT NULL DEFAULT 0;
  `;
