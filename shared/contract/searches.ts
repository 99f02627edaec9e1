/** The searches.* channels: saved asset searches (smart collections). */
import { z } from 'zod';
import type { SavedSearch } from '../models.js';
import { assetFilter } from './assets.js';
import { name200, noInput, returns } from './pieces.js';

export const searchChannels = {
  /** The caller's saved searches (smart collections) and the shared ones, by name. */
  'searches.list': { input: noInput, output: returns<SavedSearch[]>() },
  /** Saves an asset search under a name (the same name again replaces it); shared: for everyone using the library. */
  'searches.save': { input: z.strictObject({ name: name200, filter: z.strictObject(assetFilter), shared: z.boolean().optional() }), output: returns<SavedSearch>() },
  /** Deletes a saved search. */
  'searches.delete': { input: z.strictObject({ id: z.string().regex(/^srch_[0-9a-z]{1,64}$/, 'must be a srch_… id') }), output: returns<null>() },
} as const;
