/** The library.* channels: verify, repair, back up and describe the library and the host. */
import { z } from 'zod';
import type { Actor, BackupReport, GcReport, RepairReport, VerifyReport } from '../models.js';
import { absPath, noInput, returns } from './pieces.js';
import type { RemoteInfo } from './remote.js';

/** 'mcp': an agent over the Model Context Protocol (`reelvault mcp`, stdio); 'cli': the `reelvault` command. */
export type HostKind = 'desktop' | 'web' | 'mcp' | 'cli';

export interface LibraryInfo {
  libraryDir: string;
  actor: Actor;
  host: HostKind;
  version: string;
  /** The ffmpeg and ffprobe media work runs; null when this host runs no media work. */
  media: MediaToolInfo[] | null;
  /** The library's S3 bucket, outbox and cache (null: content is only in the library folder). */
  remote?: RemoteInfo | null;
  /** Where library.backup without a dir writes: a folder beside the library. */
  backupDir?: string;
  /** Whether this host can keep S3 keys (the desktop app, with a keychain); why not otherwise. */
  s3Keys?: { canKeep: boolean; why: string | null };
}

/** A build found and not used, and why (too old, not an FFmpeg tool). */
export interface RefusedTool {
  path: string;
  version: string | null;
  buildYear: number | null;
  reason: string;
}

/** Which ffmpeg or ffprobe runs, as `library info` and the status bar say. */
export interface MediaToolInfo {
  tool: 'ffmpeg' | 'ffprobe';
  /** The binary that runs; null when none may (media work then fails with the reason). */
  path: string | null;
  /** 'env': named by REELVAULT_FFMPEG / REELVAULT_FFPROBE; 'path': the first current build on PATH or in the usual folders. */
  source: 'env' | 'path' | null;
  /** As the binary prints it ('5.1.9-0+deb12u1'). */
  version: string | null;
  /** The year its source is from (the end of its copyright line). */
  buildYear: number | null;
  /** Why none runs, or why the one that runs is a risk (an old build forced by the env variable); null when all is well. */
  problem: string | null;
  /** What the user can do about the problem (install a current FFmpeg, change the variable). */
  remedy: string | null;
  refused: RefusedTool[];
}

export const libraryChannels = {
  /** Checks the database and the blob store; full re-hashes every blob; progress arrives as library.progress. */
  'library.verify': { input: z.strictObject({ full: z.boolean().optional() }), output: returns<VerifyReport>() },
  /** Removes content nothing references any more (after a grace period). */
  'library.gc': { input: noInput, output: returns<GcReport>() },
  /** Where the library is, who is asking and which host answers. */
  'library.info': { input: noInput, output: returns<LibraryInfo>() },
  /** Re-links stray content, quarantines damaged content, marks items whose content is gone; never deletes. */
  'library.repair': { input: z.strictObject({ full: z.boolean().optional() }), output: returns<RepairReport>() },
  /** Desktop only with a dir: an incremental backup of the library into that folder, safe while the app runs; without one, into the host's own backup folder beside the library (library.info's backupDir: how the browser backs up). Progress arrives as library.progress. */
  'library.backup': { input: z.strictObject({ dir: absPath.optional() }), output: returns<BackupReport>() },
} as const;
