import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { forbidden } from '../../shared/errors.js';
import { credentialKey, type CredentialProvider, type CredentialTarget, type S3Credentials } from '../storage/index.js';

/** The part of Electron's safeStorage this store uses, so a test can hand it a stand-in (Electron cannot run in CI). */
export type SafeStorageLike = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

/** What the file holds: per bucket, the keys encrypted by the OS's keychain (base64). */
interface KeyFile {
  format: 'reelvault-s3-keys';
  version: 1;
  keys: Record<string, string>;
}

export interface CredentialStore extends CredentialProvider {
  /** How many buckets' keys are kept (for the log; never the keys). */
  readonly size: number;
  /** Entries that could not be decrypted (another user's keychain, a damaged file): skipped. */
  readonly unreadable: number;
}

const NO_KEYCHAIN_LINUX =
  'no keyring is available to encrypt the S3 keys (Electron would store them as plain text): start a keyring (GNOME Keyring, KWallet), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in the environment before starting Reelvault';
const NO_KEYCHAIN = 'the system keychain cannot encrypt the S3 keys here: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in the environment before starting Reelvault';

function isCredentials(v: unknown): v is S3Credentials {
  const c = v as Partial<S3Credentials> | null;
  return !!c && typeof c.accessKeyId === 'string' && typeof c.secretAccessKey === 'string' && (c.sessionToken === undefined || typeof c.sessionToken === 'string');
}

/**
 * The desktop app's S3 keys, kept in one file in userData, each bucket's pair encrypted with
 * Electron's safeStorage (the OS keychain: Keychain, DPAPI, libsecret/KWallet) — never in the
 * catalog, the log or the UI. Decrypted once when the app starts (into this process's memory only,
 * where the S3 client needs them anyway); written atomically (temp, fsync, rename), readable by the
 * user alone. On Linux without a keyring safeStorage would fall back to a fixed, publicly known key:
 * then nothing is stored and the user is told to use the environment instead.
 */
export async function openCredentialStore(file: string, safe: SafeStorageLike, platform: NodeJS.Platform = process.platform): Promise<CredentialStore> {
  let available = false;
  try {
    available = await safe.isAsyncEncryptionAvailable();
  } catch {
    available = false;
  }
  const plainText = platform === 'linux' && available && safe.getSelectedStorageBackend() === 'basic_text';
  const why = !available ? (platform === 'linux' ? NO_KEYCHAIN_LINUX : NO_KEYCHAIN) : plainText ? NO_KEYCHAIN_LINUX : null;

  const stored = readKeyFile(file);
  const kept = new Map<string, S3Credentials>();
  let unreadable = 0;
  let rotate = false;
  if (available) {
    for (const [key, b64] of Object.entries(stored.keys)) {
      try {
        const { result, shouldReEncrypt } = await safe.decryptStringAsync(Buffer.from(b64, 'base64'));
        const parsed: unknown = JSON.parse(result);
        if (!isCredentials(parsed)) throw new Error('not a key pair');
        kept.set(key, parsed);
        if (shouldReEncrypt) rotate = true;
      } catch {
        unreadable++;
      }
    }
  } else {
    unreadable = Object.keys(stored.keys).length;
  }

  const write = async (): Promise<void> => {
    const keys: Record<string, string> = {};
    // Entries this process could not read stay as they were: another keychain may still open them.
    for (const [key, b64] of Object.entries(stored.keys)) if (!kept.has(key)) keys[key] = b64;
    for (const [key, c] of kept) keys[key] = (await safe.encryptStringAsync(JSON.stringify(c))).toString('base64');
    const next: KeyFile = { format: 'reelvault-s3-keys', version: 1, keys };
    writeAtomically(file, JSON.stringify(next, null, 1));
    stored.keys = keys;
  };
  // The keychain rotated its key: the entries are written again under the new one.
  if (rotate && !why) await write().catch(() => undefined);

  return {
    get size() {
      return kept.size;
    },
    get unreadable() {
      return unreadable;
    },
    get: (target: CredentialTarget) => kept.get(credentialKey(target)) ?? null,
    whyCannotSave: () => why,
    async save(target: CredentialTarget, credentials: S3Credentials) {
      if (why) throw forbidden(why);
      const key = credentialKey(target);
      const before = kept.get(key);
      kept.set(key, { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}) });
      try {
        await write();
      } catch (err) {
        if (before) kept.set(key, before);
        else kept.delete(key);
        throw err;
      }
    },
  };
}

function readKeyFile(file: string): KeyFile {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<KeyFile> | null;
    if (raw && raw.format === 'reelvault-s3-keys' && raw.keys && typeof raw.keys === 'object') {
      const keys: Record<string, string> = {};
      for (const [k, v] of Object.entries(raw.keys)) if (typeof v === 'string') keys[k] = v;
      return { format: 'reelvault-s3-keys', version: 1, keys };
    }
  } catch {
    // Missing (no keys kept yet) or damaged: start empty; a damaged file is replaced at the next save.
  }
  return { format: 'reelvault-s3-keys', version: 1, keys: {} };
}

/** Temp file (mode 0600), fsync, rename: a crash leaves the old file or the new one, never half of one. */
function writeAtomically(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, file);
}
