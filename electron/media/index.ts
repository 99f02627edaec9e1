// The media layer's public surface; other layers import from here, not from the files.
export { describeTool, mediaTools, problemLine, resolveBinary, resolveFfmpeg, resolveFfprobe, ENV_VARS, type MediaTool, type ResolvedBinary } from './binaries.js';
export { parseToolVersion, staleReason, MAX_BUILD_AGE_YEARS, type ToolVersion } from './tool-version.js';
export { runTool, DEFAULT_MAX_OUTPUT_BYTES, type RunToolOptions, type RunToolResult } from './run-tool.js';
export { demuxerFor, DEFAULT_TOOL_TIMEOUT_MS } from './ff-command.js';
export { MediaError, reasonOf } from './media-error.js';
export { probeMedia, type ProbeOptions } from './probe.js';
export type { MediaKind, MediaProbe } from './probe-result.js';
export { makePoster, makeImageThumb, posterTime, GRID_WIDTH, DETAIL_WIDTH, THUMB_WIDTHS, type PosterOptions, type ImageThumbOptions, type StillResult } from './posters.js';
export type { StillFormat } from './atomic-output.js';
export { makeFilmstrip, filmstripTimes, MAX_FILMSTRIP_FRAMES, type FilmstripOptions, type FilmstripResult } from './filmstrip.js';
export { makeWaveform, type WaveformOptions, type WaveformResult } from './waveform.js';
export { JobQueue, defaultConcurrency, DEFAULT_JOB_TIMEOUT_MS, type JobQueueOptions } from './job-queue.js';
export type { AddJobOptions, JobContext, JobCounts, JobEvent, JobHandler, JobRecord, JobState, JobStore } from './job-types.js';
export { JsonJobStore } from './json-job-store.js';
export { startMediaWorker, FILMSTRIP_FRAMES, FILMSTRIP_TILE_WIDTH, type MediaWorker, type MediaWorkerOptions } from './media-worker.js';
export { compareVideos, parseFrameStats, FRAME_DIFF_TIMEOUT_MS, type FrameDiffOptions, type FrameDiffResult } from './frame-diff.js';
