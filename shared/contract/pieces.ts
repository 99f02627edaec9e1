/**
 * The pieces every domain's channels are built from: the phantom output marker, ids, paths, names
 * and the caps several domains share. A piece used by one domain only lives in that domain's file.
 */
import { z } from 'zod';
import type { ErrorPayload } from '../errors.js';
import { SCOPES } from '../models.js';
import { limitMessages, PROJECT_NAME_MAX, SORT_ORDERS } from '../limits.js';

/** What every call answers: a value, or an error with a stable code. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** A phantom marker carrying an output type; it is never read at run time. */
export function returns<T>(): T {
  return undefined as T;
}

const idOf = (prefix: 'prj' | 'ast' | 'rnd' | 'ckp') => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{1,64}$`), `must be a ${prefix}_… id`);
export const projectId = idOf('prj');
export const assetId = idOf('ast');
export const renderId = idOf('rnd');
export const checkpointId = idOf('ckp');
/** A path inside a workspace: relative, forward slashes; the library refuses anything that leaves it. */
export const relPath = z.string().max(4096).refine((s) => !s.includes('\0'), 'must not contain NUL');
export const absPath = z.string().min(1).max(4096).refine((s) => !s.includes('\0'), 'must not contain NUL');
export const name200 = z.string().trim().min(1, 'must not be empty').max(PROJECT_NAME_MAX);
export const scope = z.enum(SCOPES);
export const ttlHours = z.number().positive().max(24 * 365);
export const sortOrder = z.enum(SORT_ORDERS, limitMessages.order);
export const importId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -');
export const noInput = z.strictObject({});
export const jobId = z.string().min(1).max(200);

/** Text reads stop here unless a smaller cap is asked for; the viewer shows the first part of huge files. */
export const TEXT_READ_DEFAULT = 1024 * 1024;
export const TEXT_READ_MAX = 16 * 1024 * 1024;
