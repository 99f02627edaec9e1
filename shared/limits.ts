/**
 * The limits of what a caller may ask for, defined once: the contract's zod schemas are built from
 * them (the gate every host passes), and the storage library, which scripts and tests also call
 * directly, checks the same numbers with the same words.
 */

export const PROJECT_NAME_MAX = 200;
export const PROJECT_THEME_MAX = 100;
export const PROJECT_FPS = { min: 1, max: 240 } as const;
/** Width and height of a project, in pixels. */
export const PROJECT_SIDE = { min: 16, max: 16384 } as const;

export const PROJECT_SORTS = ['updated', 'created', 'name'] as const;
export type ProjectSort = (typeof PROJECT_SORTS)[number];
export const ASSET_SORTS = ['name', 'date', 'size', 'duration', 'resolution', 'codec', 'type'] as const;
export type AssetSort = (typeof ASSET_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** One page of an asset search. */
export const ASSET_PAGE = { default: 100, max: 1000 } as const;

/** The words a refusal uses, the same from the gate and from the library. */
export const limitMessages = {
  projectName: `name must be at most ${PROJECT_NAME_MAX} characters`,
  fps: `fps must be between ${PROJECT_FPS.min} and ${PROJECT_FPS.max}`,
  side: (k: 'width' | 'height'): string => `${k} must be a whole number between ${PROJECT_SIDE.min} and ${PROJECT_SIDE.max}`,
  theme: 'theme must be a short string',
  projectSort: `sort must be ${PROJECT_SORTS.slice(0, -1).join(', ')} or ${PROJECT_SORTS[PROJECT_SORTS.length - 1]}`,
  assetSort: `sort must be ${ASSET_SORTS.slice(0, -1).join(', ')} or ${ASSET_SORTS[ASSET_SORTS.length - 1]}`,
  order: 'order must be asc or desc',
  assetLimit: `limit must be 1–${ASSET_PAGE.max}`,
} as const;

/** Whether `key` is one of `keys` — own entries only, so 'constructor' or 'toString' never match. */
export function isOneOf<K extends string>(keys: readonly K[], key: unknown): key is K {
  return typeof key === 'string' && (keys as readonly string[]).includes(key);
}
