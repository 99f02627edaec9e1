/** The remote.* channels: the library's S3 bucket, its cache budget and what stays offline. */
import { z } from 'zod';
import { projectId, returns } from './pieces.js';

/** Bytes of a cache budget (null: the default, half of the free disk). */
const budgetBytes = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable();
/** Keys typed into the desktop app's settings: kept encrypted by the host, never echoed back. */
const s3KeyPair = {
  accessKeyId: z.string().trim().min(1).max(256).optional(),
  secretAccessKey: z.string().min(1).max(1024).optional(),
};

/** A library with a bucket, as the status bar and library settings show it. Never credentials. */
export interface RemoteInfo {
  url: string;
  endpoint: string | null;
  region: string;
  pathStyle: boolean;
  /** The background upload: idle, uploading, paused, or offline (the outbox waits and retries). */
  sync: 'idle' | 'uploading' | 'paused' | 'offline';
  outboxBlobs: number;
  outboxBytes: number;
  bytesPerSecond: number;
  lastError: string | null;
  confirmedBlobs: number;
  remoteOnlyBlobs: number;
  localBytes: number;
  budgetBytes: number;
  /** The budget is the default (half of the free disk), not a setting. */
  budgetIsDefault?: boolean;
  remoteOnlyBytes?: number;
  /** Where the keys come from: kept (encrypted) by the desktop app, the host's environment, or nowhere. */
  credentials?: 'app' | 'environment' | 'none';
  /** Projects marked "keep offline": their content is never evicted. */
  keepOffline?: string[];
}

export const remoteChannels = {
  // Again with the same bucket: a new endpoint, region or keys. Keys are accepted only by a host that
  // keeps them (the desktop app, encrypted with the OS keychain); the web host uses its environment's.
  /** Connects an S3 bucket (s3://bucket/prefix): checks it answers, claims the prefix, queues every stored file for upload. */
  'remote.connect': {
    input: z
      .strictObject({
        url: z.string().trim().min(8).max(1100),
        endpoint: z.string().trim().max(2048).nullable().optional(),
        region: z.string().trim().regex(/^[a-z0-9-]{1,64}$/, 'must be a region name such as us-east-1').nullable().optional(),
        pathStyle: z.boolean().optional(),
        cacheMaxBytes: budgetBytes.optional(),
        createBucket: z.boolean().optional(),
        ...s3KeyPair,
      })
      .refine((v) => !v.accessKeyId === !v.secretAccessKey, 'give both the access key and the secret key, or neither'),
    output: returns<RemoteInfo>(),
  },
  /** Sets how much content stays on this disk (null: half of the free space), then evicts down to it. */
  'remote.setCacheBudget': { input: z.strictObject({ bytes: budgetBytes }), output: returns<RemoteInfo>() },
  /** Marks a project "keep offline" (its content is never evicted), or clears the mark. */
  'remote.keepOffline': { input: z.strictObject({ projectId, keep: z.boolean() }), output: returns<RemoteInfo | null>() },
} as const;
