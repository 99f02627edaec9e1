import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forbidden } from '../../../shared/errors.js';
import type { RemoteConfig } from './remote-config.js';

/** An access key pair for one bucket. Held in memory only while a client is made from it. */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Which bucket a key pair is for: the store (endpoint), the bucket and the prefix. */
export type CredentialTarget = Pick<RemoteConfig, 'endpoint' | 'bucket' | 'prefix'>;

/** Where a key pair came from, as the settings screen says it (never the keys themselves). */
export type CredentialSource = 'app' | 'environment' | 'none';

/**
 * Where the storage layer gets S3 keys: injected by the host that opens the library, never read
 * from the catalog. The CLI and the web host use the environment (AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, AWS_PROFILE and the shared config files); the desktop app adds the keys it
 * keeps encrypted with Electron's safeStorage (electron/main/credential-store.ts) and falls back to
 * the environment for buckets it holds no keys for.
 */
export interface CredentialProvider {
  /** Keys kept for this bucket, or null: the environment's (the SDK's own chain) are used. */
  get(target: CredentialTarget): S3Credentials | null;
  /** Null when this provider can keep keys; else why not, in words for the user. */
  whyCannotSave(): string | null;
  /** Keeps keys for this bucket (called only after the bucket accepted them). */
  save(target: CredentialTarget, credentials: S3Credentials): void | Promise<void>;
}

const ENV_ONLY =
  'this host takes S3 keys only from its environment: start it with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) set; the desktop app can keep keys itself';

/** The CLI's and the web host's provider: the environment only, nothing kept. */
export const environmentCredentials: CredentialProvider = {
  get: () => null,
  whyCannotSave: () => ENV_ONLY,
  save: () => {
    throw forbidden(ENV_ONLY);
  },
};

/**
 * Whether the environment offers any credentials, in the SDK's own order: AWS_ACCESS_KEY_ID with
 * AWS_SECRET_ACCESS_KEY, then AWS_PROFILE (or the default profile) in the shared config files.
 */
export function environmentHasCredentials(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return true;
  if (env.AWS_PROFILE) return true;
  const home = os.homedir();
  const files = [env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, '.aws', 'credentials'), env.AWS_CONFIG_FILE ?? path.join(home, '.aws', 'config')];
  return files.some((f) => existsSync(f));
}

/**
 * The keys a provider keeps for this bucket, or null. Never throws: keys that cannot be read (a file
 * another user's keyring encrypted, a damaged file) count as none kept, so a library still opens and
 * its bucket's errors then say which keys are missing.
 */
export function keptCredentials(provider: CredentialProvider, target: CredentialTarget): S3Credentials | null {
  try {
    return provider.get(target);
  } catch {
    return null;
  }
}

/** Where this bucket's keys would come from now. */
export function credentialSource(provider: CredentialProvider, target: CredentialTarget): CredentialSource {
  if (keptCredentials(provider, target)) return 'app';
  return environmentHasCredentials() ? 'environment' : 'none';
}

/** The key a provider files a bucket's keys under: endpoint, bucket and prefix, as the user typed them. */
export function credentialKey(t: CredentialTarget): string {
  return `${t.endpoint ?? 'aws'} s3://${t.bucket}${t.prefix ? `/${t.prefix}` : ''}`;
}
