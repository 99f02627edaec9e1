/**
 * Rendering a checkpoint with Remotion and comparing renders frame by frame: the records the render
 * worker, the contract and the UI share.
 */
import type { JobState } from './models.js';

/** What Remotion can encode, and the file each gives. */
export const RENDER_CODECS = ['h264', 'h265', 'vp8', 'vp9', 'prores', 'gif'] as const;
export type RenderCodec = (typeof RENDER_CODECS)[number];
export const CODEC_EXTENSION: Record<RenderCodec, string> = { h264: 'mp4', h265: 'mp4', vp8: 'webm', vp9: 'webm', prores: 'mov', gif: 'gif' };

/** A composition as the project itself declares it (`remotion compositions`). */
export interface CompositionInfo {
  id: string;
  width: number;
  height: number;
  fps: number;
  durationInFrames: number;
}

/** Where a render job is; `detail` is what a person reads ("Rendering 12/30", "Installing dependencies"). */
export type RenderStage = 'queued' | 'preparing' | 'installing' | 'bundling' | 'rendering' | 'encoding' | 'storing' | 'comparing';

/** A render of one checkpoint, queued, running or finished, as renders.make and renders.jobs answer it. */
export interface RenderJob {
  /** The job id (the jobs panel and jobs.cancel know it too). */
  id: string;
  kind: 'render' | 'compare';
  projectId: string;
  checkpointId: string;
  composition: string | null;
  /** Null for a comparison job. */
  codec: RenderCodec | null;
  state: JobState;
  stage: RenderStage;
  /** 0..1 while running. */
  progress: number | null;
  detail: string | null;
  /** Frames done and in all, once Remotion says. */
  frames: { done: number; total: number } | null;
  error: string | null;
  /** The render it made, once stored. */
  renderId: string | null;
  /** The full log (npm, Remotion), kept after a failure; null until the job starts. */
  logFile: string | null;
  /** Something to know although it rendered (Remotion warned that its packages' versions differ). */
  warning: string | null;
  /** Set on a job that was queued or running when its process ended (quit, crash): failed without a result, not by its own fault. */
  interrupted?: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Scores of one frame pair: SSIM (1 = same picture) and PSNR in dB (null when the frames are identical: infinite). */
export interface FrameScore {
  ssim: number;
  psnr: number | null;
}

/** What comparing two renders found, frame by frame (ffmpeg's ssim and psnr filters). */
export interface FrameComparison {
  aRenderId: string;
  bRenderId: string;
  state: 'pending' | 'done' | 'failed';
  error: string | null;
  /** Frames compared (the shorter render's count) and each side's own count. */
  frames: number;
  framesA: number | null;
  framesB: number | null;
  fps: number | null;
  /** Every compared frame is the same picture and both have as many frames (or the files are the same bytes). */
  identical: boolean;
  /** Frames whose SSIM is below CHANGED_SSIM. */
  changedFrames: number;
  /** The lowest SSIM and the frame it is at; null with no frames. */
  worst: { frame: number; ssim: number } | null;
  /** Per-frame scores, index = frame number from 0; empty while pending. */
  scores: FrameScore[];
  createdAt: string | null;
}

/** Below this SSIM a frame counts as changed: encoder noise between equal pictures stays above it. */
export const CHANGED_SSIM = 0.999;
