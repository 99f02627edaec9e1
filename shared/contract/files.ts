/** The files.* channels: a project's workspace, read and written inside its folder only. */
import { z } from 'zod';
import type { FileEntry } from '../models.js';
import { projectId, relPath, returns, TEXT_READ_MAX } from './pieces.js';

export interface TextContent {
  path: string;
  /** UTF-8 text of the first `maxBytes` bytes; empty when binary. */
  text: string;
  size: number;
  truncated: boolean;
  /** A NUL byte near the start: not text. */
  binary: boolean;
  /** SHA-256 of the file's bytes when all of it was read: pass it back as files.writeText's expectSha256. */
  sha256?: string;
}

export interface MediaRef {
  /** Use with the client's mediaUrl(sha256). */
  sha256: string;
  size: number;
  mime: string;
}

/** Whether the host now follows a workspace's disk edits (web and desktop hosts do), and its folder. */
export interface WatchState {
  watching: boolean;
  path: string;
}

export const fileChannels = {
  /** Lists a workspace folder ('' = root), sorted by path; recursive walks the subtree. */
  'files.list': {
    input: z.strictObject({ projectId, dir: relPath.optional(), recursive: z.boolean().optional() }),
    output: returns<FileEntry[]>(),
  },
  /** One workspace entry. */
  'files.stat': { input: z.strictObject({ projectId, path: relPath }), output: returns<FileEntry>() },
  /** The text of a workspace file, at most maxBytes (default 1 MiB) of it. */
  'files.readText': {
    input: z.strictObject({ projectId, path: relPath, maxBytes: z.number().int().min(1).max(TEXT_READ_MAX).optional() }),
    output: returns<TextContent>(),
  },
  /** Writes a text file atomically, creating folders on the way; with expectSha256 it refuses (CONFLICT) when the file on disk is no longer the one read. */
  'files.writeText': {
    input: z.strictObject({ projectId, path: relPath.min(1), text: z.string().max(TEXT_READ_MAX), expectSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256').optional() }),
    output: returns<FileEntry>(),
  },
  /** Creates a folder (and its parents). */
  'files.mkdir': { input: z.strictObject({ projectId, path: relPath.min(1) }), output: returns<FileEntry>() },
  /** Moves or renames inside the workspace; refuses to replace unless overwrite. */
  'files.move': {
    input: z.strictObject({ projectId, from: relPath.min(1), to: relPath.min(1), overwrite: z.boolean().optional() }),
    output: returns<FileEntry>(),
  },
  /** Deletes a file or a folder with its content. */
  'files.delete': { input: z.strictObject({ projectId, path: relPath.min(1) }), output: returns<null>() },
  /** Makes a workspace image or video viewable by URL: stores it in the blob store, answers its sha256. */
  'files.mediaRef': { input: z.strictObject({ projectId, path: relPath.min(1) }), output: returns<MediaRef>() },
  /** Follows a workspace on disk: edits made outside the app arrive as library.changed {kind:'files', paths}; the host watches the few workspaces opened last. */
  'files.watch': { input: z.strictObject({ projectId }), output: returns<WatchState>() },
} as const;
