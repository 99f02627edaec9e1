/** The trash.* channels: what was deleted, until it is restored or emptied. */
import { z } from 'zod';
import type { TrashItem } from '../models.js';
import { assetId, noInput, projectId, renderId, returns } from './pieces.js';

export const trashChannels = {
  /** What the caller has in the trash, newest first. */
  'trash.list': { input: noInput, output: returns<TrashItem[]>() },
  /** Takes projects, assets or renders back out of the trash. */
  'trash.restore': {
    input: z.strictObject({ ids: z.array(z.union([projectId, assetId, renderId])).min(1).max(10_000) }),
    output: returns<null>(),
  },
  /** Deletes for good what is in the trash (or only the ids given). */
  'trash.empty': {
    input: z.strictObject({ ids: z.array(z.union([projectId, assetId, renderId])).min(1).max(10_000).optional() }),
    output: returns<{ removed: number }>(),
  },
} as const;
