import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { ReelvaultError } from '../../../shared/errors.js';
import type { RemoteConfig } from './remote-config.js';
import { environmentHasCredentials, type S3Credentials } from './credentials.js';

// The SDK is pinned (package.json) to a release that supports Node 20, so its notice that later
// releases will not is not the user's concern; it would print on every CLI run that touches a bucket.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface ClientTimeouts {
  /** Connecting (a server that is down, a network that is gone): never a hang. */
  connectMs: number;
  /** A connection that stops moving bytes. */
  idleMs: number;
}

export const DEFAULT_TIMEOUTS: ClientTimeouts = {
  connectMs: Number(process.env.REELVAULT_S3_CONNECT_TIMEOUT_MS) || 3000,
  idleMs: Number(process.env.REELVAULT_S3_IDLE_TIMEOUT_MS) || 30_000,
};

const QUIET = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

const NO_CREDENTIALS = 'no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with the shared config files (~/.aws/credentials); in the desktop app, enter the keys in Settings › Bucket';

/**
 * An S3 client for any S3-compatible store: path-style or virtual-host addressing as configured,
 * timeouts on connect and on idle connections, checksums only where an operation requires them (some
 * stores reject the SDK's newer default trailers), and Content-MD5 on DeleteObjects, which several
 * stores (Swift's s3api, older Ceph) require and the SDK no longer sends. Keys a host keeps (the
 * desktop app's, credentials.ts) are used when given; otherwise the SDK's own chain reads the
 * environment — never the catalog.
 */
export function createS3Client(c: RemoteConfig, timeouts: ClientTimeouts = DEFAULT_TIMEOUTS, credentials: S3Credentials | null = null): S3Client {
  const client = new S3Client({
    region: c.region,
    ...(c.endpoint ? { endpoint: c.endpoint } : {}),
    forcePathStyle: c.pathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    // Quiet: the SDK otherwise writes to the console when a streamed upload fails (which the outbox
    // retries); failures reach the user through the outbox's own messages.
    logger: QUIET,
    requestHandler: {
      connectionTimeout: timeouts.connectMs,
      socketTimeout: timeouts.idleMs,
      httpAgent: { keepAlive: true, maxSockets: 32 },
      httpsAgent: { keepAlive: true, maxSockets: 32 },
    },
    // With no source at all, the SDK's chain would end by asking a cloud instance-metadata service,
    // which on a laptop means a wait and an error that names none of the places a user can fix.
    ...(credentials
      ? { credentials: { ...credentials } }
      : environmentHasCredentials()
        ? {}
        : { credentials: () => Promise.reject(new ReelvaultError('FORBIDDEN', NO_CREDENTIALS)) }),
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const req = args.request as { headers?: Record<string, string>; body?: unknown };
      if (context.commandName === 'DeleteObjectsCommand' && req.headers && typeof req.body === 'string') {
        req.headers['content-md5'] = createHash('md5').update(req.body).digest('base64');
      }
      return next(args);
    },
    { step: 'build', name: 'reelvaultDeleteObjectsMd5', priority: 'low' },
  );
  return client;
}

/** Network failures: the store cannot be reached at all (as opposed to answering with an error). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED', 'ESOCKETTIMEDOUT']);

export function isNetworkError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: string; name?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown; errno?: string };
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if (e.errno && NETWORK_CODES.has(e.errno)) return true;
  if (e.name === 'TimeoutError' || e.name === 'RequestTimeout' || e.name === 'AbortError') return e.$metadata?.httpStatusCode === undefined;
  return e.cause ? isNetworkError(e.cause) : false;
}

export function httpStatusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/** The store answered "no such key". */
export function isNotFound(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return httpStatusOf(err) === 404 || name === 'NotFound' || name === 'NoSuchKey';
}

/**
 * A failure worth retrying later (the outbox backs off): the network, a timeout, or the store saying
 * it is busy or broken (5xx, 429). A 4xx other than those means a request that will keep failing.
 */
export function isTransient(err: unknown): boolean {
  if (isNetworkError(err)) return true;
  const status = httpStatusOf(err);
  return status === undefined || status >= 500 || status === 429 || status === 408;
}

/** Words for a person; never the request, its headers or its signature. */
export function describeS3Error(err: unknown): string {
  if (isNetworkError(err)) {
    const e = err as { code?: string; message?: string };
    return `the bucket cannot be reached (${e.code ?? e.message ?? 'network'})`;
  }
  const e = err as { name?: string; message?: string };
  const status = httpStatusOf(err);
  return `${e.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? String(err)}`;
}
