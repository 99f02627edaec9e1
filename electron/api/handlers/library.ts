import path from 'node:path';
import { APP_VERSION } from '../../../shared/version.js';
import type { LibraryProgressEvent } from '../../../shared/contract.js';
import type { ApiContext, DomainHandlers } from '../handler-types.js';
import { remoteInfo } from './remote.js';
import { requirePaths } from './host-capabilities.js';

export function trashHandlers(c: ApiContext): DomainHandlers<'trash'> {
  const s = c.storage;
  return {
    'trash.list': () => s.trash.list(c.actor),
    'trash.restore': ({ ids }) => {
      s.trash.restore(c.actor, ids);
      return null;
    },
    'trash.empty': ({ ids }) => s.trash.empty(c.actor, ids),
  };
}

/** The host's own backup folder: beside the library, never in it ("Reelvault" → "Reelvault backup"). */
export function defaultBackupDir(libraryDir: string): string {
  const resolved = path.resolve(libraryDir);
  return path.join(path.dirname(resolved), `${path.basename(resolved)} backup`);
}

/** Progress events at most every 100 ms (a verify of 100,000 blobs would otherwise send 100,000). */
function progress(c: ApiContext, task: LibraryProgressEvent['task']) {
  let last = 0;
  c.events.emit('library.progress', { task, done: 0, total: 0, finished: false });
  return {
    step(done: number, total: number) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      c.events.emit('library.progress', { task, done, total, finished: false });
    },
    finish(done = 0, total = 0) {
      c.events.emit('library.progress', { task, done, total, finished: true });
    },
  };
}

export function libraryHandlers(c: ApiContext): DomainHandlers<'library'> {
  const s = c.storage;
  return {
    'library.verify': async ({ full }) => {
      const p = progress(c, 'verify');
      try {
        const report = await s.verify({ full: !!full, onProgress: p.step });
        p.finish(report.checkedBlobs, report.checkedBlobs);
        return report;
      } catch (err) {
        p.finish();
        throw err;
      }
    },
    'library.gc': () => s.gc(),
    'library.info': async () => ({ libraryDir: c.libraryDir, actor: { ...c.actor }, host: c.host, version: APP_VERSION, media: c.jobs?.tools ? await c.jobs.tools() : null, remote: remoteInfo(c), backupDir: defaultBackupDir(c.libraryDir), s3Keys: s3Keys(c) }),
    'library.repair': async ({ full }) => {
      const p = progress(c, 'repair');
      try {
        return await s.repair({ full: !!full });
      } finally {
        p.finish();
      }
    },
    'library.backup': async ({ dir }) => {
      // A folder the caller names is a path on this machine; the host's own backup folder is not.
      if (dir !== undefined) requirePaths(c, 'Backing up into a folder you name');
      const p = progress(c, 'backup');
      try {
        const report = await s.backup(dir ?? defaultBackupDir(c.libraryDir), p.step);
        p.finish(report.blobsCopied + report.blobsSkipped, report.blobsCopied + report.blobsSkipped);
        return report;
      } catch (err) {
        p.finish();
        throw err;
      }
    },
  };
}

/** Whether this host can keep S3 keys typed into the settings (the desktop app with a keychain). */
function s3Keys(c: ApiContext): { canKeep: boolean; why: string | null } {
  const why = c.storage.ctx.credentials.whyCannotSave();
  return { canKeep: why === null, why };
}
