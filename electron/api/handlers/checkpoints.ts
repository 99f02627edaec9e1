import { notFound } from '../../../shared/errors.js';
import { formatBytes } from '../../../shared/format-bytes.js';
import { normalizeRelPath } from '../../storage/index.js';
import type { ApiContext, DomainHandlers } from '../handler-types.js';
import { readTextCapped } from '../text-read.js';

export function checkpointHandlers(c: ApiContext): DomainHandlers<'checkpoints'> {
  const s = c.storage;
  return {
    'checkpoints.create': ({ projectId, name, description }, call) => {
      const onProgress = call.onProgress;
      // A big tree's first checkpoint reads every file: the caller hears files looked at and read (no total: the walk finds it).
      return s.checkpoints.create(c.actor, projectId, { name, description }, onProgress ? {
        onProgress: (p) => onProgress({ progress: p.filesSeen + p.filesRead, total: null, message: `Checked ${p.filesSeen} files, read ${p.filesRead} new or changed (${formatBytes(p.bytesRead)})` }),
      } : {});
    },
    'checkpoints.list': ({ projectId }) => s.checkpoints.list(c.actor, projectId),
    'checkpoints.get': ({ id }) => s.checkpoints.get(c.actor, id),
    'checkpoints.readText': ({ id, path, maxBytes }) => {
      const rel = normalizeRelPath(path);
      const entry = s.checkpoints.get(c.actor, id).entries.find((e) => e.path === rel);
      if (!entry || entry.kind !== 'file' || !entry.sha256) throw notFound(`file ${rel} in checkpoint ${id}`);
      return readTextCapped(s.ctx.blobs.read(entry.sha256), entry.path, entry.size, maxBytes);
    },
    'checkpoints.diff': ({ projectId, a, b, content }) => s.checkpoints.diff(c.actor, projectId, a, b, { content: content ?? true }),
    'checkpoints.restore': ({ id }) => s.checkpoints.restore(c.actor, id),
    'checkpoints.delete': ({ id }) => {
      s.checkpoints.delete(c.actor, id);
      return null;
    },
  };
}
