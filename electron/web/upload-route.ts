import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Api } from '../api/index.js';
import { refuse, sendEnvelope } from './http-util.js';

/** Uploads above this are refused (override with `maxUploadBytes`); a library is not a dump for anything. */
export const DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 ** 3;

class TooLarge extends Error {}

/**
 * POST /upload?name=…&projectId=…&tags=a,b&importId=… (an asset) or POST /upload/render?projectId=…
 * &name=…&checkpointId=… (a render) with the raw file as the body. The bytes go straight from the
 * socket to the blob store's temp file; if the client goes away, or the size limit is passed, the
 * stream fails and the temp file is removed.
 */
export async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL, api: Api, maxBytes: number, kind: 'asset' | 'render' = 'asset'): Promise<void> {
  const declared = req.headers['content-length'] !== undefined ? Number(req.headers['content-length']) : null;
  if (declared !== null && (!Number.isFinite(declared) || declared > maxBytes)) {
    refuse(res, 413, 'INVALID_INPUT', `uploads are limited to ${maxBytes} bytes`, { Connection: 'close' });
    req.resume();
    return;
  }
  let seen = 0;
  async function* limited(): AsyncGenerator<Uint8Array> {
    for await (const chunk of req) {
      seen += (chunk as Buffer).length;
      if (seen > maxBytes) throw new TooLarge();
      yield chunk as Buffer;
    }
  }
  const upload = { query: Object.fromEntries(url.searchParams), body: limited(), size: declared, abort: () => req.destroy() };
  const result = kind === 'render' ? await api.renderUpload(upload) : await api.importUpload(upload);
  if (seen > maxBytes) return refuse(res, 413, 'INVALID_INPUT', `uploads are limited to ${maxBytes} bytes`, { Connection: 'close' });
  if (!res.destroyed) sendEnvelope(res, result);
}
