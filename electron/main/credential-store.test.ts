/**
 * The desktop app's S3 key store. Electron cannot run here, so safeStorage is a STAND-IN: a fake
 * keychain that "encrypts" with AES under a key of its own and records what it was asked — enough
 * to show what the store writes (only ciphertext, mode 0600), what it refuses (Linux without a
 * keyring, where real safeStorage would fall back to a publicly known key), and that a file another
 * keychain wrote is skipped and kept, never a failure to start. The real safeStorage is used by
 * electron/main/index.ts only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../storage/test-support/fixtures.js';
import { openCredentialStore, type SafeStorageLike } from './credential-store.js';

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

/** A stand-in keychain: AES-256-GCM under its own random key (a second instance cannot read the first's). */
function fakeSafeStorage(opts: { available?: boolean; backend?: Backend; rotate?: boolean } = {}) {
  const key = randomBytes(32);
  const calls = { encrypt: 0, decrypt: 0 };
  const safe: SafeStorageLike = {
    isAsyncEncryptionAvailable: () => Promise.resolve(opts.available ?? true),
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
    encryptStringAsync(text: string) {
      calls.encrypt++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Promise.resolve(Buffer.concat([iv, c.getAuthTag(), body]));
    },
    decryptStringAsync(buf: Buffer) {
      calls.decrypt++;
      const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      const result = Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
      return Promise.resolve({ result, shouldReEncrypt: !!opts.rotate });
    },
  };
  return { safe, calls };
}

const target = { endpoint: 'http://127.0.0.1:7480', bucket: 'studio-vault', prefix: 'launch' };
const keys = { accessKeyId: 'AKIAEXAMPLEKEY0001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

let d: ReturnType<typeof tempDir>;
let file: string;
beforeEach(() => {
  d = tempDir('keys');
  file = path.join(d.dir, 'userData', 's3-keys.json');
});
afterEach(() => d.cleanup());

describe('the desktop S3 key store (safeStorage stand-in)', () => {
  it('keeps keys per bucket, encrypted: the file holds no key in clear, is the user’s alone, and reads back after a restart', async () => {
    const { safe } = fakeSafeStorage();
    const store = await openCredentialStore(file, safe, 'linux');
    expect(store.whyCannotSave()).toBeNull();
    expect(store.get(target)).toBeNull();
    await store.save(target, keys);
    expect(store.get(target)).toEqual(keys);
    // Another prefix or another endpoint is another bucket: no keys for it.
    expect(store.get({ ...target, prefix: 'other' })).toBeNull();
    expect(store.get({ ...target, endpoint: null })).toBeNull();

    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(keys.accessKeyId);
    expect(text).not.toContain(keys.secretAccessKey);
    expect(JSON.parse(text)).toMatchObject({ format: 'reelvault-s3-keys', version: 1, keys: { 'http://127.0.0.1:7480 s3://studio-vault/launch': expect.any(String) } });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);

    const again = await openCredentialStore(file, safe, 'linux');
    expect(again.size).toBe(1);
    expect(again.get(target)).toEqual(keys);
  });

  it('replaces a bucket’s keys when new ones are saved', async () => {
    const { safe } = fakeSafeStorage();
    const store = await openCredentialStore(file, safe, 'darwin');
    await store.save(target, keys);
    await store.save(target, { accessKeyId: 'AKIANEW', secretAccessKey: 'new-secret' });
    expect((await openCredentialStore(file, safe, 'darwin')).get(target)).toEqual({ accessKeyId: 'AKIANEW', secretAccessKey: 'new-secret' });
  });

  it('refuses to keep keys on Linux without a keyring (safeStorage’s plain-text fallback) and where no encryption is available', async () => {
    for (const [safe, platform] of [
      [fakeSafeStorage({ backend: 'basic_text' }).safe, 'linux'],
      [fakeSafeStorage({ available: false }).safe, 'linux'],
      [fakeSafeStorage({ available: false }).safe, 'win32'],
    ] as const) {
      const store = await openCredentialStore(file, safe, platform);
      expect(store.whyCannotSave()).toMatch(/AWS_ACCESS_KEY_ID/);
      await expect(store.save(target, keys)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(() => readFileSync(file)).toThrow();
    }
  });

  it('skips entries another keychain wrote (and keeps them in the file) and a damaged file, never failing to open', async () => {
    const first = fakeSafeStorage();
    await (await openCredentialStore(file, first.safe, 'linux')).save(target, keys);
    const other = fakeSafeStorage();
    const store = await openCredentialStore(file, other.safe, 'linux');
    expect(store.get(target)).toBeNull();
    expect(store.unreadable).toBe(1);
    const second = { ...target, bucket: 'second-bucket' };
    await store.save(second, keys);
    const written = JSON.parse(readFileSync(file, 'utf8')) as { keys: Record<string, string> };
    expect(Object.keys(written.keys).sort()).toEqual(['http://127.0.0.1:7480 s3://second-bucket/launch', 'http://127.0.0.1:7480 s3://studio-vault/launch']);
    // The first keychain still opens its own entry.
    expect((await openCredentialStore(file, first.safe, 'linux')).get(target)).toEqual(keys);

    writeFileSync(file, '{ damaged');
    const fresh = await openCredentialStore(file, first.safe, 'linux');
    expect(fresh.size).toBe(0);
    expect(fresh.get(target)).toBeNull();
  });

  it('writes the entries again when the keychain rotated its key', async () => {
    const { safe } = fakeSafeStorage();
    await (await openCredentialStore(file, safe, 'darwin')).save(target, keys);
    const before = readFileSync(file, 'utf8');
    const rotating = { ...safe, decryptStringAsync: async (b: Buffer) => ({ ...(await safe.decryptStringAsync(b)), shouldReEncrypt: true }) };
    const store = await openCredentialStore(file, rotating, 'darwin');
    expect(store.get(target)).toEqual(keys);
    expect(readFileSync(file, 'utf8')).not.toBe(before);
  });
});
