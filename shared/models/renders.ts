/** Rendered videos stored for a project. */
import type { MediaSummary } from './media.js';

export interface Render {
  id: string;
  projectId: string;
  checkpointId: string;
  name: string;
  sha256: string;
  format: string;
  width: number | null;
  height: number | null;
  fps: number | null;
  durationSeconds: number | null;
  codec: string | null;
  bitrateKbps: number | null;
  size: number;
  createdAt: string;
  deletedAt: string | null;
  media?: MediaSummary | null;
  /** The composition it was rendered from, when Reelvault rendered it (Remotion); null for added videos. */
  composition?: string | null;
}
