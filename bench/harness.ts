/** What every case gets: sizes for this mode, a scratch folder, the peers found, and a logger. */
import type { Actor } from '../shared/models.js';
import type { Peers } from './proc.js';

export interface Sizes {
  bigFile: number;
  hugeFile: number;
  treeFiles: number;
  treeFileSize: number;
  changedFiles: number;
  diffFiles: number;
  diffChanged: number;
  bulkAssets: number;
  searchAssets: number;
  smallLibraryAssets: number;
  rangeRequests: number;
  /** Timed runs after the warm-up, per kind of case. */
  runsHeavy: number;
  runsLight: number;
  queryRepeats: number;
}

export const FULL: Sizes = {
  bigFile: 2 * 1024 ** 3,
  hugeFile: 4 * 1024 ** 3,
  treeFiles: 10_000,
  treeFileSize: 100 * 1024,
  changedFiles: 100,
  diffFiles: 100_000,
  diffChanged: 100,
  bulkAssets: 100_000,
  searchAssets: 1_000_000,
  smallLibraryAssets: 1_000,
  rangeRequests: 200,
  runsHeavy: 3,
  runsLight: 7,
  queryRepeats: 20,
};

/** Small enough for CI: checks that every case runs, not that any goal is met. */
export const QUICK: Sizes = {
  bigFile: 32 * 1024 ** 2,
  hugeFile: 64 * 1024 ** 2,
  treeFiles: 200,
  treeFileSize: 16 * 1024,
  changedFiles: 2,
  diffFiles: 1_000,
  diffChanged: 10,
  bulkAssets: 2_000,
  searchAssets: 10_000,
  smallLibraryAssets: 1_000,
  rangeRequests: 20,
  runsHeavy: 1,
  runsLight: 2,
  queryRepeats: 3,
};

export interface Bench {
  quick: boolean;
  sizes: Sizes;
  /** Scratch root for this run (under the OS temp folder), removed at the end. */
  work: string;
  /** The repository root, to find dist/. */
  repo: string;
  peers: Peers;
  actor: Actor;
  log(msg: string): void;
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ seconds: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - t0) / 1000, value };
}

/** Environment for restic: a password for the throwaway repositories and a cache inside the scratch folder. */
export function resticEnv(b: Bench): NodeJS.ProcessEnv {
  return { ...process.env, RESTIC_PASSWORD: 'reelvault-bench', RESTIC_CACHE_DIR: `${b.work}/restic-cache` };
}
