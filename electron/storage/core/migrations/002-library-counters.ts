/**
 * A key/value table for library-wide counters. gc_epoch moves whenever gc deletes content, so
 * a writer can tell cheaply whether content it is about to reference may have been collected.
 */
export const version = 2;

export const sql = `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO meta (key, value) VALUES ('gc_epoch', '0');
  `;
