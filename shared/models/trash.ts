/** What the trash lists. */
import type { AssetType } from './assets.js';

export interface TrashItem {
  kind: 'project' | 'asset' | 'render';
  id: string;
  name: string;
  deletedAt: string;
  /** Bytes it holds: an asset's or render's file; a project's renders plus its newest checkpoint. */
  size: number;
  /** A render's project. */
  project?: { id: string; name: string };
  /** An asset's type (video, image, …). */
  assetType?: AssetType;
  /** What goes and comes back with a project. */
  counts?: { checkpoints: number; renders: number };
}
