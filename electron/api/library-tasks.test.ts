/** Verify, repair and backup as the Library screen runs them: progress events, and a browser's backup into the host's own folder. */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LibraryInfo, LibraryProgressEvent } from '../../shared/contract.js';
import type { BackupReport, VerifyReport } from '../../shared/models.js';
import { tempLibrary } from '../storage/test-support/fixtures.js';
import { createApi, type Api } from './index.js';
import { defaultBackupDir } from './handlers/library.js';

describe('library tasks from the web host', () => {
  let lib: ReturnType<typeof tempLibrary>;
  let api: Api;
  const progress: LibraryProgressEvent[] = [];
  const value = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await api.dispatch(channel, input);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  beforeEach(async () => {
    progress.length = 0;
    lib = tempLibrary();
    api = createApi({ storage: lib.lib, host: 'web', libraryDir: lib.dir, actor: { userId: 'u', sessionId: 's' } });
    api.events.on((e, p) => { if (e === 'library.progress') progress.push(p as LibraryProgressEvent); });
    for (let i = 0; i < 3; i++) await lib.lib.assets.importStream({ userId: 'u', sessionId: 's' }, `a${i}.bin`, Readable.from([Buffer.from(`content ${i}`)]));
  });
  afterEach(() => {
    api.close();
    rmSync(defaultBackupDir(lib.dir), { recursive: true, force: true });
    lib.cleanup();
  });

  it('verify reports progress and ends with a finished event', async () => {
    const r = await value<VerifyReport>('library.verify', { full: true });
    expect(r).toMatchObject({ ok: true, checkedBlobs: 3, full: true });
    expect(progress[0]).toMatchObject({ task: 'verify', finished: false });
    expect(progress.at(-1)).toEqual({ task: 'verify', done: 3, total: 3, finished: true });
  });

  it('backup without a dir goes into the folder beside the library that library.info names; again, it copies nothing new', async () => {
    const info = await value<LibraryInfo>('library.info', {});
    expect(info.backupDir).toBe(path.join(path.dirname(path.resolve(lib.dir)), `${path.basename(lib.dir)} backup`));
    const first = await value<BackupReport>('library.backup', {});
    expect(first).toMatchObject({ dir: info.backupDir, blobsCopied: 3 });
    expect(existsSync(path.join(info.backupDir!, 'library.db'))).toBe(true);
    expect(progress.filter((p) => p.task === 'backup').at(-1)).toMatchObject({ finished: true });
    const again = await value<BackupReport>('library.backup', {});
    expect(again).toMatchObject({ blobsCopied: 0, blobsSkipped: 3 });
  });

  it('a folder named by the browser is refused (a path on this machine); repair runs and finishes', async () => {
    const r = await api.dispatch('library.backup', { dir: '/tmp/somewhere' });
    expect(r.ok ? 'ok' : r.error.code).toBe('FORBIDDEN');
    await value('library.repair', {});
    expect(progress.filter((p) => p.task === 'repair').map((p) => p.finished)).toEqual([false, true]);
  });
});
