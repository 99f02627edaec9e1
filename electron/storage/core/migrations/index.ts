/**
 * Schema migrations, applied in order by `user_version` (Signal Desktop's pattern): each one runs in a
 * single transaction with the version bump, so a crash leaves the database at the old or the new version.
 * One file per version, named for it (`014-….ts`), listed here in order. Never edit a shipped migration;
 * add the next one.
 */
import * as m001 from './001-initial.js';
import * as m002 from './002-library-counters.js';
import * as m003 from './003-missing-content-marks.js';
import * as m004 from './004-media-records.js';
import * as m005 from './005-derived-image-indexes.js';
import * as m006 from './006-asset-seq-order.js';
import * as m007 from './007-checkpoint-dirs.js';
import * as m008 from './008-shared-manifests.js';
import * as m009 from './009-stat-cache-ctime.js';
import * as m010 from './010-remote-bucket.js';
import * as m011 from './011-render-comparisons.js';
import * as m012 from './012-proxies-and-review-notes.js';
import * as m013 from './013-asset-marks-and-saved-searches.js';
import * as m014 from './014-asset-sort-indexes.js';
import * as m015 from './015-render-jobs.js';
import * as m016 from './016-startup-indexes.js';

const ORDERED = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013, m014, m015, m016];

// A version out of place would be applied under the wrong user_version: refused on load, not at a user's library.
ORDERED.forEach((m, i) => {
  if (m.version !== i + 1) throw new Error(`migration ${m.version} is listed at position ${i + 1}`);
});

/** The version each listed migration says it is (its file is numbered the same). */
export const MIGRATION_VERSIONS: readonly number[] = ORDERED.map((m) => m.version);

/** The SQL of each migration: MIGRATIONS[v] takes a catalog from user_version v to v + 1. */
export const MIGRATIONS: readonly string[] = ORDERED.map((m) => m.sql);
