// Rendering checkpoints with Remotion: the render layer's public surface.
export { startRenderWorker, RENDER_TIMEOUT_MS, type MakeRenderInput, type RenderWorker, type RenderWorkerOptions } from './render-worker.js';
export { findBrowser, nodeCommand, npmCommand, renderCacheDir, type BrowserChoice } from './render-tools.js';
export { depsKey, ensureDependencies, type DepsOptions, type DepsResult } from './deps-cache.js';
export { pruneDepsCache, pruneLimits, type PruneLimits, type PruneReport } from './deps-cache-prune.js';
export { listCompositions, remotionCli, renderComposition } from './remotion-cli.js';
export { parseCompositions, parseRemotionLine, VERSION_MISMATCH, type RemotionEvent } from './remotion-output.js';
export { summarise } from './comparison-summary.js';
