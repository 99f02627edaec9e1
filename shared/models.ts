/**
 * The records the library returns and the UI shows. Plain data only: every timestamp is a
 * UTC ISO-8601 string (…Z), every size is bytes, every hash is lowercase hex sha256.
 * Each domain's records live in shared/models/<domain>.ts; import them from here.
 */

export * from './models/scopes.js';
export * from './models/projects.js';
export * from './models/files.js';
export * from './models/media.js';
export * from './models/assets.js';
export * from './models/renders.js';
export * from './models/checkpoints.js';
export * from './models/trash.js';
export * from './models/maintenance.js';
export * from './models/jobs.js';
export * from './models/notes.js';
