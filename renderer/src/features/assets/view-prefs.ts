/** How the asset screen is shown (grid or list, tile size), remembered across sessions in localStorage. */

export type AssetView = 'grid' | 'list';
export type TileSize = 'small' | 'medium' | 'large';
export const TILE_SIZES: { key: TileSize; label: string }[] = [
  { key: 'small', label: 'Small' },
  { key: 'medium', label: 'Medium' },
  { key: 'large', label: 'Large' },
];
export const VIEW_KEY = 'reelvault.assets.view';
export const TILE_KEY = 'reelvault.assets.tileSize';

/** A remembered view preference; the default when storage is unavailable or holds something else. */
export function readPref<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const v = localStorage.getItem(key);
    return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
  } catch {
    return fallback;
  }
}
export function writePref(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or a full quota: the choice lasts for this session only.
  }
}

